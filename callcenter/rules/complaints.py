"""Complaint deadlines and escalation levels (DOMAIN.md rules 11-13). Pure: no database, no screen.

A complaint is answered within `complaint_deadline_hours` (24) of its receipt. One that is not
resolved by then goes to the administrative assistant (level 1); one still not resolved a
further `complaint_escalate_after_hours` (24) later goes to the deputy general manager (level 2).
Both spans count on the company clock (rules.company_clock): closed days do not count, and a
moment outside opening hours moves to the next opening. Each step happens at its moment
exactly: at the deadline itself the complaint is overdue.

Times are aware datetimes; the database keeps whole seconds, and the SQL of the escalation pass
(`services.complaints.escalate_due`) compares the same way (`deadline_at <= now`).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from callcenter.rules.company_clock import due, latest_start
from callcenter.rules.workcal import WorkCalendar

SOON = timedelta(hours=2)  # under this much time left, the desk shows the clock amber
LEVELS = (0, 1, 2)  # not escalated, administrative assistant, deputy general manager


def deadline(received_at: datetime, hours: int | float, calendar: WorkCalendar) -> datetime:
    """When the complaint must be answered."""
    return due(received_at, timedelta(hours=hours), calendar)


def target_level(deadline_at: datetime, now: datetime, escalate_after_hours: int | float, resolved: bool,
                 calendar: WorkCalendar) -> int:
    """The escalation level a complaint should have reached at `now`: 0, 1 or 2.

    1 from the deadline on (`now >= deadline_at`), 2 from `escalate_after_hours` after it on the
    company clock; a resolved (or finished) complaint is never escalated.
    """
    if resolved or now < deadline_at:
        return 0
    if now >= due(deadline_at, timedelta(hours=escalate_after_hours), calendar):
        return 2
    return 1


def level_two_cutoff(now: datetime, escalate_after_hours: int | float, calendar: WorkCalendar) -> int:
    """Whole UTC seconds: a complaint whose deadline is at or before this has reached level 2 at `now`."""
    return int(latest_start(now, timedelta(hours=escalate_after_hours), calendar).timestamp())


def urgency(deadline_at: datetime, now: datetime) -> str:
    """"overdue" from the deadline on, "soon" with under two hours left, else "ok"."""
    if now >= deadline_at:
        return "overdue"
    if deadline_at - now < SOON:
        return "soon"
    return "ok"


def time_left(deadline_at: datetime, now: datetime) -> timedelta:
    """Time to the deadline; negative once it has passed."""
    return deadline_at - now
