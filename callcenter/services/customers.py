"""Finding callers and keeping their records."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, SQL

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.phone import Phone, PhoneError, display, parse_phone
from callcenter.rules.pinyin import initials_keys
from callcenter.rules.salutation import SALUTATIONS
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import (
    COMPLAINT_OPEN_WHERE,
    LIMITS,
    Call,
    Complaint,
    Customer,
    CustomerAlias,
    CustomerKey,
    FollowUp,
    Message,
    Praise,
    Project,
    Rating,
    Staff,
)

SEARCH_LIMIT = 50
HISTORY_ON_CARD = 5
OPEN_ON_CARD = 5  # open complaints, and open follow-ups, the card lists
SAME_NAME_LIMIT = 9  # a pick list answered with one digit


@dataclass(frozen=True)
class CustomerRow:
    id: int
    name: str
    phone: str
    address: str


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    address: str
    designer: str
    qc_inspector: str
    project_manager: str


@dataclass(frozen=True)
class ContactLine:
    started_at: datetime
    channel: str
    direction: str
    category: str
    notes: str
    clerk: str


@dataclass(frozen=True)
class MessageLine:
    id: int
    recipient: str
    content: str
    urgent: bool
    created_at: datetime


@dataclass(frozen=True)
class RatingLine:
    role: str
    staff: str
    score: int
    at: datetime


@dataclass(frozen=True)
class OpenComplaint:
    id: int
    kind: str
    description: str
    deadline_at: datetime


@dataclass(frozen=True)
class OpenFollowUp:
    id: int
    reason: str
    stage: str
    due_at: datetime


@dataclass(frozen=True)
class CustomerCard:
    id: int
    name: str
    address: str
    source: str
    phone_raw: str
    phone_e164: str | None
    salutation: str
    projects: tuple[ProjectInfo, ...]
    contacts: tuple[ContactLine, ...]
    messages: tuple[MessageLine, ...]
    ratings: tuple[RatingLine, ...] = ()  # the latest survey answer per person
    complaints: tuple[OpenComplaint, ...] = ()  # open ones, soonest deadline first
    followups: tuple[OpenFollowUp, ...] = ()  # open ones, soonest first


def phone_from_text(text: str, settings=None) -> Phone:
    """Parse with the company's region and area code; PhoneError becomes a Refused."""
    settings = settings or settings_service.load()
    try:
        return parse_phone(text, settings["phone_region"], settings["default_area_code"])
    except PhoneError as error:
        raise Refused(error.code) from None


def lookup_phone(e164: str) -> int | None:
    """The caller: the customer with this number (the oldest record if several share it)."""
    with db.reading():
        row = Customer.select(Customer.id).where(Customer.phone_e164 == e164).order_by(Customer.id).limit(1).tuples().first()
    return row[0] if row else None


def find_by_phone(e164: str) -> CustomerCard | None:
    """The caller's card: the lookup, then projects, recent contacts and open messages."""
    with db.reading():
        customer = Customer.select().where(Customer.phone_e164 == e164).order_by(Customer.id).first()
        return _card(customer) if customer else None


def card(customer_id: int) -> CustomerCard | None:
    """The card of this customer, or of the one it was merged into."""
    with db.reading():
        customer = Customer.get_or_none(Customer.id == _resolved(customer_id))
        return _card(customer) if customer else None


def _resolved(customer_id: int) -> int:
    alias = CustomerAlias.get_or_none(CustomerAlias.old_id == customer_id)
    return alias.customer_id if alias is not None else customer_id


def resolve(customer_id: int) -> int | None:
    """The customer an id stands for now: itself, or the one it was merged into; None if neither."""
    with db.reading():
        found = _resolved(customer_id)
        return found if Customer.select().where(Customer.id == found).exists() else None


