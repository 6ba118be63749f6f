"""The monthly work report (述职报告, DOMAIN.md rule 21): the month's numbers of the desk, or of
one clerk, each beside last month's.

Every figure is a grouped count or sum in SQLite over one month's range of an indexed time
column, so a month of the 1M-call benchmark database is read in well under a second; only the
relay times of phone messages come to Python (for their median).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from statistics import median
from zoneinfo import ZoneInfo

import db
from callcenter.rules import money
from callcenter.rules.clock import day_bounds
from callcenter.services import month as month_service
from callcenter.services import settings as settings_service
from db.models import Call, Complaint, Contract, Customer, FollowUp, Message, Praise, Rating, Staff
from peewee import JOIN, SQL, fn


@dataclass(frozen=True)
class Scope:
    first: date
    start: datetime  # aware UTC, included
    end: datetime  # aware UTC, excluded
    clerk_id: int | None  # None: the whole desk


def scope(first: date, clerk_id: int | None, zone: str) -> Scope:
    start = day_bounds(first, zone)[0]
    end = day_bounds(month_service.following(first), zone)[0]
    return Scope(first, start, end, clerk_id)


def _grouped(query) -> dict:
    return {("" if key is None else str(key)): count for key, count in query.tuples()}


def _contacts(s: Scope, zone: str) -> dict:
    where = (Call.started_at >= s.start) & (Call.started_at < s.end)
    if s.clerk_id is not None:
        where &= Call.clerk == s.clerk_id
    count = fn.COUNT(Call.id)
    result = {"total": Call.select().where(where).count()}
    for name, column in (("by_channel", Call.channel), ("by_direction", Call.direction),
                         ("by_category", Call.category)):
        result[name] = _grouped(Call.select(column, count).where(where).group_by(column))
    result["by_source"] = _grouped(Call.select(Customer.source, count).join(Customer, JOIN.LEFT_OUTER)
                                   .where(where).group_by(Customer.source))
    # Contacts per day of the month, for the sparkline: the local day from the UTC seconds.
    offset = int(s.start.astimezone(ZoneInfo(zone)).utcoffset().total_seconds())
    day = fn.date(Call.started_at + SQL(str(offset)), "unixepoch")  # an int: no converter for it
    per_day = _grouped(Call.select(day, count).where(where).group_by(day))
    days = (s.end - s.start).days
    result["per_day"] = [per_day.get(date.fromordinal(s.first.toordinal() + n).isoformat(), 0) for n in range(days)]
    return result


def _checklist(s: Scope) -> dict:
    where = (Call.started_at >= s.start) & (Call.started_at < s.end) & (Call.checklist_total > 0)
    if s.clerk_id is not None:
        where &= Call.clerk == s.clerk_id
    scores = _grouped(Call.select(Call.checklist_ticked, fn.COUNT(Call.id)).where(where)
                      .group_by(Call.checklist_ticked))
    calls = sum(scores.values())
    # Each item's ticks, from the JSON in SQLite (json_each) rather than a million json.loads.
    mine = "" if s.clerk_id is None else " AND c.clerk_id = ?"
    items = Call._meta.database.execute_sql(
        "SELECT j.key, SUM(j.value) FROM call AS c, json_each(c.checklist) AS j WHERE c.started_at >= ? "
        f"AND c.started_at < ? AND c.checklist_total > 0{mine} GROUP BY j.key",
        (int(s.start.timestamp()), int(s.end.timestamp()), *(() if s.clerk_id is None else (s.clerk_id,)))).fetchall()
    per_clerk = (Call.select(Staff.name, fn.COUNT(Call.id), fn.SUM(Call.checklist_ticked), fn.SUM(Call.checklist_total))
                 .join(Staff).where(where).group_by(Call.clerk).order_by(Staff.name).tuples())
    return {"calls": calls, "scores": scores,
            "items": {key: round(ticked / calls, 3) for key, ticked in items} if calls else {},
            "per_clerk": {name: {"calls": n, "share": round(ticked / total, 3) if total else 0.0}
                          for name, n, ticked, total in per_clerk}}


def _complaints(s: Scope) -> dict:
    received = (Complaint.received_at >= s.start) & (Complaint.received_at < s.end)
    if s.clerk_id is not None:
        received &= Complaint.created_by == s.clerk_id
    count = fn.COUNT(Complaint.id)
    row = Complaint.select(
        count,
        fn.SUM(Complaint.resolved_at.is_null(False) & (Complaint.resolved_at <= Complaint.deadline_at)),
        fn.SUM(Complaint.escalation_level >= 1), fn.SUM(Complaint.escalation_level >= 2),
    ).where(received).tuples().first()
    open_at_end = (Complaint.received_at < s.end) & (Complaint.resolved_at.is_null() | (Complaint.resolved_at >= s.end)) \
        & (Complaint.status != "closed")
    if s.clerk_id is not None:
        open_at_end &= Complaint.created_by == s.clerk_id
    return {"received": row[0], "answered_in_time": row[1] or 0,
            "escalated": {"1": row[2] or 0, "2": row[3] or 0},
            "open_at_end": Complaint.select().where(open_at_end).count(),
            "by_role": _grouped(Complaint.select(Complaint.respondent_role, count).where(received)
                                .group_by(Complaint.respondent_role)),
            "by_person": _grouped(Complaint.select(Staff.name, count).join(Staff, on=(Complaint.respondent == Staff.id))
                                  .where(received).group_by(Complaint.respondent))}


def _followups(s: Scope) -> dict:
    where = (FollowUp.due_at >= s.start) & (FollowUp.due_at < s.end) & (FollowUp.status != "cancelled")
    if s.clerk_id is not None:
        where &= (FollowUp.done_by == s.clerk_id) | ((FollowUp.status == "open") & (FollowUp.assignee == s.clerk_id))
    done = FollowUp.status == "done"
    rows = (FollowUp.select(FollowUp.reason, fn.COUNT(FollowUp.id),
                            fn.SUM(done & (FollowUp.done_at <= FollowUp.due_at)),
                            fn.SUM(done & (FollowUp.done_at > FollowUp.due_at)),
                            fn.SUM(FollowUp.status == "open"))
            .where(where).group_by(FollowUp.reason).tuples())
    result = {"due": 0, "done_on_time": 0, "done_late": 0, "open": 0, "by_reason": {}}
    for reason, due, on_time, late, still_open in rows:
        figures = {"due": due, "done_on_time": on_time or 0, "done_late": late or 0, "open": still_open or 0}
        result["by_reason"][reason] = figures
        for key, value in figures.items():
            result[key] += value
    return result


def _ratings(s: Scope) -> dict:
    rows = (Rating.select(Rating.role, Staff.name, fn.COUNT(Rating.id), fn.AVG(Rating.score))
            .join(Staff).where((Rating.at >= s.start) & (Rating.at < s.end))
            .group_by(Rating.role, Rating.staff).order_by(Rating.role, Staff.name).tuples())
    result: dict = {}
    for role, name, count, average in rows:
        result.setdefault(role, {})[name] = {"count": count, "average": round(average, 2)}
    return result


def _messages(s: Scope) -> dict:
    where = (Message.created_at >= s.start) & (Message.created_at < s.end)
    if s.clerk_id is not None:
        where &= Message.created_by == s.clerk_id
    taken = Message.select().where(where).count()
    waits = [(b - a).total_seconds() for a, b in Message.select(Message.created_at, Message.relayed_at)
             .where(where & Message.relayed_at.is_null(False)).tuples()]
    return {"taken": taken, "relayed": len(waits), "median_relay_minutes": round(median(waits) / 60, 1) if waits else None}


def _praise(s: Scope) -> dict:
    where = (Praise.forwarded_at >= s.start) & (Praise.forwarded_at < s.end)
    row = Praise.select(fn.COUNT(Praise.id), fn.SUM(Praise.exchange_meeting)).where(where).tuples().first()
    return {"forwarded": row[0], "exchange_meeting": row[1] or 0}


def _signings(s: Scope) -> dict:
    row = Contract.select(fn.COUNT(Contract.id), fn.SUM(Contract.amount_fen)).where(
        (Contract.signed_on >= s.first) & (Contract.signed_on < month_service.following(s.first))).tuples().first()
    return {"count": row[0], "amount": str(money.yuan(row[1] or 0))}


def figures(s: Scope, zone: str) -> dict:
    with db.reading():
        return {"contacts": _contacts(s, zone), "checklist": _checklist(s), "complaints": _complaints(s),
                "followups": _followups(s), "ratings": _ratings(s), "messages": _messages(s),
                "praise": _praise(s), "signings": _signings(s)}


def month_report(first: date, clerk_id: int | None = None, settings=None) -> dict:
    """The month's figures with `previous` (last month's, same form) and the clerk's text."""
    settings = settings or settings_service.load()
    zone = settings.zone
    this = figures(scope(first, clerk_id, zone), zone)
    last = figures(scope(month_service.previous(first), clerk_id, zone), zone)
    paper = month_service.paper("report", first, clerk_id)
    return {"month": month_service.label(first), "clerk_id": clerk_id, **this,
            "previous_month": month_service.label(month_service.previous(first)), "previous": last,
            "summary": paper.summary, "plan": paper.plan,
            "handed_in_at": paper.handed_in_at.isoformat() if paper.handed_in_at else None}


def clerk_by_login(login: str) -> int | None:
    with db.reading():
        return Staff.select(Staff.id).where(Staff.login == login).scalar()
