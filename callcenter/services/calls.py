"""Saving a call with everything that came out of it, and reading contacts back a page at a time."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from peewee import JOIN

import db
from callcenter.rules.clock import day_bounds
from callcenter.rules.phone import display
from callcenter.rules.pinyin import initials_keys
from callcenter.services import (
    complaints,
    customers,
    drafts,
    followups,
    messages,
    praise,
)
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from callcenter.services.paging import PAGE_SIZE, Page, page_of
from db import audit
from db.models import LIMITS, Call, Customer, Rating, Staff

DIRECTIONS = ("in", "out")
CHANNELS = ("phone", "visit", "fax")


@dataclass
class NewCustomer:
    name: str
    address: str = ""
    source: str = ""
    salutation: str = ""  # 先生 | 女士 | "" (not asked)
    distinct: bool = False  # the clerk saw the customers of this name: this is another person


@dataclass
class CallDraft:
    """What the call screen holds; nothing is written until `save` accepts all of it."""

    started_at: datetime
    ended_at: datetime
    direction: str = "in"
    channel: str = "phone"
    phone_text: str = ""
    no_caller_id: bool = False
    customer_id: int | None = None
    new_customer: NewCustomer | None = None
    category: str = ""
    notes: str = ""
    checklist: dict[str, bool] = field(default_factory=dict)
    hold_seconds: int = 0
    transferred_to: str | None = None
    message: messages.MessageDraft | None = None
    promotions: list[str] = field(default_factory=list)  # mentioned on this call (rule 17)
    # Working a follow-up: which one, how it went, and when to call back if asked.
    followup_id: int | None = None
    outcome: str | None = None
    callback_at: datetime | None = None
    # Satisfaction survey (rule 18): (staff id, role, score 1-5) for the project's people.
    project_id: int | None = None
    ratings: list[tuple[int, str, int]] = field(default_factory=list)
    rating_comment: str = ""
    next_followup: followups.ManualDraft | None = None  # a call asked for at the end of this one
    complaint: complaints.ComplaintDraft | None = None  # filed on this call (category 投诉)
    praise: PraiseDraft | None = None  # recorded on this call (category 表扬)
    complaint_id: int | None = None  # the complaint a confirmation call (回访 reason complaint) is about
    satisfied: bool | None = None  # the customer's answer on that call
    salutation: str = ""  # asked on this call of a known customer who had none yet


@dataclass
class PraiseDraft:
    staff_id: int | None
    text: str
    exchange_meeting: bool = False


@dataclass(frozen=True)
class ContactRow:
    id: int
    started_at: datetime
    ended_at: datetime
    direction: str
    channel: str
    phone: str
    customer_id: int | None
    customer: str
    category: str
    clerk: str
    notes: str
    checklist_ticked: int
    checklist_total: int


def _check_fields(draft: CallDraft) -> None:
    if draft.direction not in DIRECTIONS or draft.channel not in CHANNELS:
        raise Refused("call.bad_kind")
    if not draft.category.strip():
        raise Refused("call.category_required")
    for name, value in (("category", draft.category), ("notes", draft.notes), ("content", draft.rating_comment)):
        check_length(name, value, LIMITS[name])
    if draft.ended_at < draft.started_at or draft.hold_seconds < 0:
        raise Refused("call.bad_times")


def _check_phone(draft: CallDraft, settings):
    """The caller's Phone; None for no caller ID, or a visit or fax without a number."""
    if draft.no_caller_id or (draft.channel != "phone" and not draft.phone_text.strip()):
        return None
    if not draft.phone_text.strip():
        raise Refused("phone.empty")
    return customers.phone_from_text(draft.phone_text, settings)


def _check_outcomes(draft: CallDraft, settings) -> None:
    """What came out of the call besides its record: customer, message, follow-ups, survey, complaint, praise."""
    if draft.new_customer is not None:
        new = draft.new_customer
        customers.check_fields(new.name, new.address, new.source, new.salutation)
        if not new.distinct:  # first: picking the one on file makes the rest of the form moot
            with db.reading():
                customers.check_not_a_twin(new.name)
        customers.check_source(new.source, settings)
        initials_keys(new.name)  # load pinyin data before taking the write lock
    if draft.salutation:
        customers.check_fields("-", "", "", draft.salutation)
    if draft.message is not None:
        messages.check(draft.message, settings)
    if draft.followup_id is not None:
        followups.check_outcome(draft.outcome, draft.callback_at)
    if any(not 1 <= score <= 5 for _, _, score in draft.ratings):
        raise Refused("survey.bad_score")
    if draft.ratings and draft.followup_id is not None and draft.outcome != "reached":
        raise Refused("survey.not_reached")  # a rating from a call that never reached the customer is noise
    if draft.next_followup is not None:
        if draft.customer_id is None and draft.new_customer is None:
            raise Refused("followup.needs_customer")
        followups.check_manual(draft.next_followup)
    if draft.complaint is not None:
        complaints.check(draft.complaint, settings)
    if draft.praise is not None:
        has_customer = draft.customer_id is not None or draft.new_customer is not None
        praise.check(draft.praise.staff_id, draft.praise.text, has_customer, draft.praise.exchange_meeting)
    if _confirms_complaint(draft) and draft.outcome == "reached" and draft.satisfied is None:
        raise Refused("complaint.satisfied_required")


