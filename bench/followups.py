"""The follow-up queue, re-planning a project and the `callcenter followups` listing, timed on the benchmark database.

    python bench/make_db.py && python bench/followups.py [PATH] [--samples N]

Prints median and p95 per measure against its budget; a ratio above 1 is a failed budget.
Re-planning writes: each sampled project's handover is moved an hour earlier and back again
(two saves, both timed), so the database ends as it began, give or take audit rows.
"""
from __future__ import annotations

import os
import platform
import random
import sqlite3
import sys
import time
from datetime import timedelta

from benchlib import (  # also puts the checkout on sys.path
    HEADER,
    bench_args,
    line,
    report,
    run_cli,
    timed,
)

import db  # noqa: E402
from callcenter.rules.clock import now_utc  # noqa: E402
from callcenter.services import followups, projects, staff  # noqa: E402
from callcenter.services import settings as settings_service  # noqa: E402
from db.models import FollowUp, Project, Staff  # noqa: E402

QUEUE_MS = 20.0  # a first page
REPLAN_MS = 5.0  # saving milestones must not keep the write lock from other desks
LIST_RSS_MB = 100.0  # streaming: flat, whatever the table's size


def sample(count: int, seed: int = 7):
    """Projects with a handover and their milestones, projects without any, and the desk's clerks."""
    with db.reading():
        top = Project.select(Project.id).order_by(Project.id.desc()).scalar()
        ids = random.Random(seed).sample(range(1, top + 1), min(count * 2, top))
        chosen = [p for p in Project.select().where(Project.id.in_(ids) & Project.handover_at.is_null(False))][:count]
        milestones = [(p.id, p.handover_at, {a.stage: a.at for a in p.acceptances}, p.final_acceptance_at,
                       p.warranty_months) for p in chosen]
        clerks = [s.id for s in Staff.select().where(Staff.login.is_null(False))]
        bare = [p.id for p in Project.select(Project.id).where(Project.id.in_(ids) & Project.handover_at.is_null())
                .limit(count)]
        open_ = FollowUp.select().where(FollowUp.status == "open").count()
        total = FollowUp.select().count()
    return milestones, bare, clerks, open_, total


def replan_in_transaction(project_id: int, settings) -> None:
    with db.writing():
        followups.replan(project_id, settings)


def save_moved(actor, milestones) -> list[float]:
    """save_milestones with the handover an hour earlier, then as it was: both timed."""
    times = []
    for project_id, handover, acceptances, final, months in milestones:
        for moved in (handover - timedelta(hours=1), handover):
            started = time.perf_counter()
            projects.save_milestones(actor, project_id, moved, acceptances, final, months)
            times.append((time.perf_counter() - started) * 1000)
    return times


class _Undo(Exception):
    """Raised to roll a measured write back."""


def first_plan(actor, project_ids, stages) -> list[float]:
    """save_milestones of a whole site's history at once on a project without milestones (the
    worst case: every follow-up is new), timed up to its commit, then rolled back."""
    now = now_utc()
    handover = now - timedelta(days=200)
    acceptances = {stage: handover + timedelta(days=3 + 10 * n) for n, stage in enumerate(stages)}
    final = handover + timedelta(days=10 * len(stages) + 10)
    times = []
    for project_id in project_ids:
        started = time.perf_counter()
        try:
            with db.writing():
                projects.save_milestones(actor, project_id, handover, acceptances, final, None)
                times.append((time.perf_counter() - started) * 1000)
                raise _Undo
        except _Undo:
            pass
    return times


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], 300)
    db.open_database(args.path)
    settings = settings_service.load()
    milestones, bare, clerks, open_, total = sample(args.samples)
    actor = staff.sign_in("supervisor")
    now = now_utc()
    print(f"{args.path}: {total} follow-ups, {open_} open, {os.path.getsize(args.path) / 2**20:.0f} MB; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")

    queue_args = [(clerks[n % len(clerks)], now) for n in range(args.samples)]
    results = [
        ("queue(clerk), first page", timed(followups.queue, queue_args), QUEUE_MS),
        ("F3 page: queue(clerk) + moved_dues (why moved)",
         timed(lambda clerk, at: followups.moved_dues(followups.queue(clerk, at).rows, settings), queue_args), QUEUE_MS),
        ("queue(clerk, mine=True), first page",
         timed(lambda clerk, at: followups.queue(clerk, at, mine=True), queue_args), QUEUE_MS),
        ("due_count(clerk, end of day) (header)",
         timed(followups.due_count, [(clerk, now + timedelta(hours=8), now, settings) for clerk, _ in queue_args]),
         QUEUE_MS),
        ("replan(project) in db.writing()",
         timed(replan_in_transaction, [(m[0], settings) for m in milestones]), REPLAN_MS),
        ("save_milestones, handover moved", save_moved(actor, milestones), REPLAN_MS),
        ("save_milestones, first plan (all new)", first_plan(actor, bare, settings["acceptance_stages"]), REPLAN_MS),
    ]
    print(HEADER)
    failed = report(results)
    db.close_database()
    for fmt in ("json", "table"):
        seconds, rss, lines = run_cli("followups", "--db", str(args.path), "--format", fmt)
        if fmt == "json":
            failed |= rss > LIST_RSS_MB
        print(line(f"followups --format {fmt}: rows/s", lines / seconds, None, None, ""))
        print(line(f"followups --format {fmt}: peak RSS", rss, None, LIST_RSS_MB, "MB"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
