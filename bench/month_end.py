"""Month end, timed: attendance for 200 people, the ledger of a year of 10k signings, and the
work report for one month of the 1M-call benchmark database.

    python bench/make_db.py && python bench/month_end.py [PATH] [--samples N] [--month 2026-10]

Attendance and the ledger run on a scratch database of their own (under bench/out, deleted after):
200 people punching twice on every open day of a month, some late or early, a few leaves and
proofs; 10,000 signings spread over a year. The report runs as a child process on a copy of
the benchmark database (the month-end tables are added by its upgrade), for its peak RSS.
"""
from __future__ import annotations

import os
import platform
import random
import subprocess
import sys
import time
from datetime import date, datetime, time as clock, timedelta
from zoneinfo import ZoneInfo

from benchlib import HEADER, ROOT, bench_args, report, scratch_copy, timed, _remove  # also puts the checkout on sys.path

import db  # noqa: E402
from callcenter.rules.clock import now_utc  # noqa: E402
from callcenter.services import attendance, calendar, contracts  # noqa: E402
from callcenter.services import settings as settings_service  # noqa: E402
from db.models import Contract, Customer, Leave, Punch, PunchProof, Staff  # noqa: E402

ATTENDANCE_MS = 500.0
LEDGER_MS = 200.0
REPORT_MS = 1000.0
REPORT_RSS_MB = 100.0
PEOPLE = 200
SIGNINGS = 10_000
MONTH = date(2026, 9, 1)
ZONE = ZoneInfo("Asia/Shanghai")


def fill(rng: random.Random) -> None:
    """The scratch database: 200 people with a month of punches, 10k signings over a year."""
    now = now_utc()
    with db.writing():
        Staff.insert_many([{"name": f"员工{n:03d}", "role": "designer" if n < 20 else "clerk", "created_at": now}
                           for n in range(PEOPLE)]).execute()
        people = [s.id for s in Staff.select(Staff.id).where(Staff.name.startswith("员工"))]
        open_days = [d for d in (MONTH + timedelta(days=n) for n in range(30))
                     if calendar.current(settings_service.Settings({})).is_working_day(d)]
        punches = []
        for staff_id in people:
            for day in open_days:
                if rng.random() < 0.03:
                    continue  # absent
                arrive = datetime.combine(day, clock(7, 50), ZONE) + timedelta(minutes=rng.choice([0] * 9 + [15, 45]))
                leave = datetime.combine(day, clock(17, 35), ZONE) - timedelta(minutes=rng.choice([0] * 9 + [12]))
                punches += [{"staff": staff_id, "at": arrive, "created_at": now},
                            {"staff": staff_id, "at": leave, "created_at": now}]
        for start in range(0, len(punches), 5000):
            Punch.insert_many(punches[start:start + 5000]).execute()
        for staff_id in people[::10]:
            day = rng.choice(open_days)
            Leave.create(staff=staff_id, start=datetime.combine(day, clock(8), ZONE),
                         end=datetime.combine(day, clock(12), ZONE), approved_by="bench", created_at=now)
            PunchProof.create(staff=staff_id, day=rng.choice(open_days), side="in", proven_by="bench", created_at=now)
        Customer.insert_many([{"name": f"客户{n}", "created_at": now, "updated_at": now}
                              for n in range(SIGNINGS)]).execute()
        customers = [c.id for c in Customer.select(Customer.id)]
        designers = people[:20]
        year = date(2026, 1, 1)
        rows = [{"customer": customers[n], "designer": rng.choice(designers),
                 "signed_on": year + timedelta(days=rng.randrange(365)), "amount_fen": rng.randrange(1_000_000, 50_000_000),
                 "plan": "[]", "created_at": now} for n in range(SIGNINGS)]
        for start in range(0, len(rows), 5000):
            Contract.insert_many(rows[start:start + 5000]).execute()


REPORT_CHILD = """
import resource, sys, time
sys.path.insert(0, {root!r})
import db
from callcenter.services import report
from datetime import date
db.open_database({path!r})
report.month_report(date(2026, 8, 1))  # warm: imports and the first connection
started = time.perf_counter()
report.month_report(date({year}, {month}, 1))
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def report_in_child(path, month: date) -> tuple[float, float]:
    code = REPORT_CHILD.format(root=str(ROOT), path=str(path), year=month.year, month=month.month)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    seconds, rss = out.split()
    return float(seconds) * 1000, float(rss)


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], 9, ("--month", {"default": "2026-10"}))
    print(f"{time.strftime('%Y-%m-%d')}; {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    scratch = args.path.with_name("month-end-scratch.db")
    _remove(scratch)
    db.open_database(scratch, create=True)
    try:
        fill(random.Random(1))
        settings = settings_service.load()
        until = date(2026, 9, 30)
        results = [
            (f"attendance, {PEOPLE} people x a month", timed(attendance.month, [(MONTH, until, settings)] * args.samples,
                                                             warm=2), ATTENDANCE_MS),
            (f"ledger, a month of {SIGNINGS // 1000}k/year", timed(contracts.ledger, [(MONTH,)] * args.samples), LEDGER_MS),
            ("ledger, all 12 months one by one", timed(lambda: [contracts.ledger(date(2026, m, 1)) for m in range(1, 13)],
                                                       [()] * 3, warm=1), LEDGER_MS * 12),
        ]
    finally:
        db.close_database()
        _remove(scratch)
    year, month = (int(part) for part in args.month.split("-"))
    first = date(year, month, 1)
    with scratch_copy(args.path, "month-end") as copy:
        db.open_database(copy)  # the upgrade adds the month-end tables, outside the timing
        db.close_database()
        runs = [report_in_child(copy, first) for _ in range(3)]
        results.append((f"report {args.month}, 1M calls, both months", [ms for ms, _ in runs], REPORT_MS))
        # At the desk last month's report was handed in on the 1st: its figures are kept, not counted.
        db.open_database(copy)
        from callcenter.services import month as month_service
        from callcenter.services import report as report_service
        from callcenter.services import staff

        report_service.hand_in(staff.sign_in("supervisor"), month_service.previous(first))
        db.close_database()
        kept = [report_in_child(copy, first) for _ in range(3)]
        results.append((f"report {args.month}, last month handed in", [ms for ms, _ in kept], REPORT_MS))
        runs += kept
    print(HEADER)
    failed = report(results)
    rss = max(mb for _, mb in runs)
    print(f"report peak RSS: {rss:.1f} MB (budget {REPORT_RSS_MB:g} MB, ratio {rss / REPORT_RSS_MB:.2f})")
    return 1 if failed or rss > REPORT_RSS_MB else 0


if __name__ == "__main__":
    sys.exit(main())
