"""Praise (表扬, DOMAIN.md rule 19): recorded for a staff member, forwarded once to the planning
department (企划部) as material; customers who agree go on the list for the next customer
exchange meeting (客户交流会)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, fn

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.phone import display
from callcenter.services.errors import Refused
from callcenter.services.paging import PAGE_SIZE, Page, page_of
from db import audit
from db.models import LIMITS, Customer, Praise, Staff


@dataclass(frozen=True)
class PraiseRow:
    id: int
    created_at: datetime
    staff: str
    staff_role: str
    customer: str  # name, or ""
    text: str
    exchange_meeting: bool
    forwarded_at: datetime | None
    customer_id: int | None = None
    phone: str = ""  # the customer's, for the invitation to the exchange meeting


def check(staff_id: int | None, text: str, has_customer: bool, exchange_meeting: bool) -> None:
    """Before anything is written; `has_customer`: the praise comes from a known (or new) customer."""
    if staff_id is None:
        raise Refused("praise.staff_required")
    if not text.strip() or len(text) > LIMITS["content"]:
        raise Refused("praise.text_required")
    if exchange_meeting and not has_customer:
        raise Refused("praise.meeting_needs_customer")


def insert(actor, staff_id: int, text: str, customer_id: int | None, call_id: int | None,
           exchange_meeting: bool) -> int:
    """Inside the caller's write transaction (the call's save)."""
    check(staff_id, text, customer_id is not None, exchange_meeting)
    if not Staff.select().where((Staff.id == staff_id) & (Staff.active == True)).exists():  # noqa: E712
        raise Refused("staff.unknown")
    if customer_id is not None and not Customer.select().where(Customer.id == customer_id).exists():
        raise Refused("complaint.unknown_customer")
    praise = Praise.create(staff=staff_id, customer=customer_id, call=call_id, text=text.strip(),
                           exchange_meeting=bool(exchange_meeting), created_at=now_utc(), created_by=actor.id)
    audit.record(actor.login, "praise", praise.id, "create", None,
                 {"staff": staff_id, "customer": customer_id, "call": call_id,
                  "exchange_meeting": bool(exchange_meeting)})
    return praise.id


def record(actor, staff_id: int, text: str, customer_id: int | None = None, call_id: int | None = None,
           exchange_meeting: bool = False) -> int:
    """Record praise in a transaction of its own (a letter, a visit)."""
    check(staff_id, text, customer_id is not None, exchange_meeting)
    with db.writing():
        return insert(actor, staff_id, text, customer_id, call_id, exchange_meeting)


def _rows():
    return (
        Praise.select(Praise.id, Praise.created_at, Staff.name.alias("staff_name"), Staff.role,
                      Customer.name.alias("customer_name"), Praise.text, Praise.exchange_meeting,
                      Praise.forwarded_at, Praise.customer, Customer.phone_e164, Customer.phone_raw)
        .join(Staff, on=(Praise.staff == Staff.id))
        .switch(Praise).join(Customer, JOIN.LEFT_OUTER, on=(Praise.customer == Customer.id))
        .dicts()
    )


def _row(r: dict) -> PraiseRow:
    phone = display(r["phone_e164"], r["phone_raw"]) if r["customer"] is not None else ""
    return PraiseRow(r["id"], r["created_at"], r["staff_name"], r["role"], r["customer_name"] or "", r["text"],
                     r["exchange_meeting"], r["forwarded_at"], r["customer"], phone)


def unforwarded(page: int = 0, size: int = PAGE_SIZE) -> Page[PraiseRow]:
    """Praise not yet passed on to the planning department, oldest first."""
    query = _rows().where(Praise.forwarded_at.is_null()).order_by(Praise.created_at, Praise.id)
    with db.reading():
        return page_of(query, page, size, _row)


def count_unforwarded() -> int:
    with db.reading():
        return Praise.select().where(Praise.forwarded_at.is_null()).count()


def mark_forwarded(actor, praise_id: int) -> None:
    """Record who passed it on to 企划部 and when; praise is forwarded once."""
    now = now_utc()
    with db.writing():
        changed = (Praise.update(forwarded_at=now, forwarded_by=actor.id)
                   .where((Praise.id == praise_id) & Praise.forwarded_at.is_null()).execute())
        if not changed:
            if not Praise.select().where(Praise.id == praise_id).exists():
                raise Refused("praise.not_found")
            raise Refused("praise.already_forwarded")
        audit.record(actor.login, "praise", praise_id, "forward", {"forwarded_at": None},
                     {"forwarded_at": now.isoformat(), "forwarded_by": actor.login})


def exchange_meeting_customers(page: int = 0, size: int = PAGE_SIZE) -> Page[PraiseRow]:
    """Customers who agreed to come to the next exchange meeting: one line each (their latest
    praise), newest first."""
    latest = (Praise.select(fn.MAX(Praise.id))
              .where((Praise.exchange_meeting == True) & Praise.customer.is_null(False))  # noqa: E712
              .group_by(Praise.customer))
    query = _rows().where(Praise.id.in_(latest)).order_by(Praise.created_at.desc(), Praise.id.desc())
    with db.reading():
        return page_of(query, page, size, _row)
