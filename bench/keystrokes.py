"""Bytes written and time to answer per keystroke in the call screen, in a real 80x24 pty.

Starts the desk on a small demo database, presses F2, and types a phone number and then a note
one key at a time, 0.12 s apart (a quick clerk), reading what the desk writes after each key.
Run it before and after a change to the call screen: the budget is 1.1x the figures before.

    python bench/keystrokes.py [--runs 3]
"""
from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from startup import F2, drain, finish, read_until, spawn

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TAB = b"\t"
PHONE = b"13812345678"
NOTE = "kitchen tiles cracked again".encode()
GAP = 0.12  # seconds between keys


def keystroke(fd: int, key: bytes) -> tuple[float, int]:
    """Seconds until the desk's first output after `key`, and the bytes it writes in GAP."""
    sent = time.perf_counter()
    os.write(fd, key)
    seen = bytearray()
    first = None
    end = sent + GAP
    while time.perf_counter() < end:
        ready, _, _ = select.select([fd], [], [], 0.002)
        if ready:
            chunk = os.read(fd, 65536)
            if first is None and chunk:
                first = time.perf_counter() - sent
            seen.extend(chunk)
    return (first if first is not None else float("nan")), len(seen)


def run(argv, env) -> dict:
    pid, fd = spawn(argv, env)
    seen = bytearray()
    read_until(fd, "F12".encode(), 20, seen)
    drain(fd, 1.5)
    os.write(fd, F2)
    read_until(fd, "话术".encode(), 5, seen)
    drain(fd, 1.0)
    times, sizes = [], []
    for key in [bytes([c]) for c in PHONE] + [TAB] + [bytes([c]) for c in NOTE]:
        answer, size = keystroke(fd, key)
        times.append(answer)
        sizes.append(size)
    drain(fd, 1.5)  # a debounced write may still be due
    os.write(fd, b"\x1b")
    drain(fd, 0.3)
    os.write(fd, b"y")  # confirm leaving the typed call, if asked
    drain(fd, 0.3)
    finish(pid, fd)
    return {"ms": statistics.median(times) * 1000, "p95": sorted(times)[int(len(times) * 0.95)] * 1000,
            "bytes": statistics.median(sizes), "total": sum(sizes)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="desk-home-")
    env = {"HOME": home, "TERM": "xterm-256color", "PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8",
           "PYTHONPATH": str(ROOT)}
    database = Path(home) / "keys.db"
    subprocess.run([sys.executable, "-m", "callcenter", "demo", "--db", str(database), "--customers", "2000",
                    "--calls", "20000"], check=True, env={**os.environ, **env}, cwd=ROOT, stdout=subprocess.DEVNULL)
    desk = [sys.executable, "-m", "callcenter", "--db", str(database), "--agent", "bench"]
    runs = [run(desk, env) for _ in range(args.runs)]
    print(f"{'measure':36} {'median of runs':>14}   ({args.runs} runs, {len(PHONE) + 1 + len(NOTE)} keys each)")
    print(f"{'time to first output per key (ms)':36} {statistics.median(r['ms'] for r in runs):>14.1f}")
    print(f"{'p95 of that (ms)':36} {statistics.median(r['p95'] for r in runs):>14.1f}")
    print(f"{'bytes written per key (median)':36} {statistics.median(r['bytes'] for r in runs):>14.0f}")
    print(f"{'bytes for the whole sequence':36} {statistics.median(r['total'] for r in runs):>14.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