def _card(customer: Customer) -> CustomerCard:
    customer_id = customer.id
    designer, qc, pm = Staff.alias(), Staff.alias(), Staff.alias()
    projects = (
        Project.select(Project.id, Project.address, designer.name, qc.name, pm.name)
        .join(designer, JOIN.LEFT_OUTER, on=(Project.designer == designer.id))
        .switch(Project).join(qc, JOIN.LEFT_OUTER, on=(Project.qc_inspector == qc.id))
        .switch(Project).join(pm, JOIN.LEFT_OUTER, on=(Project.project_manager == pm.id))
        .where(Project.customer == customer_id).order_by(Project.id.desc()).tuples()
    )
    contacts = (
        Call.select(Call.started_at, Call.channel, Call.direction, Call.category, Call.notes, Staff.name)
        .join(Staff).where(Call.customer == customer_id)
        .order_by(Call.started_at.desc()).limit(HISTORY_ON_CARD).tuples()
    )
    messages = []
    if customer.phone_e164:  # messages this caller left that nobody has passed on yet
        messages = Message.select().where(
            Message.relayed_at.is_null() & (Message.callback_e164 == customer.phone_e164)
        ).order_by(Message.created_at.desc()).limit(10)
    latest = {}
    ratings = (
        Rating.select(Rating.role, Staff.name, Rating.score, Rating.at).join(Staff)
        .switch(Rating).join(Project).where(Project.customer == customer_id)
        .order_by(Rating.at.desc()).limit(12).tuples()
    )
    for role, name, score, at in ratings:
        latest.setdefault((role, name), RatingLine(role, name, score, at))
    complaints = (Complaint.select(Complaint.id, Complaint.kind, Complaint.description, Complaint.deadline_at)
                  .where((Complaint.complainant_customer == customer_id) & SQL(COMPLAINT_OPEN_WHERE))
                  .order_by(Complaint.deadline_at).limit(OPEN_ON_CARD).tuples())
    # By customer alone, open ones picked here: with status in the WHERE, SQLite walks the queue's
    # (status, due_at) index through every open follow-up (0.8 s on the 100k-customer bench).
    followups = [row[:4] for row in FollowUp.select(FollowUp.id, FollowUp.reason, FollowUp.stage, FollowUp.due_at,
                                                    FollowUp.status)
                 .where(FollowUp.customer == customer_id).order_by(FollowUp.due_at).tuples()
                 if row[4] == "open"][:OPEN_ON_CARD]
    return CustomerCard(
        complaints=tuple(OpenComplaint(*row) for row in complaints),
        followups=tuple(OpenFollowUp(*row) for row in followups),
        ratings=tuple(latest.values()),
        id=customer.id, name=customer.name, address=customer.address, source=customer.source,
        phone_raw=customer.phone_raw, phone_e164=customer.phone_e164, salutation=customer.salutation,
        projects=tuple(ProjectInfo(p[0], p[1], p[2] or "", p[3] or "", p[4] or "") for p in projects),
        contacts=tuple(
            ContactLine(*c) for c in contacts
        ),
        messages=tuple(MessageLine(m.id, m.recipient, m.content, m.urgent, m.created_at) for m in messages),
    )


def search(query: str, limit: int = SEARCH_LIMIT, settings=None) -> list[CustomerRow]:
    """By phone (whole number in any form, or its last 4 digits), pinyin initials, or name part.

    `settings`: the company settings the desk holds, so a search by number does not re-read them.
    """
    text = query.strip()
    if not text:
        return []
    folded = unicodedata.normalize("NFKC", text)  # full-width digits and letters from a Chinese IME
    digits = re.sub(r"[\s\-()+]", "", folded)
    base = Customer.select(Customer.id, Customer.name, Customer.phone_e164, Customer.phone_raw, Customer.address)
    with db.reading():
        if digits.isdigit() and len(digits) == 4:
            rows = base.where(Customer.phone_last4 == digits)
        elif digits.isdigit():
            try:
                e164 = phone_from_text(text, settings).e164
            except Refused:
                e164 = None
            rows = base.where(Customer.phone_e164 == e164) if e164 else base.where(Customer.phone_raw.contains(digits))
        elif folded.isascii() and folded.isalpha():
            key = folded.lower()
            ids = (
                CustomerKey.select(CustomerKey.customer)
                .where((CustomerKey.key >= key) & (CustomerKey.key < key + "{"))
                .distinct().limit(limit)
            )
            rows = base.where(Customer.id.in_(ids))
        else:
            rows = base.where(Customer.name.contains(text))
        return [
            CustomerRow(r.id, r.name, display(r.phone_e164, r.phone_raw), r.address)
            for r in rows.order_by(Customer.name, Customer.id).limit(limit)
        ]


def check_fields(name: str, address: str, source: str, salutation: str = "") -> None:
    if not name.strip():
        raise Refused("customer.name_required")
    for field, value in (("name", name), ("address", address), ("source", source)):
        check_length(field, value, LIMITS[field])
    if salutation not in ("", *SALUTATIONS):
        raise Refused("customer.bad_salutation")


def check_source(source: str, settings) -> None:
    """A new customer says where they heard of the company (来源), unless a setting makes it optional."""
    if settings["source_required"] and not source.strip():
        raise Refused("customer.source_required", setting="source_required")


def same_name(name: str, limit: int = SAME_NAME_LIMIT) -> list[CustomerRow]:
    """Customers already on file under exactly this name: offered before a new one is made."""
    name = name.strip()
    if not name:
        return []
    with db.reading():
        rows = (Customer.select(Customer.id, Customer.name, Customer.phone_e164, Customer.phone_raw, Customer.address)
                .where(Customer.name == name).order_by(Customer.id).limit(limit))
        return [CustomerRow(r.id, r.name, display(r.phone_e164, r.phone_raw), r.address) for r in rows]


def check_not_a_twin(name: str) -> None:
    """Inside the write: refused when a customer of this name exists and the clerk did not say
    this is another person."""
    if Customer.select().where(Customer.name == name.strip()).exists():
        raise Refused("customer.same_name", name=name.strip())


def _keys(customer: Customer) -> None:
    CustomerKey.delete().where(CustomerKey.customer == customer.id).execute()
    keys = initials_keys(customer.name)
    if keys:
        CustomerKey.insert_many([{"customer": customer.id, "key": k} for k in keys]).execute()


def _entry(customer: Customer) -> dict:
    return {"name": customer.name, "address": customer.address, "source": customer.source,
            "phone": customer.phone_raw, "salutation": customer.salutation}


