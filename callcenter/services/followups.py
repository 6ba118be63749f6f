"""The follow-up plan (回访): derived from project milestones, worked from the queue.

Planned follow-ups carry a `key` ("acceptance:水电") that survives re-planning: when a
milestone moves, its open follow-up moves; done ones stay as they were; a removed milestone
cancels its open follow-up; nothing is duplicated (a unique index on project and key).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peewee import JOIN

import db
from callcenter.i18n import t
from callcenter.rules.clock import now_utc
from callcenter.rules.company_clock import Explanation, due, explain
from callcenter.rules.followup_plan import Milestones, delay, plan
from callcenter.rules.phone import display
from callcenter.services import calendar as calendar_service
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from callcenter.services.paging import PAGE_SIZE, Page, page_of
from db import audit
from db.models import (
    LIMITS,
    Acceptance,
    Call,
    Complaint,
    Customer,
    FollowUp,
    Project,
    Staff,
)

REASONS = ("handover", "acceptance", "warranty", "complaint", "manual")
PLANNED = ("handover", "acceptance", "warranty")  # the reasons replan owns
OUTCOMES = ("reached", "no_answer", "call_back", "wrong_number")


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    due_at: datetime
    reason: str
    stage: str
    customer_id: int
    customer: str
    phone_raw: str
    phone: str
    phone_e164: str | None
    project_id: int | None
    project: str
    assignee: str
    personal: bool
    attempts: int
    status: str
    note: str
    overdue: bool
    key: str | None = None  # planned ones; "complaint:<id>" for a complaint's confirmation call

    @property
    def complaint_id(self) -> int | None:
        return int(self.key.split(":", 1)[1]) if self.reason == "complaint" and self.key else None


def milestones_of(project: Project, settings) -> Milestones:
    stages = tuple((a.stage, a.at) for a in Acceptance.select().where(Acceptance.project == project.id).order_by(Acceptance.at))
    months = project.warranty_months or settings["warranty_months"]
    return Milestones(project.handover_at, stages, project.final_acceptance_at, months)


def replan(project_id: int, settings=None) -> None:
    """Bring a project's planned follow-ups in line with its milestones (in the caller's transaction)."""
    settings = settings or settings_service.load()
    project = Project.get_by_id(project_id)
    wanted = {p.key: p for p in plan(milestones_of(project, settings), calendar_service.current(settings))}
    existing = {f.key: f for f in FollowUp.select().where(
        (FollowUp.project == project_id) & FollowUp.reason.in_(PLANNED))}  # not a complaint's confirmation call
    now = now_utc()
    new = []
    for key, planned in wanted.items():
        current = existing.get(key)
        if current is None:
            new.append({"customer": project.customer_id, "project": project_id, "key": key, "reason": planned.reason,
                        "stage": planned.stage, "due_at": planned.due_at, "created_at": now})
        elif current.status != "done" and (current.due_at != planned.due_at or current.status == "cancelled"
                                           or current.stage != planned.stage):
            FollowUp.update(due_at=planned.due_at, stage=planned.stage, status="open").where(
                FollowUp.id == current.id).execute()
    if new:
        FollowUp.insert_many(new).execute()
    gone = [f.id for key, f in existing.items() if key not in wanted and f.status == "open"]
    if gone:
        FollowUp.update(status="cancelled").where(FollowUp.id.in_(gone)).execute()


def _visible(clerk_id: int, at: datetime, settings, mine: bool = False):
    """Open follow-ups this clerk may work: anyone's, their own, and others' personal ones overdue too long."""
    takeover = at - timedelta(hours=settings["followup_takeover_hours"])
    own = FollowUp.assignee == clerk_id
    if mine:
        return (FollowUp.status == "open") & own
    shared = (FollowUp.personal == False) | own | (FollowUp.due_at < takeover)  # noqa: E712
    return (FollowUp.status == "open") & shared


def _rows(condition):
    assignee = Staff.alias()
    return (
        FollowUp.select(
            FollowUp.id, FollowUp.due_at, FollowUp.reason, FollowUp.stage, FollowUp.customer,
            Customer.name.alias("customer_name"), Customer.phone_raw, Customer.phone_e164, FollowUp.project,
            Project.address.alias("project_address"), assignee.name.alias("assignee_name"), FollowUp.personal,
            FollowUp.attempts, FollowUp.status, FollowUp.note, FollowUp.key,
        )
        .join(Customer, on=(FollowUp.customer == Customer.id))
        .switch(FollowUp).join(Project, JOIN.LEFT_OUTER, on=(FollowUp.project == Project.id))
        .switch(FollowUp).join(assignee, JOIN.LEFT_OUTER, on=(FollowUp.assignee == assignee.id))
        .where(condition)
        .order_by(FollowUp.due_at, FollowUp.id)
        .dicts()
    )


def _to_row(at: datetime):
    def convert(r: dict) -> FollowUpRow:
        return FollowUpRow(
            r["id"], r["due_at"], r["reason"], r["stage"], r["customer"], r["customer_name"], r["phone_raw"],
            display(r["phone_e164"], r["phone_raw"]), r["phone_e164"], r["project"], r["project_address"] or "",
            r["assignee_name"] or "", r["personal"], r["attempts"], r["status"], r["note"], r["due_at"] < at,
            r["key"],
        )
    return convert


def queue(clerk_id: int, at: datetime | None = None, page: int = 0, size: int = PAGE_SIZE, *,
          mine: bool = False, settings=None) -> Page[FollowUpRow]:
    """Open follow-ups in due order: overdue first, then today's, then upcoming."""
    at = at or now_utc()
    settings = settings or settings_service.load()
    with db.reading():
        return page_of(_rows(_visible(clerk_id, at, settings, mine)), page, size, _to_row(at))


