"""Open due times worked out again on the company clock (callcenter.rules.company_clock).

Two callers, both inside their own write transaction: a supervisor's change of the calendar
(services.calendar, for the follow-ups whose due time the change can move) and the schema
upgrade to version 3 (every open follow-up and complaint deadline). It lives in db because the
upgrade needs it and db imports nothing above the pure rules.

What is worked out again, each from its own base:
- planned calls (handover, acceptance, final acceptance): the milestone, by followup_plan;
  warranty calls: their date rule (the whole project's warranty plan, never two on one day);
- complaint confirmation calls: the complaint's resolution + 1 hour;
- a follow-up the customer did not answer (outcome no_answer): that call's end + the retry hours;
- complaint deadlines (upgrade only): receipt + the deadline hours, unless a supervisor set it.
Typed times (manual follow-ups, "call back at") and done or cancelled work are never touched.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from peewee import JOIN

from callcenter.rules.company_clock import due
from callcenter.rules.followup_plan import delay, warranty_plan
from callcenter.rules.workcal import WorkCalendar
from db import engine
from db.defaults import DEFAULTS
from db.models import Acceptance, CalendarDay, Call, Complaint, ComplaintAction, FollowUp, Project, Setting, database

CONFIRM_AFTER = timedelta(hours=1)  # a complaint's confirmation call, after its resolution


def settings_values() -> dict:
    """Every company setting: the database's value, else the default."""
    values = dict(DEFAULTS)
    values.update((key, json.loads(value)) for key, value in Setting.select(Setting.key, Setting.value).tuples())
    return values


def calendar_days() -> tuple[frozenset[date], frozenset[date]]:
    """(days a supervisor opened, days a supervisor closed)."""
    opened, closed = set(), set()
    for day, is_open in CalendarDay.select(CalendarDay.day, CalendarDay.open).tuples():
        (opened if is_open else closed).add(day)
    return frozenset(opened), frozenset(closed)


def company_calendar(values: dict) -> WorkCalendar:
    return WorkCalendar.from_settings(values, *calendar_days())


def followups(calendar: WorkCalendar, values: dict, since: datetime | None = None,
              until: datetime | None = None, *, warranty: bool = True) -> list[tuple[int, datetime, datetime]]:
    """Move every open follow-up whose due time differs under `calendar`; (id, before, after) of each.

    `since`/`until` limit the open follow-ups looked at to those due in that range (a calendar
    change can only move those; see services.calendar). Without `warranty`, warranty visits are
    left alone (the upgrade: their date rule did not change).
    """
    F = FollowUp
    query = (F.select(F.id, F.key, F.reason, F.stage, F.due_at, F.outcome, F.project, Project.handover_at,
                      Project.final_acceptance_at, Project.warranty_months, Acceptance.at, Call.ended_at)
             .join(Project, JOIN.LEFT_OUTER, on=(F.project == Project.id))
             .switch(F).join(Acceptance, JOIN.LEFT_OUTER, on=(
                 (Acceptance.project == F.project) & (Acceptance.stage == F.stage) & (F.key.startswith("acceptance:"))))
             .switch(F).join(Call, JOIN.LEFT_OUTER, on=(F.call == Call.id))
             .where(F.status == "open"))
    if since is not None:
        query = query.where(F.due_at >= since)
    if until is not None:
        query = query.where(F.due_at < until)
    if not warranty:
        query = query.where(F.reason != "warranty")
    rows = list(query.tuples())
    retry = timedelta(hours=values["no_answer_retry_hours"])
    confirmations = _resolutions([key for _, key, reason, *_ in rows if reason == "complaint" and key])
    warranties: dict[int, dict] = {}
    moved = []
    for (fid, key, reason, stage, due_at, outcome, project_id, handover_at, final_at, months, accepted_at,
         ended_at) in rows:
        new = None
        if outcome == "no_answer":
            new = due(ended_at, retry, calendar) if ended_at is not None else None
        elif outcome is not None:  # "call back": a time the customer asked for
            continue
        elif key == "handover" and handover_at is not None:
            new = due(handover_at, delay(key), calendar)
        elif key == "final" and final_at is not None:
            new = due(final_at, delay(key), calendar)
        elif key and key.startswith("acceptance:") and accepted_at is not None:
            new = due(accepted_at, delay(key), calendar)
        elif key and key.startswith("warranty:") and final_at is not None:
            if project_id not in warranties:
                plan = warranty_plan(final_at, months or values["warranty_months"], calendar)
                warranties[project_id] = {p.key: p.due_at for p in plan}
            new = warranties[project_id].get(key)
        elif reason == "complaint" and confirmations.get(key) is not None:
            new = due(confirmations[key], CONFIRM_AFTER, calendar)
        if new is not None and new != due_at:
            moved.append((fid, due_at, new))
    _write(FollowUp, "due_at", moved)
    return moved


def _resolutions(keys: list[str]) -> dict[str, datetime]:
    """complaint:<id> -> when that complaint was resolved."""
    ids = [int(key.split(":", 1)[1]) for key in keys]
    found = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for cid, resolved in Complaint.select(Complaint.id, Complaint.resolved_at).where(
                Complaint.id.in_(chunk)).tuples():
            found[f"complaint:{cid}"] = resolved
    return found


def deadlines(calendar: WorkCalendar, values: dict) -> list[tuple[int, datetime, datetime]]:
    """Open complaints' deadlines on the company clock, except those a supervisor set by hand."""
    span = timedelta(hours=values["complaint_deadline_hours"])
    by_hand = ComplaintAction.select(ComplaintAction.complaint).where(ComplaintAction.action == "deadline")
    rows = (Complaint.select(Complaint.id, Complaint.received_at, Complaint.deadline_at)
            .where(Complaint.status.in_(("new", "in_progress")) & Complaint.id.not_in(by_hand)).tuples())
    moved = [(cid, old, new) for cid, received, old in rows if (new := due(received, span, calendar)) != old]
    _write(Complaint, "deadline_at", moved)
    return moved


def _write(model, column: str, moved: list) -> None:
    if moved:
        table = model._meta.table_name
        engine.executemany(
            database, f'UPDATE "{table}" SET {column} = ? WHERE id = ?',
            [(int(new.timestamp()), row_id) for row_id, _, new in moved])


def record(actor: str, entity: str, column: str, moved: list, why: dict) -> None:
    """One audit row per moved record (before and after), written at once: a change may move thousands."""
    now = int(datetime.now(timezone.utc).timestamp())
    engine.executemany(
        database, 'INSERT INTO "audit" (at, actor, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [(now, actor, entity, str(row_id), "replan", json.dumps({column: old.isoformat()}),
          json.dumps({column: new.isoformat(), **why}, ensure_ascii=False)) for row_id, old, new in moved])
