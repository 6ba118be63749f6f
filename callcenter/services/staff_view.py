"""The staff view: complaints, praise and satisfaction per designer, QC inspector and project
manager over a period (DOMAIN.md rules 12, 18, 19).

Four set-based queries (one GROUP BY each), merged in Python; never a query per person.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from peewee import fn

import db
from db import engine
from db.models import Praise, Rating, Staff, database

ROLES = ("designer", "qc_inspector", "project_manager")
RESOLVED = ("resolved", "confirmed", "closed")  # statuses that carry a resolved_at
IN_TIME_SECONDS = 24 * 3600  # "answered within 24 hours" (rule 11)

# Per person, kind and status. `+received_at` keeps SQLite off the received_at index: reading the
# complaint_staff_view index whole, already in GROUP BY order, beats a range plus a sort of every
# row in it (16 ms against 66 ms for a year of 100k complaints). COUNT(resolved_at) counts the
# resolved ones: resolved, confirmed and closed complaints carry resolved_at, a reopened one not.
_COMPLAINTS_SQL = f"""
SELECT respondent_id, kind, status, COUNT(*), COUNT(resolved_at),
       SUM(CASE WHEN resolved_at - received_at <= {IN_TIME_SECONDS} THEN 1 ELSE 0 END)
FROM complaint
WHERE +received_at >= ? AND +received_at < ?
GROUP BY respondent_id, kind, status
"""


@dataclass(frozen=True)
class StaffStats:
    staff_id: int
    name: str
    role: str
    complaints: int  # received in the period, against this person
    by_kind: dict = field(default_factory=dict)  # kind -> count
    by_status: dict = field(default_factory=dict)  # status -> count
    resolved_in_24h: float | None = None  # share of the period's resolved ones done within 24 h; None: none resolved
    praise: int = 0
    rating_avg: float | None = None
    ratings: int = 0


def staff_view(start: datetime, end: datetime) -> list[StaffStats]:
    """Everyone in ROLES (active, or inactive with figures in the period), by role then name.
    The period is [start, end): complaints by receipt, praise by creation, ratings by their time."""
    period = (int(start.timestamp()), int(end.timestamp()))  # as UtcTimestampField stores them
    with db.reading():
        people = list(Staff.select(Staff.id, Staff.name, Staff.role, Staff.active)
                      .where(Staff.role.in_(ROLES)).tuples())
        complaints = engine.execute(database, _COMPLAINTS_SQL, period).fetchall()
        praise = dict(Praise.select(Praise.staff, fn.COUNT(Praise.id))
                      .where((Praise.created_at >= start) & (Praise.created_at < end))
                      .group_by(Praise.staff).tuples())
        ratings = {staff: (avg, count) for staff, avg, count in
                   Rating.select(Rating.staff, fn.AVG(Rating.score), fn.COUNT(Rating.id))
                   .where((Rating.at >= start) & (Rating.at < end))
                   .group_by(Rating.staff).tuples()}
    figures: dict[int, dict] = {}
    for staff_id, kind, status, count, done, quick in complaints:
        entry = figures.setdefault(staff_id, {"complaints": 0, "by_kind": {}, "by_status": {}, "done": 0, "quick": 0})
        entry["complaints"] += count
        entry["by_kind"][kind] = entry["by_kind"].get(kind, 0) + count
        entry["by_status"][status] = entry["by_status"].get(status, 0) + count
        if status in RESOLVED:
            entry["done"] += done
            entry["quick"] += quick or 0
    order = {role: n for n, role in enumerate(ROLES)}
    result = []
    for staff_id, name, role, active in sorted(people, key=lambda p: (order[p[2]], p[1], p[0])):
        entry = figures.get(staff_id)
        avg, count = ratings.get(staff_id, (None, 0))
        if not active and entry is None and staff_id not in praise and not count:
            continue
        entry = entry or {"complaints": 0, "by_kind": {}, "by_status": {}, "done": 0, "quick": 0}
        result.append(StaffStats(
            staff_id, name, role, entry["complaints"], entry["by_kind"], entry["by_status"],
            entry["quick"] / entry["done"] if entry["done"] else None, praise.get(staff_id, 0),
            float(avg) if avg is not None else None, count,
        ))
    return result
