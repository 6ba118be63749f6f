"""Bytes per keystroke over SSH: the desk's phone field against a bare Textual Input.

Starts throw-away sshds on loopback ports (tests/sshd.py, the lines README shows) whose
ForceCommand is, in turn, bench/bare_input.py (Textual's own Input: three rows with a border,
full width), the same with --one-line (one row, no border, as the desk draws its fields) and
the desk on a small demo database. `ssh -tt` connects to each from an 80x24 xterm-256color pty
through a relay that counts the bytes sshd sends the client. Once the screen has settled (the
desk: F2, the phone field focused) and 3 idle seconds are counted, it types --keys digits one at
a time, and after each reads until the field shows it and nothing more has come for 0.1 s: the
bytes the client wrote to its terminal for that key, and the bytes it received on the wire (SSH
packets: encryption, MAC, padding). The three alternate, --runs times. Budget: the desk's
median per key at most 1.2 x the bare Input's; exits 1 when over.

    python bench/ssh_bytes.py [--keys 30] [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import pwd
import select
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path

from benchlib import ROOT

from callcenter.i18n import t
from tests import sshd
from tests.sshd import F2, Terminal, focused_placeholder

BUDGET = 1.2  # the desk's bytes per key over the bare Input's
QUIET = 0.1  # seconds without output: the key's repaint is over
IDLE = 3.0  # seconds of idle output measured before typing (the call's clock ticks every second)
ESCAPE = b"\x1b"
DIGITS = "13812345678"


class CountingRelay(threading.Thread):
    """A loopback TCP relay for one connection to sshd, counting the bytes sent to the client."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.target = port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.to_client = 0
        self.start()

    def run(self) -> None:
        client, _ = self.listener.accept()
        server = socket.create_connection(("127.0.0.1", self.target))
        other = {client: server, server: client}
        for end in other:  # as ssh and sshd set for an interactive session: no waiting to fill a packet
            end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                ready, _, _ = select.select(list(other), [], [])
                for end in ready:
                    data = end.recv(65536)
                    if not data:
                        return
                    other[end].sendall(data)
                    if end is server:
                        self.to_client += len(data)
        except OSError:
            return
        finally:
            for end in (client, server, self.listener):
                end.close()


def measure(folder: Path, port: int, program, keys: str) -> dict:
    ready, leave = program
    relay = CountingRelay(port)
    terminal = Terminal(folder, relay.port, pwd.getpwuid(os.geteuid()).pw_name)
    try:
        ready(terminal)
        terminal.settle(1.0)
        screen, wire = terminal.received, relay.to_client
        terminal.read(IDLE)
        idle = ((terminal.received - screen) / IDLE, (relay.to_client - wire) / IDLE)
        per_key = []
        for typed in range(1, len(keys) + 1):
            screen, wire = terminal.received, relay.to_client
            terminal.keys(keys[typed - 1])
            terminal.wait(keys[max(0, typed - 8):typed])  # the field shows it (its end, if it scrolled)
            terminal.settle(QUIET, longest=2)
            per_key.append((terminal.received - screen, relay.to_client - wire))
        leave(terminal)
    finally:
        terminal.close()
    return {"screen": [s for s, _ in per_key], "wire": [w for _, w in per_key],
            "idle": {"screen": idle[0], "wire": idle[1]}}


def nothing(terminal: Terminal) -> None:
    pass


def bare_ready(terminal: Terminal) -> None:
    terminal.wait_for(focused_placeholder("type here"), seconds=40)


def desk_ready(terminal: Terminal) -> None:
    terminal.wait("F12", seconds=40)
    terminal.settle(1.0)  # the first page of today's contacts, the header counts
    terminal.keys(F2)
    terminal.wait_for(focused_placeholder(t("call.phone_hint")))


def desk_leave(terminal: Terminal) -> None:
    """Throw the typed call away: a call left open would come back as a draft at the next start."""
    terminal.keys(ESCAPE)
    terminal.wait(t("call.discard"))
    terminal.keys("y")
    terminal.wait("F12")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if sshd.MISSING:
        raise SystemExit(sshd.MISSING)
    keys = (DIGITS * (args.keys // len(DIGITS) + 1))[:args.keys]
    work = Path(tempfile.mkdtemp(prefix="ssh-bytes-"))
    database = work / "desk.db"
    subprocess.run([sys.executable, "-m", "callcenter", "demo", "--db", str(database), "--customers", "2000",
                    "--calls", "20000"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   env={**os.environ, "XDG_DATA_HOME": str(work / "data"), "XDG_STATE_HOME": str(work / "state")})
    bare = f"{sys.executable} {ROOT / 'bench' / 'bare_input.py'}"
    programs = {"bare": (bare, (bare_ready, nothing)), "one-line": (f"{bare} --one-line", (bare_ready, nothing)),
                "desk": (sshd.desk_command(database, work / "home"), (desk_ready, desk_leave))}
    runs = {name: [] for name in programs}
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)  # keys, logs and the database
        ports = {name: stack.enter_context(sshd.serving(work / f"ssh-{name}", command))
                 for name, (command, _) in programs.items()}
        for _ in range(args.runs):  # alternating, so machine noise hits all alike
            for name, (_, program) in programs.items():
                runs[name].append(measure(work / f"ssh-{name}", ports[name], program, keys))

    def median(name: str, what: str) -> float:
        return statistics.median(statistics.median(run[what]) for run in runs[name])

    def mean(name: str, what: str) -> float:
        return statistics.median(statistics.fmean(run[what]) for run in runs[name])

    def idle(name: str, what: str) -> float:
        return statistics.median(run["idle"][what] for run in runs[name])

    rows = [("terminal bytes per key (median)", median, "screen", True),
            ("wire bytes per key (median)", median, "wire", True),
            ("terminal bytes per key (mean)", mean, "screen", False),
            ("wire bytes per key (mean)", mean, "wire", False),
            ("terminal bytes per idle second", idle, "screen", False),
            ("wire bytes per idle second", idle, "wire", False)]
    print(f"{args.runs} runs of {args.keys} keys, medians of runs; budget: desk at most {BUDGET} x bare on the medians")
    print(f"{'measure':33} {'bare':>6} {'one-line':>8} {'desk':>6} {'desk/bare':>10} {'desk/one-line':>14}")
    failed = False
    for title, figure, what, budgeted in rows:
        bare_value, line_value, desk_value = (figure(name, what) for name in programs)
        ratios = [desk_value / value if value else float("inf") for value in (bare_value, line_value)]
        failed |= budgeted and ratios[0] > BUDGET
        print(f"{title:33} {bare_value:>6.0f} {line_value:>8.0f} {desk_value:>6.0f} {ratios[0]:>9.2f}x {ratios[1]:>13.2f}x")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