def due_count(clerk_id: int, until: datetime, at: datetime | None = None, settings=None) -> int:
    """Open follow-ups this clerk can work that are due before `until` (the end of today)."""
    at = at or now_utc()
    settings = settings or settings_service.load()
    with db.reading():
        return FollowUp.select().where(_visible(clerk_id, at, settings) & (FollowUp.due_at < until)).count()


def get(followup_id: int, at: datetime | None = None) -> FollowUpRow | None:
    at = at or now_utc()
    with db.reading():
        row = _rows(FollowUp.id == followup_id).first()
        return _to_row(at)(row) if row else None


@dataclass
class ManualDraft:
    due_at: datetime
    note: str = ""
    personal: bool = False


def check_manual(draft: ManualDraft) -> None:
    if draft.due_at <= now_utc():
        raise Refused("when.past")
    check_length("notes", draft.note, LIMITS["content"])


def insert_manual(actor, customer_id: int, draft: ManualDraft, project_id: int | None = None) -> int:
    """Inside the caller's write transaction; the draft already checked."""
    followup = FollowUp.create(customer=customer_id, project=project_id, reason="manual", due_at=draft.due_at,
                               assignee=actor.id, personal=draft.personal, note=draft.note, created_at=now_utc())
    audit.record(actor.login, "followup", followup.id, "create", None,
                 {"customer": customer_id, "due_at": draft.due_at.isoformat(), "personal": draft.personal})
    return followup.id


def add_manual(actor, customer_id: int, draft: ManualDraft, project_id: int | None = None) -> int:
    check_manual(draft)
    with db.writing():
        return insert_manual(actor, customer_id, draft, project_id)


def check_outcome(outcome: str, callback_at: datetime | None) -> None:
    if outcome not in OUTCOMES:
        raise Refused("followup.outcome_required")
    if outcome == "call_back" and callback_at is None:
        raise Refused("followup.callback_time_required")
    if outcome == "call_back" and callback_at <= now_utc():
        raise Refused("when.past")


def record_outcome(actor, followup_id: int, outcome: str, call_id: int | None, callback_at: datetime | None,
                   settings) -> None:
    """Inside the call's write transaction: close, retry or re-schedule the follow-up."""
    followup = FollowUp.get_by_id(followup_id)
    if followup.status != "open":
        raise Refused("followup.not_open")
    now = now_utc()
    before = {"status": followup.status, "due_at": followup.due_at.isoformat(), "attempts": followup.attempts}
    changes = {"outcome": outcome, "call": call_id, "attempts": followup.attempts + 1}
    if outcome == "call_back":
        changes["due_at"] = callback_at
    elif outcome == "no_answer" and followup.attempts + 1 < settings["no_answer_attempts"]:
        retry = timedelta(hours=settings["no_answer_retry_hours"])
        # counted from the call's end, the base a calendar change re-plans it from (db.due_times)
        ended = Call.select(Call.ended_at).where(Call.id == call_id).scalar() if call_id is not None else None
        changes["due_at"] = due(ended or now, retry, calendar_service.current(settings))
    else:
        changes.update(status="done", done_at=now, done_by=actor.id)
    FollowUp.update(**changes).where(FollowUp.id == followup_id).execute()
    audit.record(actor.login, "followup", followup_id, "outcome", before,
                 {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in changes.items()})


