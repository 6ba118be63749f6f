"""Complaints (接收客户投诉, DOMAIN.md rules 11-13): filed, worked, resolved, confirmed, escalated.

A complaint names the staff member it is against (责任到人) and, once someone takes it on, the
person responsible for fixing it. Its life:

    new -> in_progress -> resolved -> confirmed          a customer's complaint
    new -> in_progress -> closed                         between staff (mediated; a supervisor
                                                          closes it with a handling opinion)

Resolving a customer's complaint plans a confirmation call (a FollowUp, reason "complaint", key
"complaint:<id>") at the next working slot; the call records whether the customer is satisfied:
yes confirms it, no reopens it (back to in_progress, the deadline as it was). A supervisor may
also close an escalated complaint with an opinion.

Open complaints (new, in_progress) run against their deadline (`complaint_deadline_hours`
after receipt). `escalate_due` moves each one that is late to the administrative assistant
(level 1) and, `complaint_escalate_after_hours` later, to the deputy general manager (level 2).
It runs on the desk's start, on a timer, and from cron (`callcenter complaints --escalate`),
often in several processes at once: each step is one conditional UPDATE (`escalation_level` below
the target) inside an immediate transaction, and the log rows are written for exactly the rows
that UPDATE returned, so nothing is ever escalated twice.

Every change leaves a ComplaintAction (the log the desk shows) and an audit row, in the same
transaction as the change.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from peewee import JOIN, SQL

import db
from callcenter.rules import complaints as rules
from callcenter.rules.clock import now_utc
from callcenter.services import calendar as calendar_service
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from callcenter.services.paging import PAGE_SIZE, Page, page_of
from db import audit, engine
from db.due_times import CONFIRM_AFTER
from db.models import (
    COMPLAINT_DUE_WHERE,
    LIMITS,
    Complaint,
    ComplaintAction,
    Customer,
    FollowUp,
    Project,
    Staff,
    database,
)

KINDS_SETTING = "complaint_kinds"
ROLES = ("designer", "qc_inspector", "project_manager", "other")
STATUSES = ("new", "in_progress", "resolved", "confirmed", "closed")
OPEN_STATUSES = ("new", "in_progress")  # the clock runs; these escalate
FINISHED = ("confirmed", "closed")
FOLLOWUP_REASON = "complaint"
ESCALATION_ACTOR = "escalation"  # the audit trail's actor for the automatic pass
ESCALATE_TO = {1: "admin_assistant", 2: "deputy_gm"}  # level -> Staff.role
FUTURE_SLACK = timedelta(minutes=5)  # clocks of clerks' machines differ a little

# Conditions written with literal values, the same as the partial indexes' (db.models): SQLite
# uses a partial index only then. A test checks they agree.
_OPEN_LITERAL = "(" + ", ".join(f"'{status}'" for status in OPEN_STATUSES) + ")"
OPEN = Complaint.status.in_(SQL(_OPEN_LITERAL))
DUE = OPEN & (Complaint.escalation_level < SQL("2"))


def followup_key(complaint_id: int) -> str:
    return f"complaint:{complaint_id}"


# ---- filing ---------------------------------------------------------------------------------


@dataclass
class ComplaintDraft:
    respondent_id: int | None
    respondent_role: str
    kind: str
    description: str
    complainant_customer_id: int | None = None
    complainant_staff_id: int | None = None  # staff-vs-staff: the colleague who complains
    project_id: int | None = None
    responsible_id: int | None = None
    received_at: datetime | None = None  # None: now


def check(draft: ComplaintDraft, settings) -> None:
    """Refuse an incomplete or impossible complaint before anything is written (no database).

    A draft without a complainant passes: on a call the complainant is the caller, who may only
    become a customer in the call's own transaction; `insert` refuses it if it is still unknown.
    """
    if draft.respondent_id is None:
        raise Refused("complaint.respondent_required")
    if not draft.description.strip():
        raise Refused("complaint.description_required")
    check_length("description", draft.description, LIMITS["notes"])
    if draft.respondent_role not in ROLES:
        raise Refused("complaint.bad_role")
    if draft.kind not in settings[KINDS_SETTING]:
        raise Refused("complaint.bad_kind", kind=draft.kind)
    if draft.complainant_customer_id is not None and draft.complainant_staff_id is not None:
        raise Refused("complaint.complainant_both")
    if draft.complainant_staff_id is not None and draft.complainant_staff_id == draft.respondent_id:
        raise Refused("complaint.same_person")
    if draft.received_at is not None and draft.received_at > now_utc() + FUTURE_SLACK:
        raise Refused("complaint.received_in_future")


def _active_staff(staff_id: int) -> Staff:
    person = Staff.get_or_none((Staff.id == staff_id) & (Staff.active == True))  # noqa: E712
    if person is None:
        raise Refused("staff.unknown")
    return person


def insert(actor, draft: ComplaintDraft, settings, call_id: int | None = None) -> int:
    """File the complaint inside the caller's write transaction (a call's save, or `file`)."""
    check(draft, settings)
    if draft.complainant_customer_id is None and draft.complainant_staff_id is None:
        raise Refused("complaint.complainant_required")
    respondent = _active_staff(draft.respondent_id)
    responsible = _active_staff(draft.responsible_id) if draft.responsible_id is not None else None
    if draft.complainant_staff_id is not None:
        _active_staff(draft.complainant_staff_id)
    if draft.complainant_customer_id is not None and not Customer.select().where(
            Customer.id == draft.complainant_customer_id).exists():
        raise Refused("complaint.unknown_customer")
    if draft.project_id is not None:
        owner = Project.select(Project.customer).where(Project.id == draft.project_id).scalar()
        if owner is None:
            raise Refused("complaint.unknown_project")
        if draft.complainant_customer_id is not None and owner != draft.complainant_customer_id:
            raise Refused("complaint.project_not_customers")
    now = now_utc()
    received = draft.received_at or now
    complaint = Complaint.create(
        complainant_customer=draft.complainant_customer_id, complainant_staff=draft.complainant_staff_id,
        project=draft.project_id, respondent=respondent.id, respondent_role=draft.respondent_role,
        kind=draft.kind, description=draft.description.strip(), received_at=received,
        deadline_at=rules.deadline(received, settings["complaint_deadline_hours"], calendar_service.current(settings)),
        responsible=responsible.id if responsible else None, call=call_id, created_by=actor.id,
    )
    _log(complaint.id, now, actor, "filed")
    if responsible is not None:
        _log(complaint.id, now, actor, "responsible", responsible.name)
    audit.record(actor.login, "complaint", complaint.id, "create", None, {
        "respondent": respondent.id, "respondent_role": draft.respondent_role, "kind": draft.kind,
        "customer": draft.complainant_customer_id, "staff": draft.complainant_staff_id,
        "project": draft.project_id, "responsible": draft.responsible_id, "call": call_id,
        "received_at": received.isoformat(), "deadline_at": complaint.deadline_at.isoformat(),
    })
    return complaint.id


def file(actor, draft: ComplaintDraft) -> int:
    """File a complaint in a transaction of its own (a visit or a letter, not a call)."""
    settings = settings_service.load()
    check(draft, settings)
    with db.writing():
        return insert(actor, draft, settings)


def _log(complaint_id: int, at: datetime, actor, action: str, text: str = "", level: int | None = None) -> None:
    ComplaintAction.create(complaint=complaint_id, at=at, actor=actor.id if actor else None, action=action,
                           text=text, level=level)


# ---- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    received_at: datetime
    deadline_at: datetime
    status: str
    escalation_level: int
    escalated_to: str  # name, or ""
    respondent: str
    respondent_role: str
    responsible: str  # name, or ""
    complainant: str  # the customer's name, or the colleague's for a staff dispute
    project: str  # address, or ""
    kind: str
    description: str
    urgency: str  # overdue | soon | ok, or "closed" when not open (resolved, confirmed, closed)
    staff_dispute: bool
    customer_id: int | None


@dataclass(frozen=True)
class ComplaintDetail:
    row: ComplaintRow
    actions: tuple  # (at, actor name or "", action, text, level), oldest first
    resolution: str
    satisfied: bool | None
    project_id: int | None
    respondent_id: int
    responsible_id: int | None


def _rows(condition):
    respondent, responsible, escalated, colleague = Staff.alias(), Staff.alias(), Staff.alias(), Staff.alias()
    return (
        Complaint.select(
            Complaint.id, Complaint.received_at, Complaint.deadline_at, Complaint.status,
            Complaint.escalation_level, escalated.name.alias("escalated_name"),
            respondent.name.alias("respondent_name"),
            Complaint.respondent_role, responsible.name.alias("responsible_name"),
            colleague.name.alias("colleague_name"), Customer.name.alias("customer_name"),
            Project.address.alias("project_address"), Complaint.kind, Complaint.description,
            Complaint.complainant_staff, Complaint.complainant_customer,
        )
        .join(respondent, on=(Complaint.respondent == respondent.id))
        .switch(Complaint).join(responsible, JOIN.LEFT_OUTER, on=(Complaint.responsible == responsible.id))
        .switch(Complaint).join(escalated, JOIN.LEFT_OUTER, on=(Complaint.escalated_to == escalated.id))
        .switch(Complaint).join(colleague, JOIN.LEFT_OUTER, on=(Complaint.complainant_staff == colleague.id))
        .switch(Complaint).join(Customer, JOIN.LEFT_OUTER, on=(Complaint.complainant_customer == Customer.id))
        .switch(Complaint).join(Project, JOIN.LEFT_OUTER, on=(Complaint.project == Project.id))
        .where(condition)
        .dicts()
    )


def _to_row(at: datetime):
    def convert(r: dict) -> ComplaintRow:
        dispute = r["complainant_staff"] is not None
        status = r["status"]
        return ComplaintRow(
            r["id"], r["received_at"], r["deadline_at"], status, r["escalation_level"], r["escalated_name"] or "",
            r["respondent_name"], r["respondent_role"], r["responsible_name"] or "",
            (r["colleague_name"] if dispute else r["customer_name"]) or "", r["project_address"] or "", r["kind"],
            r["description"], rules.urgency(r["deadline_at"], at) if status in OPEN_STATUSES else "closed",
            dispute, r["complainant_customer"],
        )
    return convert


def _by_deadline(query):
    return query.order_by(Complaint.deadline_at, Complaint.id)


def _newest_first(query):
    return query.order_by(Complaint.received_at.desc(), Complaint.id.desc())


def _ordered(condition, status: str | None):
    """Open complaints by deadline (most urgent first); finished ones newest first."""
    if status in OPEN_STATUSES:
        return _by_deadline(_rows(OPEN & condition))
    return _newest_first(_rows(condition))


def listing(at: datetime, page: int = 0, size: int = PAGE_SIZE, *, status: str | None = None,
            open_only: bool = True, for_staff_id: int | None = None) -> Page[ComplaintRow]:
    """One page of complaints: open ones first, by deadline, then (without `open_only`) the rest,
    newest first. `status` shows that status only; `for_staff_id` only those escalated to that person."""
    convert = _to_row(at)
    condition = SQL("1 = 1")
    if for_staff_id is not None:
        condition = Complaint.escalated_to == for_staff_id
    with db.reading():
        if status is not None:
            return page_of(_ordered(condition & (Complaint.status == status), status), page, size, convert)
        if open_only:
            return page_of(_by_deadline(_rows(OPEN & condition)), page, size, convert)
        # Open ones, then the rest: two index-ordered reads instead of one sort of the whole table.
        page = max(0, page)
        first = page * size
        open_count = Complaint.select().where(OPEN & condition).count()
        rows = []
        if first < open_count:
            rows = list(_by_deadline(_rows(OPEN & condition)).limit(size + 1).offset(first))
        if len(rows) <= size:
            rest = _newest_first(_rows(~OPEN & condition))
            rows += list(rest.limit(size + 1 - len(rows)).offset(max(0, first - open_count)))
        return Page([convert(r) for r in rows[:size]], page, len(rows) > size)


def open_stream(at: datetime, status: str | None = None):
    """Every open complaint by deadline (or every one of `status`), streamed for the command line."""
    query = _by_deadline(_rows(OPEN)) if status is None else _ordered(Complaint.status == status, status)
    convert = _to_row(at)
    with db.reading():
        for row in query.iterator():
            yield convert(row)


def detail(complaint_id: int, at: datetime | None = None) -> ComplaintDetail | None:
    at = at or now_utc()
    with db.reading():
        row = _rows(Complaint.id == complaint_id).first()
        if row is None:
            return None
        extra = (Complaint.select(Complaint.resolution, Complaint.satisfied, Complaint.project, Complaint.respondent,
                                  Complaint.responsible)
                 .where(Complaint.id == complaint_id).tuples().first())
        actions = tuple(
            ComplaintAction.select(ComplaintAction.at, Staff.name, ComplaintAction.action, ComplaintAction.text,
                                   ComplaintAction.level)
            .join(Staff, JOIN.LEFT_OUTER, on=(ComplaintAction.actor == Staff.id))
            .where(ComplaintAction.complaint == complaint_id)
            .order_by(ComplaintAction.at, ComplaintAction.id)
            .tuples()
        )
    actions = tuple((when, name or "", action, text, level) for when, name, action, text, level in actions)
    resolution, satisfied, project_id, respondent_id, responsible_id = extra
    return ComplaintDetail(_to_row(at)(row), actions, resolution, satisfied, project_id, respondent_id,
                           responsible_id)


def count_for(staff_id: int, at: datetime | None = None) -> int:
    """Open complaints escalated to this person (the desk header's count)."""
    with db.reading():
        return Complaint.select().where(OPEN & (Complaint.escalated_to == staff_id)).count()


def explain_deadline(row: ComplaintRow, settings=None):
    """How the deadline came about on the company clock (an Explanation), for the complaint screen.

    None when a supervisor moved it (it is then theirs, not the clock's)."""
    settings = settings or settings_service.load()
    seen = calendar_service.explain_due(row.received_at, timedelta(hours=settings["complaint_deadline_hours"]),
                                        settings)
    return seen if seen.due == row.deadline_at else None


# ---- working a complaint --------------------------------------------------------------------


def _load(complaint_id: int) -> Complaint:
    complaint = Complaint.get_or_none(Complaint.id == complaint_id)
    if complaint is None:
        raise Refused("complaint.not_found")
    return complaint


def _text(text: str, code: str, field: str) -> str:
    if not text.strip():
        raise Refused(code)
    check_length(field, text, LIMITS["notes"])
    return text.strip()


def _supervisor(actor) -> None:
    if not actor.is_supervisor:
        raise Refused("complaint.supervisor_only")


def note(actor, complaint_id: int, text: str) -> None:
    """Log what was done; a new complaint is in progress from its first note."""
    text = _text(text, "complaint.note_required", "notes")
    now = now_utc()
    with db.writing():
        complaint = _load(complaint_id)
        if complaint.status == "new":
            Complaint.update(status="in_progress").where(Complaint.id == complaint_id).execute()
        _log(complaint_id, now, actor, "note", text)
        audit.record(actor.login, "complaint", complaint_id, "note", {"status": complaint.status},
                     {"status": "in_progress" if complaint.status == "new" else complaint.status, "note": text})


def set_responsible(actor, complaint_id: int, staff_id: int) -> None:
    """Name the person responsible for fixing it (责任到人)."""
    now = now_utc()
    with db.writing():
        complaint = _load(complaint_id)
        if complaint.status in FINISHED:
            raise Refused("complaint.finished")
        person = _active_staff(staff_id)
        status = "in_progress" if complaint.status == "new" else complaint.status
        Complaint.update(responsible=person.id, status=status).where(Complaint.id == complaint_id).execute()
        _log(complaint_id, now, actor, "responsible", person.name)
        audit.record(actor.login, "complaint", complaint_id, "responsible",
                     {"responsible": complaint.responsible_id, "status": complaint.status},
                     {"responsible": person.id, "status": status})


def resolve(actor, complaint_id: int, resolution: str) -> None:
    """A customer's complaint is resolved: the confirmation call goes into the follow-up queue.

    Staff disputes are not resolved by the desk: a supervisor closes them with an opinion.
    """
    resolution = _text(resolution, "complaint.resolution_required", "resolution")
    settings = settings_service.load()
    calendar = calendar_service.load(settings)
    now = now_utc()
    with db.writing():
        complaint = _load(complaint_id)
        if complaint.complainant_staff_id is not None:
            raise Refused("complaint.dispute_needs_supervisor")
        if complaint.status not in OPEN_STATUSES:
            raise Refused("complaint.not_open")
        if complaint.responsible_id is None:
            raise Refused("complaint.responsible_required")
        Complaint.update(status="resolved", resolution=resolution, resolved_at=now, satisfied=None).where(
            Complaint.id == complaint_id).execute()
        due = calendar.next_slot(now, CONFIRM_AFTER)
        followup_id = _plan_confirmation(complaint, due, resolution, now)
        _log(complaint_id, now, actor, "resolved", resolution)
        audit.record(actor.login, "complaint", complaint_id, "resolve", {"status": complaint.status},
                     {"status": "resolved", "resolution": resolution, "followup": followup_id,
                      "followup_due": due.isoformat()})


def _plan_confirmation(complaint: Complaint, due: datetime, note_text: str, now: datetime) -> int:
    """The confirmation call: one follow-up per complaint, opened again when it is resolved again."""
    key = followup_key(complaint.id)
    existing = FollowUp.get_or_none((FollowUp.customer == complaint.complainant_customer_id) & (FollowUp.key == key))
    if existing is None:
        return FollowUp.create(customer=complaint.complainant_customer_id, project=complaint.project_id, key=key,
                               reason=FOLLOWUP_REASON, due_at=due, note=note_text, created_at=now).id
    FollowUp.update(status="open", due_at=due, note=note_text, attempts=0, outcome=None, call=None, done_at=None,
                    done_by=None).where(FollowUp.id == existing.id).execute()
    return existing.id


def _end_confirmation(complaint_id: int, customer_id: int | None, actor, now: datetime, status: str) -> None:
    """Close the open confirmation call of a complaint settled some other way."""
    if customer_id is None:
        return
    changes = {"status": status}
    if status == "done":
        changes.update(done_at=now, done_by=actor.id, outcome="reached")
    FollowUp.update(**changes).where((FollowUp.customer == customer_id) & (FollowUp.key == followup_key(complaint_id))
                                     & (FollowUp.status == "open")).execute()


def confirm_in(actor, complaint_id: int, satisfied: bool, settings=None, note: str = "") -> None:
    """The customer's answer on the confirmation call, inside the call's write transaction.

    Satisfied: confirmed. Not satisfied: back to in_progress, with its deadline as it was (so a
    late one escalates at once). The call's own save records the follow-up's outcome.
    """
    check_length("notes", note, LIMITS["notes"])
    now = now_utc()
    complaint = _load(complaint_id)
    if complaint.status != "resolved":
        raise Refused("complaint.not_resolved")
    if satisfied:
        changes = {"status": "confirmed", "satisfied": True}
    else:
        changes = {"status": "in_progress", "satisfied": False, "resolved_at": None}
    Complaint.update(**changes).where(Complaint.id == complaint_id).execute()
    _log(complaint_id, now, actor, "confirmed" if satisfied else "reopened", note.strip())
    audit.record(actor.login, "complaint", complaint_id, "confirm" if satisfied else "reopen",
                 {"status": "resolved", "resolved_at": complaint.resolved_at},
                 {"status": changes["status"], "satisfied": satisfied, "note": note.strip()})


def confirm(actor, complaint_id: int, satisfied: bool, note: str = "") -> None:
    """The customer's answer taken outside a follow-up call: its confirmation call is done too."""
    now = now_utc()
    with db.writing():
        confirm_in(actor, complaint_id, satisfied, None, note)
        customer_id = Complaint.select(Complaint.complainant_customer).where(Complaint.id == complaint_id).scalar()
        _end_confirmation(complaint_id, customer_id, actor, now, "done")


def close(actor, complaint_id: int, opinion: str) -> None:
    """A supervisor closes a staff dispute or an escalated complaint with a handling opinion (处理意见)."""
    _supervisor(actor)
    opinion = _text(opinion, "complaint.opinion_required", "opinion")
    now = now_utc()
    with db.writing():
        complaint = _load(complaint_id)
        if complaint.status in FINISHED:
            raise Refused("complaint.finished")
        if complaint.complainant_staff_id is None and complaint.escalation_level == 0:
            raise Refused("complaint.close_not_allowed")
        resolved_at = complaint.resolved_at or now
        Complaint.update(status="closed", resolution=opinion, resolved_at=resolved_at).where(
            Complaint.id == complaint_id).execute()
        _end_confirmation(complaint_id, complaint.complainant_customer_id, actor, now, "cancelled")
        _log(complaint_id, now, actor, "closed", opinion)
        audit.record(actor.login, "complaint", complaint_id, "close",
                     {"status": complaint.status, "resolution": complaint.resolution},
                     {"status": "closed", "resolution": opinion})


def set_deadline(actor, complaint_id: int, deadline_at: datetime) -> None:
    """A supervisor moves the deadline; never before the receipt. Escalations already made stay."""
    _supervisor(actor)
    if deadline_at.tzinfo is None:
        raise ValueError("naive datetime given as a deadline")
    zone = ZoneInfo(settings_service.load().zone)
    now = now_utc()
    with db.writing():
        complaint = _load(complaint_id)
        if complaint.status in FINISHED:
            raise Refused("complaint.finished")
        if deadline_at < complaint.received_at:
            raise Refused("complaint.deadline_before_received")
        Complaint.update(deadline_at=deadline_at).where(Complaint.id == complaint_id).execute()
        _log(complaint_id, now, actor, "deadline", deadline_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"))
        audit.record(actor.login, "complaint", complaint_id, "deadline",
                     {"deadline_at": complaint.deadline_at.isoformat()}, {"deadline_at": deadline_at.isoformat()})


# ---- escalation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    complaint_id: int
    level: int
    to: str  # the name of the person it went to, or "" when the company has nobody in that role
    at: datetime


def _escalation_target(role: str) -> tuple[int | None, str]:
    row = (Staff.select(Staff.id, Staff.name).where((Staff.role == role) & (Staff.active == True))  # noqa: E712
           .order_by(Staff.id).tuples().first())
    return row if row else (None, "")


# (target level, level it comes from, which deadline cut-off): level 2 first, so a complaint late by
# more than both steps is changed by one UPDATE; it still gets the log and audit rows of each level
# it passes, so the administrative assistant's step is never skipped.
_STEPS = ((2, 1, "late"), (2, 0, "late"), (1, 0, "due"))
_ESCALATE_SQL = (
    'UPDATE "complaint" SET escalation_level = ?, escalated_to_id = ?, escalated_at = ? '
    f"WHERE {COMPLAINT_DUE_WHERE} AND deadline_at <= ? AND escalation_level = ? AND escalation_level < ? "
    "RETURNING id"
)
# The log and audit rows of exactly the ids that UPDATE returned, given as one JSON array: SQLite
# makes the 100k rows of a big pass from it in C (125 ms for 100k rows where executemany took 275);
# the server does the same from json_array_elements_text (db.engine.json_ids).
_ACTION_SQL = ('INSERT INTO "complaint_action" (complaint_id, at, actor_id, action, text, level) '
               "SELECT CAST(value AS INTEGER), ?, NULL, 'escalated', ?, ? FROM {ids}")
_AUDIT_SQL = ('INSERT INTO "audit" (at, actor, entity, entity_id, action, before, after) '
              "SELECT ?, ?, 'complaint', CAST(value AS TEXT), 'escalate', ?, ? FROM {ids}")


def _anything_due(due: int, late: int) -> bool:
    """A read that decides whether the pass needs the write lock at all (the desk's timer)."""
    level = Complaint.escalation_level
    return Complaint.select(Complaint.id).where(
        DUE & (Complaint.deadline_at <= due) & ((level == 0) | (Complaint.deadline_at <= late))).exists()


def escalate_due(at: datetime | None = None) -> list[Escalation]:
    """Escalate every open complaint that is late at `at` (default now); return what was escalated,
    by complaint, each level it went through in order.

    A complaint found past both steps gets two log and audit rows, level 1 then level 2, both
    dated `at`: that is when this pass handed it on; a row dated at the deadline would claim the
    assistant had it since then. Its deadline, on the complaint, says how late the pass was.

    `at` may be earlier than now (a pass that was missed, replayed), never later: escalations
    dated in the future would be false in the live database. Safe to run in several processes at
    once: each complaint reaches each level once. A pass with nothing to do only reads (the desk
    runs one on a timer).
    """
    now = int(now_utc().timestamp())
    moment = now if at is None else int(at.timestamp())  # whole seconds, as the database keeps them
    if moment > now:
        raise Refused("complaint.escalate_future")
    at = datetime.fromtimestamp(moment, timezone.utc)
    settings = settings_service.load()
    cutoffs = {"due": moment, "late": rules.level_two_cutoff(at, settings["complaint_escalate_after_hours"],
                                                             calendar_service.load(settings))}
    with db.reading():
        if not _anything_due(cutoffs["due"], cutoffs["late"]):
            return []
    steps = []
    with db.writing():
        targets = {level: _escalation_target(role) for level, role in ESCALATE_TO.items()}
        written = int(now_utc().timestamp())
        ids_table = engine.json_ids(database)
        for target, source, cutoff in _STEPS:
            changed = engine.execute(database, _ESCALATE_SQL, (target, targets[target][0], moment, cutoffs[cutoff],
                                                           source, target)).fetchall()
            if not changed:
                continue
            ids = sorted(row[0] for row in changed)  # the rows this UPDATE changed, and only those
            listed = json.dumps(ids)
            for level in range(source + 1, target + 1):  # each level passed, in order
                person_id, name = targets[level]
                engine.execute(database, _ACTION_SQL.format(ids=ids_table), (moment, name, level, listed))
                before = json.dumps({"escalation_level": level - 1})
                after = json.dumps({"escalation_level": level, "escalated_to": person_id})
                engine.execute(database, _AUDIT_SQL.format(ids=ids_table), (written, ESCALATION_ACTOR, before, after,
                                                                            listed))
                steps.append((level, name, ids))
        audit.seal()
    if len(steps) == 1:
        level, name, ids = steps[0]
        return [Escalation(complaint_id, level, name, at) for complaint_id in ids]
    merged = sorted((complaint_id, level, name) for level, name, ids in steps for complaint_id in ids)
    return [Escalation(complaint_id, level, name, at) for complaint_id, level, name in merged]
