"""The company clock: one due time, and re-planning after a calendar change on the benchmark database.

    python bench/make_db.py && python bench/clock.py [PATH] [--samples N]

The rule (`company_clock.due`) is timed on random starts over two years for each span the desk
uses, with the default calendar (its holiday tables warm). A calendar change writes, so it runs
on a copy of the database (deleted at the end): `calendar.close_day` then `calendar.clear_day`
for each of the next open days, and `open_day` then `clear_day` for the next rest day, each one
transaction with its re-plan and audit rows, timed whole. Last, on the same copy, the schema-3
upgrade's work (every open follow-up and complaint deadline worked out again), rolled back.
Prints figures and ratios; a ratio above 1 is a failed budget (exit 1).
"""
from __future__ import annotations

import os
import platform
import random
import sqlite3
import sys
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from benchlib import bench_args, line, scratch_copy  # also puts the checkout on sys.path

import db  # noqa: E402
from callcenter.rules.clock import now_utc  # noqa: E402
from callcenter.rules.company_clock import due, latest_start  # noqa: E402
from callcenter.rules.workcal import WorkCalendar  # noqa: E402
from callcenter.services import calendar, staff  # noqa: E402
from db import due_times  # noqa: E402
from db.models import FollowUp  # noqa: E402

RULE_US = 20.0  # one due time
CHANGE_MS = 2000.0  # one calendar change with its re-plan, one transaction
SPANS = (("handover 3 h", timedelta(hours=3)), ("complaint 24 h", timedelta(hours=24)),
         ("acceptance 72 h", timedelta(hours=72)))


class _Rollback(Exception):
    pass


def rule(samples: int) -> bool:
    cal = WorkCalendar()
    rng = random.Random(1)
    base = datetime(2026, 1, 1, tzinfo=ZoneInfo(cal.zone))
    starts = [base + timedelta(seconds=rng.randrange(0, 2 * 365 * 86400)) for _ in range(samples)]
    for start in starts[:200]:  # the holiday tables of both years, loaded once
        due(start, timedelta(hours=72), cal)
    failed = False
    for name, span in SPANS:
        # latest_start runs once per escalation pass, not per due time: no budget of its own
        for label, function, budget in ((f"due, {name}", due, RULE_US), (f"latest_start, {name}", latest_start, None)):
            began = time.perf_counter()
            for start in starts:
                function(start, span, cal)
            micro = (time.perf_counter() - began) / samples * 1e6
            failed |= budget is not None and micro > budget
            print(line(label, micro, None, budget, "us"), flush=True)
    return failed


def changes(path, days: int) -> bool:
    db.open_database(path)
    supervisor = staff.sign_in("supervisor")  # the demo's supervisor
    cal = calendar.load()
    today = now_utc().astimezone(cal.tz).date()
    open_days = [d for d in (today + timedelta(days=i) for i in range(1, 30)) if cal.is_working_day(d)][:days]
    rest = next(d for d in (today + timedelta(days=i) for i in range(1, 30)) if cal.why(d) == "rest_day")
    timings: dict[str, list[float]] = {"close_day": [], "clear_day": [], "open_day (rest day)": []}
    moved = []
    for day, first in [(d, calendar.close_day) for d in open_days] + [(rest, calendar.open_day)]:
        for function in (first, calendar.clear_day):
            began = time.perf_counter()
            change = function(supervisor, day, "bench")
            key = "open_day (rest day)" if function is calendar.open_day else function.__name__
            timings[key].append((time.perf_counter() - began) * 1000)
            moved.append(change.moved)
    print(f"calendar changes: {len(open_days)} open days closed and cleared, {rest} opened and cleared; "
          f"follow-ups re-planned per change: {min(moved)}-{max(moved)}")
    failed = False
    for label, times in timings.items():
        ordered = sorted(times)
        median = ordered[len(ordered) // 2]
        failed |= median > CHANGE_MS
        print(line(label, median, ordered[-1], CHANGE_MS, "ms"), flush=True)
    return failed


def upgrade_work() -> None:
    """The 2 -> 3 upgrade's recompute over every open follow-up and deadline, rolled back."""
    began = time.perf_counter()
    counts = []
    try:
        with db.writing():
            values = due_times.settings_values()
            cal = due_times.company_calendar(values)
            counts.append(len(due_times.followups(cal, values, warranty=False)))  # as the upgrade does
            counts.append(len(due_times.deadlines(cal, values)))
            raise _Rollback
    except _Rollback:
        pass
    with db.reading():
        total = FollowUp.select().where((FollowUp.status == "open") & (FollowUp.reason != "warranty")).count()
    print(f"upgrade recompute over {total} open follow-ups (warranty visits aside) and the open complaints: "
          f"{(time.perf_counter() - began):.2f} s (rolled back; {counts[0]} follow-ups and {counts[1]} "
          "deadlines would have moved)")


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], 20000, ("--days", {"type": int, "default": 5,
                                                                 "help": "open days to close and clear"}))
    print(f"{args.path}: {os.path.getsize(args.path) / 2**20:.0f} MB; {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    failed = rule(args.samples)
    with scratch_copy(args.path, "clock") as copy:
        failed |= changes(copy, args.days)
        upgrade_work()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
