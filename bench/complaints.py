"""The complaint desk's list, the escalation pass and the staff view, timed on the benchmark database.

    python bench/make_db.py && python bench/complaints.py [PATH] [--samples N] [--runs N]

Prints median and p95 per measure against its budget; a ratio above 1 is a failed budget.
The escalation pass writes, so it runs on a copy of the database (made afresh each time, then
deleted): every complaint there is made open and unescalated, so one pass escalates all of
them (100k for the benchmark database); before each further run the copy is put back as it was.
The desk's list and `callcenter complaints --format json` are timed on that copy too, where all
100k complaints are open: the worst case for both.
"""
from __future__ import annotations

import os
import platform
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path

from benchlib import (  # also puts the checkout on sys.path
    HEADER,
    bench_args,
    line,
    report,
    run_cli,
    scratch_copy,
    timed,
)

import db  # noqa: E402
from callcenter.rules.clock import now_utc  # noqa: E402
from callcenter.services import complaints, staff_view  # noqa: E402
from db.models import Complaint, Staff  # noqa: E402

PAGE_MS = 20.0  # the desk's first page
ESCALATE_MS = 1000.0  # one pass over 100k open complaints
IDLE_PASS_MS = 20.0  # the desk's timer when nothing is due
STAFF_VIEW_MS = 200.0  # one year
LIST_RSS_MB = 100.0  # streaming: flat, whatever the table's size


def desk_lists(samples: int, label: str):
    now = now_utc()
    with db.reading():
        deputy = Staff.select(Staff.id).where(Staff.role == "deputy_gm").order_by(Staff.id).scalar()
    return [
        (f"{label}listing, first page", timed(complaints.listing, [(now,)] * samples), PAGE_MS),
        (f"{label}listing all, page 2", timed(lambda at: complaints.listing(at, 1, open_only=False),
                                              [(now,)] * samples), PAGE_MS),
        (f"{label}listing escalated to deputy GM", timed(lambda at: complaints.listing(at, for_staff_id=deputy),
                                                         [(now,)] * samples), PAGE_MS),
        (f"{label}count_for (header)", timed(complaints.count_for, [(deputy,)] * samples), PAGE_MS),
    ]


def all_open(path: Path) -> tuple[int, int]:
    """Make every complaint open and unescalated; return the last action and audit ids to roll back to."""
    with sqlite3.connect(path) as con:
        con.execute("UPDATE complaint SET status = CASE WHEN id % 2 THEN 'new' ELSE 'in_progress' END, "
                    "escalation_level = 0, escalated_to_id = NULL, escalated_at = NULL")
        return (con.execute("SELECT COALESCE(MAX(id), 0) FROM complaint_action").fetchone()[0],
                con.execute("SELECT COALESCE(MAX(id), 0) FROM audit").fetchone()[0])


def reset(path: Path, marks: tuple[int, int]) -> None:
    with sqlite3.connect(path) as con:
        con.execute("UPDATE complaint SET escalation_level = 0, escalated_to_id = NULL, escalated_at = NULL")
        con.execute("DELETE FROM complaint_action WHERE id > ?", (marks[0],))
        con.execute("DELETE FROM audit WHERE id > ?", (marks[1],))


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], 100, ("--runs", {"type": int, "default": 3, "help": "escalation passes over the copy"}))
    db.open_database(args.path)
    with db.reading():
        total = Complaint.select().count()
        open_ = Complaint.select().where(complaints.OPEN).count()
    if not total:
        print(f"{args.path} has no complaints: rebuild it with bench/make_db.py --fresh", file=sys.stderr)
        return 1
    print(f"{args.path}: {total} complaints, {open_} open, {os.path.getsize(args.path) / 2**20:.0f} MB; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    print(HEADER)
    now = now_utc()
    year = (now - timedelta(days=365), now)
    failed = report(desk_lists(args.samples, "") + [
        ("staff_view, one year", timed(staff_view.staff_view, [year] * 20), STAFF_VIEW_MS),
    ])
    db.close_database()

    with scratch_copy(args.path, "escalation") as copy:
        marks = all_open(copy)
        db.open_database(copy)
        passes, counts = [], []
        for run in range(args.runs):
            if run:
                reset(copy, marks)
            started = time.perf_counter()
            counts.append(len(complaints.escalate_due()))
            passes.append((time.perf_counter() - started) * 1000)
        print(f"escalation pass over {total} open complaints: {counts[0]} escalated each run, {len(passes)} runs")
        failed |= report([(f"escalate_due, {total // 1000}k open", passes, ESCALATE_MS),
                          ("escalate_due, nothing due (desk timer)", timed(complaints.escalate_due, [()] * 20),
                           IDLE_PASS_MS)])
        failed |= report(desk_lists(args.samples, "all open: "))
        db.close_database()
        seconds, rss, lines = run_cli("complaints", "--db", str(copy), "--format", "json")
        failed |= rss > LIST_RSS_MB
        print(line("complaints --format json: rows/s", lines / seconds, None, None, ""))
        print(line("complaints --format json: peak RSS", rss, None, LIST_RSS_MB, "MB"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
