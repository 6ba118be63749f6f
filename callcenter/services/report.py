"""The monthly work report (述职报告, DOMAIN.md rule 21): the month's numbers of the desk, or of
one clerk, each beside last month's.

Every figure is a grouped count or sum in SQLite over one month's range of an indexed time
column (bench/month_end.py times it on the 1M-call database); only the relay times of phone
messages come to Python, for their median. A report handed in keeps its figures: they are the
record, and the next month's "last month" is read from them instead of counted again.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from peewee import Case, fn

import db
from callcenter.rules import money
from callcenter.rules.clock import day_bounds
from callcenter.services import month as month_service
from callcenter.services import settings as settings_service
from db import engine
from db.models import (
    Call,
    Complaint,
    Contract,
    FollowUp,
    Message,
    Praise,
    Rating,
    Staff,
)


@dataclass(frozen=True)
class Scope:
    first: date
    start: datetime  # aware UTC, included
    end: datetime  # aware UTC, excluded
    clerk_id: int | None  # None: the whole desk
    zone: str


def scope(first: date, clerk_id: int | None, zone: str) -> Scope:
    start = day_bounds(first, zone)[0]
    end = day_bounds(month_service.following(first), zone)[0]
    return Scope(first, start, end, clerk_id, zone)


def _grouped(query) -> dict:
    return {("" if key is None else str(key)): count for key, count in query.tuples()}


def _calls_where(s: Scope, alias: str = "") -> tuple[str, list]:
    sql = f"{alias}started_at >= ? AND {alias}started_at < ?"
    params = [int(s.start.timestamp()), int(s.end.timestamp())]
    if s.clerk_id is not None:
        sql += f" AND {alias}clerk_id = ?"
        params.append(s.clerk_id)
    return sql, params


def _counted(condition):
    """How many rows meet `condition`: a SUM of 1s, which both engines read (a server sums no booleans)."""
    return fn.SUM(Case(None, [(condition, 1)], 0))


def _calls(s: Scope, items: list[str]) -> tuple[dict, dict]:
    """Contacts and the call checklist from a grouped pass over the month's calls; each item's
    share (of the current checklist), the sources and the days from their own queries below."""
    database = Call._meta.database

    def sql(text: str, params=()):
        return engine.execute(database, text, params)

    where, params = _calls_where(s)
    rows = sql(f"SELECT channel, direction, category, clerk_id, checklist_ticked, checklist_total, COUNT(*) "
               f"FROM call WHERE {where} GROUP BY 1, 2, 3, 4, 5, 6", params).fetchall()
    # An item's ticks are looked for in the JSON only where some item was left unticked (a third of
    # the calls): a call with every item ticked ticked each one. A query of its own: SQLite
    # evaluates both sides of an AND, so inside the grouped pass it searched every call's JSON.
    marks = [_like(json.dumps(item, ensure_ascii=False) + ": true") for item in items]  # as calls.save writes it
    ticks = ", ".join("SUM(CASE WHEN checklist LIKE ? ESCAPE '\\' THEN 1 ELSE 0 END)" for _ in marks) or "0"
    partly = sql(f"SELECT {ticks} FROM call WHERE {where} AND checklist_ticked < checklist_total",
                 marks + params).fetchone()
    contacts = {"total": 0, "by_channel": {}, "by_direction": {}, "by_category": {}}
    checked = {"calls": 0, "scores": {}, "items": {}, "per_clerk": {}}
    per_clerk: dict[int, list[int]] = {}
    all_ticked = 0
    for channel, direction, category, clerk_id, ticked, total, count in rows:
        contacts["total"] += count
        for group, key in (("by_channel", channel), ("by_direction", direction), ("by_category", category)):
            contacts[group][key] = contacts[group].get(key, 0) + count
        if total:
            checked["calls"] += count
            checked["scores"][str(ticked)] = checked["scores"].get(str(ticked), 0) + count
            all_ticked += count if ticked == total else 0
            mine = per_clerk.setdefault(clerk_id, [0, 0, 0])
            mine[0] += count
            mine[1] += ticked * count
            mine[2] += total * count
    calls = checked["calls"]
    if calls:
        checked["items"] = {item: round((all_ticked + (n or 0)) / calls, 3) for item, n in zip(items, partly)}
    names = dict(Staff.select(Staff.id, Staff.name).where(Staff.id.in_(list(per_clerk))).tuples()) if per_clerk else {}
    checked["per_clerk"] = {names.get(cid, str(cid)): {"calls": n, "share": round(t / tt, 3) if tt else 0.0}
                            for cid, (n, t, tt) in sorted(per_clerk.items(), key=lambda kv: names.get(kv[0], ""))}
    # By source: the month's calls counted per customer first, then one lookup per customer.
    where, params = _calls_where(s, "c.")
    contacts["by_source"] = {source or "": n for source, n in sql(
        "SELECT cu.source, SUM(c.n) FROM (SELECT customer_id, COUNT(*) AS n FROM call AS c WHERE "
        f"{where} GROUP BY 1) AS c LEFT JOIN customer AS cu ON cu.id = c.customer_id GROUP BY 1", params).fetchall()}
    # Per day: a count on the started_at index for each day, no row read.
    per_day = []
    day = s.first
    while day < month_service.following(s.first):
        start, end = day_bounds(day, s.zone)
        where, params = _calls_where(Scope(day, start, end, s.clerk_id, s.zone))
        per_day.append(sql(f"SELECT COUNT(*) FROM call WHERE {where}", params).fetchone()[0])
        day += timedelta(days=1)
    contacts["per_day"] = per_day
    return contacts, checked


def _like(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere, its own % and _ taken as they are."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _complaints(s: Scope) -> dict:
    received = (Complaint.received_at >= s.start) & (Complaint.received_at < s.end)
    if s.clerk_id is not None:
        received &= Complaint.created_by == s.clerk_id
    count = fn.COUNT(Complaint.id)
    row = Complaint.select(
        count,
        _counted(Complaint.resolved_at.is_null(False) & (Complaint.resolved_at <= Complaint.deadline_at)),
        _counted(Complaint.escalation_level >= 1), _counted(Complaint.escalation_level >= 2),
    ).where(received).tuples().first()
    # Open at the month's end: received before it, not resolved (closing resolves too) before it.
    # The whole desk's count reads the staff-view index alone (9 ms where the received_at index
    # and the table took 54 ms for 100k complaints); one clerk's needs created_by from the table.
    end = int(s.end.timestamp())
    if s.clerk_id is None:
        database = Complaint._meta.database
        open_at_end = engine.execute(
            database, f"SELECT COUNT(*) FROM complaint {engine.indexed_by(database, 'complaint_staff_view')} "
            "WHERE received_at < ? AND (resolved_at IS NULL OR resolved_at >= ?)", (end, end)).fetchone()[0]
    else:
        open_at_end = Complaint.select().where(
            (Complaint.received_at < s.end) & (Complaint.resolved_at.is_null() | (Complaint.resolved_at >= s.end))
            & (Complaint.created_by == s.clerk_id)).count()
    return {"received": row[0], "answered_in_time": row[1] or 0,
            "escalated": {"1": row[2] or 0, "2": row[3] or 0},
            "open_at_end": open_at_end,
            "by_role": _grouped(Complaint.select(Complaint.respondent_role, count).where(received)
                                .group_by(Complaint.respondent_role)),
            "by_person": _grouped(Complaint.select(Staff.name, count).join(Staff, on=(Complaint.respondent == Staff.id))
                                  .where(received).group_by(Complaint.respondent, Staff.name))}


def _followups(s: Scope) -> dict:
    # IN, not != "cancelled": the (status, due_at) index takes IN; != read all 1.2M rows.
    where = FollowUp.status.in_(("open", "done")) & (FollowUp.due_at >= s.start) & (FollowUp.due_at < s.end)
    if s.clerk_id is not None:
        where &= (FollowUp.done_by == s.clerk_id) | ((FollowUp.status == "open") & (FollowUp.assignee == s.clerk_id))
    done = FollowUp.status == "done"
    rows = (FollowUp.select(FollowUp.reason, fn.COUNT(FollowUp.id),
                            _counted(done & (FollowUp.done_at <= FollowUp.due_at)),
                            _counted(done & (FollowUp.done_at > FollowUp.due_at)),
                            _counted(FollowUp.status == "open"))
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
            .group_by(Rating.role, Rating.staff, Staff.name).order_by(Rating.role, Staff.name).tuples())
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
    row = Praise.select(fn.COUNT(Praise.id), _counted(Praise.exchange_meeting == True)).where(  # noqa: E712
        where).tuples().first()
    return {"forwarded": row[0], "exchange_meeting": row[1] or 0}


def _signings(s: Scope) -> dict:
    row = Contract.select(fn.COUNT(Contract.id), fn.SUM(Contract.amount_fen)).where(
        (Contract.signed_on >= s.first) & (Contract.signed_on < month_service.following(s.first))).tuples().first()
    return {"count": row[0], "amount": str(money.yuan(row[1] or 0))}


def figures(s: Scope, items: list[str]) -> dict:
    with db.reading():
        contacts, checklist = _calls(s, items)
        return {"contacts": contacts, "checklist": checklist, "complaints": _complaints(s),
                "followups": _followups(s), "ratings": _ratings(s), "messages": _messages(s),
                "praise": _praise(s), "signings": _signings(s)}


def _kept(month: date, clerk_id: int | None) -> dict | None:
    """The figures a report of this scope was handed in with, or None."""
    if clerk_id is None:
        return month_service.paper("report_desk", month).figures
    return month_service.paper("report", month, clerk_id).figures


def month_figures(month: date, clerk_id: int | None, settings) -> dict:
    """A month's figures: as handed in, once a report of that scope was (the record the deputy GM
    read, and one pass over the calls less for the month after); else counted now."""
    kept = _kept(month, clerk_id)
    if kept is not None:
        return kept
    return figures(scope(month, clerk_id, settings.zone), list(settings["checklist"]))


def hand_in(actor, first: date, settings=None) -> month_service.Paper:
    """The actor's report handed in with its figures: a clerk's own, a supervisor's the whole desk's."""
    settings = settings or settings_service.load()
    clerk_id = None if actor.is_supervisor else actor.id
    counted = figures(scope(first, clerk_id, settings.zone), list(settings["checklist"]))
    if clerk_id is None:  # the desk's figures are kept once, whichever supervisor hands in first
        if month_service.paper("report_desk", first).handed_in_at is None:
            month_service.hand_in(actor, "report_desk", first, None, counted)
        return month_service.hand_in(actor, "report", first, actor.id)
    return month_service.hand_in(actor, "report", first, actor.id, counted)


def month_report(first: date, clerk_id: int | None = None, settings=None, paper_of: int | None = None) -> dict:
    """The month's figures with `previous` (last month's, same form) and the summary and plan of
    `paper_of`'s report (default: `clerk_id`'s)."""
    settings = settings or settings_service.load()
    this = month_figures(first, clerk_id, settings)
    last = month_figures(month_service.previous(first), clerk_id, settings)
    paper = month_service.paper("report", first, clerk_id if paper_of is None else paper_of)
    return {"month": month_service.label(first), "clerk_id": clerk_id, **this,
            "previous_month": month_service.label(month_service.previous(first)), "previous": last,
            "summary": paper.summary, "plan": paper.plan,
            "handed_in_at": paper.handed_in_at.isoformat() if paper.handed_in_at else None}


def clerk_by_login(login: str) -> int | None:
    with db.reading():
        return Staff.select(Staff.id).where(Staff.login == login).scalar()