def insert_customer(actor_login: str, name: str, address: str, source: str, phone: Phone | None,
                    salutation: str = "") -> int:
    """Inside the caller's write transaction; fields already checked, keys computed here."""
    now = now_utc()
    customer = Customer.create(
        name=name.strip(), address=address.strip(), source=source.strip(), salutation=salutation,
        phone_raw=phone.raw if phone else "", phone_e164=phone.e164 if phone else None,
        phone_last4=phone.last4 if phone else None, created_at=now, updated_at=now,
    )
    _keys(customer)
    audit.record(actor_login, "customer", customer.id, "create", None, _entry(customer))
    return customer.id


def create(actor, name: str, address: str, source: str, phone_text: str, *, salutation: str = "") -> int:
    """A customer from a file or a script. The desk's new callers go through calls.save, which also
    asks for the source (check_source) and for a look at the customers of the same name."""
    check_fields(name, address, source, salutation)
    phone = phone_from_text(phone_text) if phone_text.strip() else None
    initials_keys(name)  # warm the pinyin data before the write lock is taken
    with db.writing():
        return insert_customer(actor.login, name, address, source, phone, salutation)


def set_salutation(actor, customer_id: int, salutation: str) -> None:
    """先生 or 女士, asked once on a call: any clerk may record it."""
    if salutation not in SALUTATIONS:
        raise Refused("customer.bad_salutation")
    with db.writing():
        set_salutation_in(actor, customer_id, salutation)


def set_salutation_in(actor, customer_id: int, salutation: str) -> None:
    """Inside the caller's write transaction (a call's save)."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise Refused("customer.not_found")
    if customer.salutation != salutation:
        before = _entry(customer)
        customer.salutation, customer.updated_at = salutation, now_utc()
        customer.save()
        audit.record(actor.login, "customer", customer_id, "update", before, _entry(customer))


def _supervisor(actor) -> None:
    if not actor.is_supervisor:
        raise Refused("customer.supervisor_only")


def edit(actor, customer_id: int, name: str, address: str, source: str, phone_text: str, salutation: str) -> bool:
    """A supervisor corrects a customer's record; audited. True if anything changed."""
    _supervisor(actor)
    settings = settings_service.load()
    check_fields(name, address, source, salutation)
    phone = phone_from_text(phone_text, settings) if phone_text.strip() else None
    initials_keys(name)
    with db.writing():
        customer = Customer.get_or_none(Customer.id == customer_id)
        if customer is None:
            raise Refused("customer.not_found")
        before = _entry(customer)
        customer.name, customer.address, customer.source = name.strip(), address.strip(), source.strip()
        customer.salutation = salutation
        if phone_text.strip() != customer.phone_raw:
            customer.phone_raw = phone.raw if phone else ""
            customer.phone_e164 = phone.e164 if phone else None
            customer.phone_last4 = phone.last4 if phone else None
        if _entry(customer) == before:
            return False
        customer.updated_at = now_utc()
        customer.save()
        _keys(customer)
        audit.record(actor.login, "customer", customer_id, "update", before, _entry(customer))
    return True


# What belongs to a customer and moves with a merge: (model, its customer field).
OWNED = ((Call, Call.customer), (Project, Project.customer), (Complaint, Complaint.complainant_customer),
         (FollowUp, FollowUp.customer), (Praise, Praise.customer))


def merge(actor, keep_id: int, gone_id: int) -> dict[str, int]:
    """`gone_id` becomes part of `keep_id`: its calls, projects, complaints, follow-ups and praise
    move; blanks of the kept record are filled from it; its id stays as an alias of the kept one,
    so an old export's id still finds the customer. Audited; returns how many rows moved per table."""
    _supervisor(actor)
    if keep_id == gone_id:
        raise Refused("customer.merge_self")
    moved = {}
    with db.writing():
        keep = Customer.get_or_none(Customer.id == keep_id)
        gone = Customer.get_or_none(Customer.id == gone_id)
        if keep is None or gone is None:
            raise Refused("customer.not_found")
        before = {"kept": _entry(keep), "merged": {"id": gone_id, **_entry(gone)}}
        for model, field in OWNED:
            moved[model._meta.table_name] = model.update({field: keep_id}).where(field == gone_id).execute()
        for attribute in ("address", "source", "salutation"):
            if not getattr(keep, attribute):
                setattr(keep, attribute, getattr(gone, attribute))
        if not keep.phone_raw and gone.phone_raw:
            keep.phone_raw, keep.phone_e164, keep.phone_last4 = gone.phone_raw, gone.phone_e164, gone.phone_last4
        keep.updated_at = now_utc()
        keep.save()
        CustomerAlias.update(customer=keep_id).where(CustomerAlias.customer == gone_id).execute()
        CustomerAlias.create(old_id=gone_id, customer=keep_id, merged_at=now_utc(), merged_by=actor.login)
        gone.delete_instance()  # its search keys go with it
        audit.record(actor.login, "customer", keep_id, "merge", before, {**_entry(keep), "moved": moved})
    return moved
