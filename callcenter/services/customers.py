"""Finding callers and keeping their records."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.phone import Phone, PhoneError, display, parse_phone
from callcenter.rules.pinyin import initials_keys
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import (
    LIMITS,
    Call,
    Customer,
    CustomerKey,
    Message,
    Project,
    Rating,
    Staff,
)

SEARCH_LIMIT = 50
HISTORY_ON_CARD = 5


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
    with db.reading():
        customer = Customer.get_or_none(Customer.id == customer_id)
        return _card(customer) if customer else None


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
    return CustomerCard(
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


def check_fields(name: str, address: str, source: str) -> None:
    if not name.strip():
        raise Refused("customer.name_required")
    for field, value in (("name", name), ("address", address), ("source", source)):
        check_length(field, value, LIMITS[field])


def insert_customer(actor_login: str, name: str, address: str, source: str, phone: Phone | None) -> int:
    """Inside the caller's write transaction; fields already checked, keys computed here."""
    now = now_utc()
    customer = Customer.create(
        name=name.strip(), address=address.strip(), source=source.strip(),
        phone_raw=phone.raw if phone else "", phone_e164=phone.e164 if phone else None,
        phone_last4=phone.last4 if phone else None, created_at=now, updated_at=now,
    )
    keys = initials_keys(customer.name)
    if keys:
        CustomerKey.insert_many([{"customer": customer.id, "key": k} for k in keys]).execute()
    audit.record(actor_login, "customer", customer.id, "create", None,
                 {"name": customer.name, "address": customer.address, "source": customer.source,
                  "phone": customer.phone_raw})
    return customer.id


def create(actor, name: str, address: str, source: str, phone_text: str) -> int:
    check_fields(name, address, source)
    phone = phone_from_text(phone_text) if phone_text.strip() else None
    initials_keys(name)  # warm the pinyin data before the write lock is taken
    with db.writing():
        return insert_customer(actor.login, name, address, source, phone)