def _confirms_complaint(draft: CallDraft) -> bool:
    return draft.followup_id is not None and draft.complaint_id is not None


def save(actor, draft: CallDraft) -> int:
    """Validate everything, then write the call and all that came out of it in one short transaction."""
    settings = settings_service.load()
    _check_fields(draft)
    phone = _check_phone(draft, settings)
    _check_outcomes(draft, settings)
    ticked = sum(1 for value in draft.checklist.values() if value)
    with db.writing():
        drafts.remove_in_transaction(actor.id)  # the call is safe now; its draft goes with this commit
        customer_id = draft.customer_id
        if draft.new_customer is not None:
            new = draft.new_customer
            if not new.distinct:  # again under the lock: another desk may have just added one
                customers.check_not_a_twin(new.name)
            customer_id = customers.insert_customer(actor.login, new.name, new.address, new.source, phone,
                                                    new.salutation)
        elif draft.salutation and customer_id is not None:
            customers.set_salutation_in(actor, customer_id, draft.salutation)
        call = Call.create(
            started_at=draft.started_at, ended_at=draft.ended_at,
            direction=draft.direction, channel=draft.channel,
            phone_raw="" if phone is None else phone.raw,
            phone_e164=None if phone is None else phone.e164,
            customer=customer_id, clerk=actor.id, category=draft.category.strip(), notes=draft.notes,
            checklist=json.dumps(draft.checklist, ensure_ascii=False),
            checklist_ticked=ticked, checklist_total=len(draft.checklist),
            hold_seconds=int(draft.hold_seconds), transferred_to=draft.transferred_to,
            promotions=json.dumps(draft.promotions, ensure_ascii=False),
        )
        audit.record(actor.login, "call", call.id, "create", None,
                     {"customer": customer_id, "category": call.category, "phone": call.phone_raw})
        if draft.message is not None:
            messages.insert(actor, draft.message, settings, call_id=call.id)
        if draft.ratings:
            Rating.insert_many([
                {"call": call.id, "project": draft.project_id, "staff": staff_id, "role": role, "score": score,
                 "comment": draft.rating_comment, "at": draft.ended_at}
                for staff_id, role, score in draft.ratings
            ]).execute()
        if draft.followup_id is not None:
            followups.record_outcome(actor, draft.followup_id, draft.outcome, call.id, draft.callback_at, settings)
        if draft.next_followup is not None:
            followups.insert_manual(actor, customer_id, draft.next_followup, draft.project_id)
        if draft.complaint is not None:
            complaints.insert(actor, _with_customer(draft.complaint, customer_id), settings, call_id=call.id)
        if draft.praise is not None:
            praise.insert(actor, draft.praise.staff_id, draft.praise.text, customer_id, call.id,
                          draft.praise.exchange_meeting)
        if _confirms_complaint(draft) and draft.satisfied is not None:
            complaints.confirm_in(actor, draft.complaint_id, draft.satisfied, settings)
    return call.id


def _with_customer(complaint, customer_id):
    """A complaint filed on a call is the caller's, once the caller is known (or just created)."""
    if complaint.complainant_staff_id is None and complaint.complainant_customer_id is None:
        complaint.complainant_customer_id = customer_id
    return complaint


def _contacts():
    return (
        Call.select(
            Call.id, Call.started_at, Call.ended_at, Call.direction, Call.channel, Call.phone_e164,
            Call.phone_raw, Customer.id, Customer.name, Call.category, Staff.name.alias("clerk_name"), Call.notes,
            Call.checklist_ticked, Call.checklist_total,
        )
        .join(Customer, JOIN.LEFT_OUTER, on=(Call.customer == Customer.id))
        .switch(Call).join(Staff, on=(Call.clerk == Staff.id))
    )


def _row(call) -> ContactRow:
    customer = call.customer
    return ContactRow(
        call.id, call.started_at, call.ended_at, call.direction, call.channel,
        display(call.phone_e164, call.phone_raw), customer.id if customer else None,
        customer.name if customer else "",
        call.category, call.clerk.clerk_name, call.notes, call.checklist_ticked, call.checklist_total,
    )


def contacts_on(day: date, zone: str, page: int = 0, size: int = PAGE_SIZE) -> Page[ContactRow]:
    start, end = day_bounds(day, zone)
    query = _contacts().where((Call.started_at >= start) & (Call.started_at < end)).order_by(Call.started_at.desc())
    with db.reading():
        return page_of(query, page, size, _row)


def history(customer_id: int, page: int = 0, size: int = PAGE_SIZE) -> Page[ContactRow]:
    query = _contacts().where(Call.customer == customer_id).order_by(Call.started_at.desc())
    with db.reading():
        return page_of(query, page, size, _row)
