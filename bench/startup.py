"""Time to first screen, peak memory, F2 latency and idle output of the desk, in a real pty.

Each run starts the program on an 80x24 pseudo-terminal and reads what it writes until the
screen's last line (the footer) is drawn. The bare Textual app is measured in the same run,
alternating with the desk, so machine noise hits both alike.

    python bench/startup.py [--runs 5]
"""
from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
F2 = b"\x1bOQ"  # what xterm sends for F2
# The desk as README's first command installs it, without the test extras: peewee imports psycopg
# whenever it is installed (70 ms and 5 MB of every start), and a desk on SQLite never uses it.
AS_INSTALLED = ("import runpy, sys; sys.modules['psycopg'] = sys.modules['psycopg2'] = None; "
                "runpy.run_module('callcenter', run_name='__main__')")
CTRL_Q = b"\x11"


def spawn(argv: list[str], env: dict) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def read_until(fd: int, marker: bytes, timeout: float, seen: bytearray) -> float | None:
    """Read into `seen` until `marker` shows; the moment it did, or None on timeout."""
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            seen.extend(chunk)
            if marker in seen:
                return time.perf_counter()
    return None


def drain(fd: int, seconds: float) -> int:
    """Bytes the program writes during `seconds` with no input."""
    count, end = 0, time.perf_counter() + seconds
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                count += len(os.read(fd, 65536))
            except OSError:
                break
    return count


def finish(pid: int, fd: int) -> int:
    """Quit with Ctrl+Q and return the child's peak RSS in MB."""
    os.write(fd, CTRL_Q)
    drain(fd, 0.3)
    deadline = time.time() + 5
    while time.time() < deadline:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            os.close(fd)
            return usage.ru_maxrss // 1024
        time.sleep(0.05)
    os.kill(pid, 9)
    _, _, usage = os.wait4(pid, 0)
    os.close(fd)
    return usage.ru_maxrss // 1024


def measure(argv, env, marker: bytes, *, desk: bool) -> dict:
    started = time.perf_counter()
    pid, fd = spawn(argv, env)
    seen = bytearray()
    shown = read_until(fd, marker, 20, seen)
    result = {"first_screen": (shown - started) if shown else float("nan")}
    if desk and shown:
        drain(fd, 1.0)  # let the first page and header counts arrive
        result["idle_bytes_5s"] = drain(fd, 5.0)
        seen.clear()
        pressed = time.perf_counter()
        os.write(fd, F2)
        call_shown = read_until(fd, "话术".encode(), 5, seen)
        result["f2_ms"] = (call_shown - pressed) * 1000 if call_shown else float("nan")
        os.write(fd, b"\x1b")  # leave the empty call
        drain(fd, 0.3)
    result["rss_mb"] = finish(pid, fd)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="desk-home-")
    env = {"HOME": home, "TERM": "xterm-256color", "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8"}
    database = Path(home) / "startup.db"
    subprocess.run([sys.executable, "-m", "callcenter", "demo", "--db", str(database),
                    "--customers", "2000", "--calls", "20000"], check=True, env={**os.environ, **env},
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    desk = [sys.executable, "-c", AS_INSTALLED, "--db", str(database), "--agent", "bench"]
    bare = [sys.executable, str(HERE / "bare_app.py")]
    env_desk = {**env, "PYTHONPATH": str(ROOT)}
    desk_runs, bare_runs = [], []
    for _ in range(args.runs):
        bare_runs.append(measure(bare, env_desk, b"READY", desk=False))
        desk_runs.append(measure(desk, env_desk, "F12".encode(), desk=True))

    def median(runs, key):
        return statistics.median(run[key] for run in runs)

    bare_first, desk_first = median(bare_runs, "first_screen"), median(desk_runs, "first_screen")
    rows = [
        ("first screen, bare Textual (s)", f"{bare_first:.3f}", "", ""),
        ("first screen, desk (s)", f"{desk_first:.3f}", "1.3 x bare", f"{desk_first / bare_first:.2f} x"),
        ("peak RSS, bare (MB)", f"{median(bare_runs, 'rss_mb'):.0f}", "", ""),
        ("peak RSS, desk (MB)", f"{median(desk_runs, 'rss_mb'):.0f}", "60", f"{median(desk_runs, 'rss_mb') / 60:.2f}"),
        ("F2 to call screen (ms)", f"{median(desk_runs, 'f2_ms'):.0f}", "100", f"{median(desk_runs, 'f2_ms') / 100:.2f}"),
        ("bytes written in 5 s idle", f"{median(desk_runs, 'idle_bytes_5s'):.0f}", "0", ""),
    ]
    print(f"{'measure':34} {'median':>10} {'budget':>12} {'ratio':>8}   ({args.runs} runs each)")
    for name, value, budget, ratio in rows:
        print(f"{name:34} {value:>10} {budget:>12} {ratio:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