def open_stream(at: datetime, clerk_id: int | None = None, settings=None):
    """Every open follow-up visible at `at` (all of them without a clerk), streamed for the CLI."""
    settings = settings or settings_service.load()
    condition = _visible(clerk_id, at, settings, mine=True) if clerk_id else (FollowUp.status == "open")
    convert = _to_row(at)
    with db.reading():
        for row in _rows(condition).iterator():
            yield convert(row)


def event_at(row: FollowUpRow) -> datetime | None:
    """When what the follow-up is about happened: the handover, the acceptance, the complaint's
    receipt; None for warranty and manual calls."""
    with db.reading():
        if row.key == "handover" or row.key == "final":
            field = Project.handover_at if row.key == "handover" else Project.final_acceptance_at
            return Project.select(field).where(Project.id == row.project_id).scalar()
        if row.key and row.key.startswith("acceptance:"):
            return Acceptance.select(Acceptance.at).where(
                (Acceptance.project == row.project_id) & (Acceptance.stage == row.stage)).scalar()
        if row.complaint_id is not None:
            return Complaint.select(Complaint.received_at).where(Complaint.id == row.complaint_id).scalar()
    return None


def _planned_event(row: FollowUpRow) -> datetime | None:
    """The handover or acceptance a planned call counts from; None for warranty visits, retries,
    typed times and confirmation calls (no span on the company clock gave their due time)."""
    return event_at(row) if _is_planned(row) and not row.attempts else None


def _is_planned(row: FollowUpRow) -> bool:
    return row.key in ("handover", "final") or (row.key or "").startswith("acceptance:")


def explain_due(row: FollowUpRow, settings=None) -> Explanation | None:
    """How a handover or acceptance call's due time came about on the company clock (for a "why
    moved" column); None for warranty visits, retries, typed times and confirmation calls."""
    at = _planned_event(row)
    return None if at is None else calendar_service.explain_due(at, delay(row.key), settings)


def moved_dues(rows: list[FollowUpRow], settings=None) -> dict[int, str]:
    """For each row whose due time the company clock moved (past closed days, or into opening
    hours), the line that says why ("交底 周日 16:00 → 下班后，顺延到 周二 08:00"); one calendar
    read for a whole page of the queue."""
    settings = settings or settings_service.load()
    calendar = calendar_service.load(settings)
    lines = {}
    for row, at in _planned_events(rows):
        seen = explain(at, delay(row.key), calendar)
        if seen.due == row.due_at and (seen.moved or seen.skipped):
            lines[row.id] = calendar_service.describe(seen, _event_name(row), settings)
    return lines


def _planned_events(rows: list[FollowUpRow]) -> list[tuple[FollowUpRow, datetime]]:
    """`_planned_event` for a page of rows in two queries (one a row was most of F3's page time)."""
    planned = [row for row in rows if _is_planned(row) and not row.attempts]
    ids = {row.project_id for row in planned}
    with db.reading():
        milestones = {p: {"handover": h, "final": f} for p, h, f in Project.select(
            Project.id, Project.handover_at, Project.final_acceptance_at).where(Project.id.in_(ids)).tuples()}
        accepted = {(p, stage): at for p, stage, at in Acceptance.select(
            Acceptance.project, Acceptance.stage, Acceptance.at).where(Acceptance.project.in_(ids)).tuples()}
    found = []
    for row in planned:
        if row.key in ("handover", "final"):
            at = milestones.get(row.project_id, {}).get(row.key)
        else:
            at = accepted.get((row.project_id, row.stage))
        if at is not None:
            found.append((row, at))
    return found


def _event_name(row: FollowUpRow) -> str:
    if row.key in ("handover", "final"):
        return t(f"clock.event.{row.key}")
    return t("clock.event.acceptance", stage=row.stage)


def script_values(row: FollowUpRow, zone: str) -> dict:
    """What a follow-up's opening line is filled with besides the company and names: {stage} and
    {event_date} ("12 月 6 日"), so a call made days late never says 今天 of another day."""
    at = event_at(row)
    day = at.astimezone(ZoneInfo(zone)) if at is not None else None
    return {"stage": row.stage, "event_date": t("clock.day", month=day.month, day=day.day) if day else ""}


def staff_id_by_login(login: str) -> int | None:
    """The desk user with this login, without signing anyone in: a listing must not add staff."""
    with db.reading():
        row = Staff.select(Staff.id).where(Staff.login == login.strip()).tuples().first()
    return row[0] if row else None
