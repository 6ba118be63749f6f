"""Export, import and backup timed on the benchmark database, each as the real command in a child.

    python bench/make_db.py && python bench/exchange.py [PATH] [--work DIR]

- `export calls --format csv` to /dev/null: rows per second (budget: at least 50k) and peak RSS;
- `export calls --format xlsx` to a file: seconds (budget 90 s for 1M calls) and peak RSS (120 MB);
- `import customers` of every customer (exported as CSV) into a new database: seconds (60 s for
  100k) and peak RSS;
- `backup` of a copy of the database while four desks save calls into it (ten a second each):
  seconds (10 s), and how many saves the desks made meanwhile, and how many failed.

Files go to --work (default: a folder beside the database), removed at the end. Exits 1 when a
budget fails.
"""
from __future__ import annotations

import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from benchlib import ROOT, bench_args, run_cli  # also puts the checkout on sys.path

CSV_ROWS_PER_S = 50_000
XLSX_SECONDS, XLSX_RSS_MB = 90.0, 120.0
IMPORT_SECONDS = 60.0  # for 100k customers
BACKUP_SECONDS = 10.0
DESKS = 4

# A desk saving a call every PAUSE seconds (a busy clerk saves one a minute) until its stdin
# closes; prints its saves and failures.
PAUSE = 0.1
DESK = f"""
PAUSE = {PAUSE}
import sys, threading
from datetime import datetime, timedelta, timezone
import db
from callcenter.services import calls, staff
db.open_database(sys.argv[1])
clerk = staff.sign_in(sys.argv[2])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
saved = failed = 0
print("ready", flush=True)
while not stop.is_set():
    now = datetime.now(timezone.utc).replace(microsecond=0)
    draft = calls.CallDraft(started_at=now - timedelta(minutes=3), ended_at=now, phone_text="138 1234 5678",
                            category="咨询", notes="bench")
    try:
        calls.save(clerk, draft)
        saved += 1
    except Exception:
        failed += 1
    stop.wait(PAUSE)
print(saved, failed, flush=True)
"""


def timed_cli(*args: str) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of `callcenter ARGS` in a child.

    CPU time is printed beside the wall time: on a machine other work shares, it says what the
    command itself costs.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, rss, _ = run_cli(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), rss


def count(path: Path, table: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def row(measure: str, value: float, unit: str, budget: float | None, higher_is_better: bool = False) -> bool:
    if budget is None:
        print(f"| {measure:<48} | {value:>12,.1f} {unit:<6} | {'-':>10} | {'-':>5} |")
        return False
    ratio = budget / value if higher_is_better else value / budget
    print(f"| {measure:<48} | {value:>12,.1f} {unit:<6} | {budget:>10,.0f} | {ratio:>5.2f} |")
    return ratio > 1


def backup_under_load(path: Path, work: Path) -> tuple[float, int, int]:
    copy = work / "load.db"
    run_cli("backup", "--db", str(path), "-o", str(copy))
    desks = [subprocess.Popen([sys.executable, "-c", DESK, str(copy), f"bench{i}"], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for i in range(DESKS)]
    for desk in desks:
        assert desk.stdout.readline().strip() == "ready"
    time.sleep(1)  # the desks are saving
    seconds, _, _ = run_cli("backup", "--db", str(copy), "-o", str(work / "under-load.db"))
    saved = failed = 0
    for desk in desks:
        out, _ = desk.communicate("stop\n", timeout=60)
        done, bad = map(int, out.split())
        saved, failed = saved + done, failed + bad
    return seconds, saved, failed


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], 1, ("--work", {"type": Path, "default": None}))
    work = args.work or args.path.parent / "exchange-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    calls, customers = count(args.path, "call"), count(args.path, "customer")
    print(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}; {customers:,} customers, {calls:,} calls in {args.path}")
    print("| measure                                          |         value       |     budget | ratio |")
    print("|--------------------------------------------------|---------------------|------------|-------|")
    failed = False
    try:
        seconds, cpu, rss = timed_cli("export", "calls", "--db", str(args.path), "--format", "csv", "-o", os.devnull)
        failed |= row("export calls csv to /dev/null: rows/s", calls / seconds, "rows/s", CSV_ROWS_PER_S, True)
        row("  rows per CPU second", calls / cpu, "rows/s", None)
        row("  peak RSS", rss, "MB", None)
        xlsx = work / "calls.xlsx"
        seconds, cpu, rss = timed_cli("export", "calls", "--db", str(args.path), "--format", "xlsx", "-o", str(xlsx))
        failed |= row(f"export calls xlsx ({xlsx.stat().st_size / 1e6:,.0f} MB): seconds", seconds, "s",
                      XLSX_SECONDS * calls / 1_000_000)
        row("  CPU seconds", cpu, "s", None)
        failed |= row("  peak RSS", rss, "MB", XLSX_RSS_MB)
        xlsx.unlink()
        source = work / "customers.csv"
        run_cli("export", "customers", "--db", str(args.path), "--format", "csv", "-o", str(source))
        fresh = work / "fresh.db"  # a new database with the demo's staff and no customers
        run_cli("demo", "--db", str(fresh), "--customers", "0", "--calls", "0", "--complaints", "0")
        seconds, cpu, rss = timed_cli("import", "customers", "--db", str(fresh), str(source))
        imported = count(fresh, "customer")
        failed |= row(f"import {imported:,} customers: seconds", seconds, "s", IMPORT_SECONDS * imported / 100_000)
        row("  CPU seconds", cpu, "s", None)
        row("  rows/s", imported / seconds, "rows/s", None)
        row("  peak RSS", rss, "MB", None)
        seconds, saved, errors = backup_under_load(args.path, work)
        failed |= row(f"backup while {DESKS} desks save: seconds", seconds, "s", BACKUP_SECONDS)
        row("  calls the desks saved meanwhile", saved, "calls", None)
        failed |= row("  saves that failed", errors, "", None) or errors > 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
