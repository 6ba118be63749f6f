"""What the speed scripts share: timing, the results table, and running the CLI as a child."""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "bench" / "out" / "bench.db"
if str(ROOT) not in sys.path:  # run from a checkout, installed or not
    sys.path.insert(0, str(ROOT))


def timed(function, calls_args, warm: int = 5) -> list[float]:
    """Milliseconds per call, after a few warm-up calls (imports, caches, first connection)."""
    for args in calls_args[:warm]:
        function(*args)
    times = []
    for args in calls_args:
        started = time.perf_counter()
        function(*args)
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(measure, median, p95, budget, unit) -> str:
    ratio = f"{median / budget:.2f}" if budget else "-"
    budget_text = f"{budget:g} {unit}" if budget else "-"
    p95_text = f"{p95:.3f} {unit}" if p95 is not None else "-"
    return f"| {measure:<40} | {median:>10.3f} {unit:<3}| {p95_text:>14} | {budget_text:>9} | {ratio:>5} |"


HEADER = ("| measure                                  |     median     |            p95 |    budget | ratio |\n"
          "|------------------------------------------|----------------|----------------|-----------|-------|")


def report(results) -> bool:
    """Print (measure, times in ms, budget) rows; True when a median is over its budget."""
    failed = False
    for measure, times, budget in results:
        ordered = sorted(times)
        median, p95 = statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]
        failed |= budget is not None and median > budget
        print(line(measure, median, p95 if len(ordered) > 1 else None, budget, "ms"), flush=True)
    return failed


def run_cli(*args: str) -> tuple[float, float, int]:
    """Seconds, peak RSS (MB) and output lines of `callcenter ARGS` run as a child, output read as it comes."""
    command = [sys.executable, "-m", "callcenter", *args, "--lang", "en"]
    started = time.perf_counter()
    lines = 0
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    for chunk in iter(lambda: child.stdout.read(1 << 16), b""):
        lines += chunk.count(b"\n")
    child.stdout.close()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest child's so far
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(command)} failed")
    return time.perf_counter() - started, usage.ru_maxrss / 1024, lines


def bench_args(description: str, samples: int, *extra: tuple[str, dict]):
    """The scripts' command line: the benchmark database (which must exist) and --samples."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--samples", type=int, default=samples)
    for flag, options in extra:
        parser.add_argument(flag, **options)
    args = parser.parse_args()
    if not args.path.exists():
        raise SystemExit(f"{args.path} is missing: run bench/make_db.py first")
    return args


@contextmanager
def scratch_copy(path: Path, tag: str):
    """A copy of the database beside it, for a benchmark that writes; closed and deleted after."""
    import db

    target = path.with_name(f"{path.stem}-{tag}.db")
    _remove(target)
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source, sqlite3.connect(target) as copy:
        source.backup(copy)  # one step: consistent even while desks write
    try:
        yield target
    finally:
        db.close_database()
        _remove(target)


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
