"""The designers' signed-contract ledger (签单台帐, DOMAIN.md rule 21): signings recorded at the
desk or imported, and the month's ledger by designer with subtotals and the total.

Amounts are whole fen (rules.money), never floats. A signing creates or links the customer's
project (found by customer and address, else made with the designer), so its milestones and
follow-ups follow from there. The same customer, designer and day is one signing: importing a
file twice changes nothing.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable
from zoneinfo import ZoneInfo

from peewee import JOIN

import db
from callcenter.rules import money
from callcenter.rules.clock import now_utc
from callcenter.rules.dates import parse as read_time  # every import reads dates alike
from callcenter.rules.pinyin import initials_keys
from callcenter.services import customers
from callcenter.services import month as month_service
from callcenter.services import settings as settings_service
from callcenter.services.attendance import columns
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import LIMITS, Contract, Customer, Project, Staff

COLUMNS = {"customer": ("customer", "客户", "客户姓名"), "phone": ("phone", "电话", "客户电话"),
           "address": ("address", "地址", "工程地址"), "designer": ("designer", "设计师"),
           "signed_on": ("signed_on", "签单日期", "签约日期"), "amount": ("amount", "合同金额", "金额"),
           "deposit": ("deposit", "定金"), "notes": ("notes", "备注")}
REQUIRED = ("customer", "phone", "designer", "signed_on", "amount")


@dataclass(frozen=True)
class Signing:
    """One signing as the form or a file gives it, checked: nothing in it needs the database."""

    customer: str
    phone_text: str
    e164: str
    address: str
    designer_id: int
    signed_on: date
    amount: int  # fen
    deposit: int = 0
    notes: str = ""


@dataclass(frozen=True)
class LedgerLine:
    id: int
    customer: str
    address: str
    signed_on: date
    amount: int
    deposit: int
    plan: list
    notes: str


@dataclass
class DesignerLedger:
    name: str
    subtotal: int = 0
    signings: list[LedgerLine] = field(default_factory=list)


@dataclass(frozen=True)
class Ledger:
    month: date
    total: int
    designers: list[DesignerLedger]

    def as_json(self) -> dict:
        return {"month": month_service.label(self.month), "total": str(money.yuan(self.total)),
                "designers": [{"name": d.name, "subtotal": str(money.yuan(d.subtotal)), "signings": [
                    {"id": s.id, "customer": s.customer, "address": s.address, "signed_on": s.signed_on.isoformat(),
                     "amount": str(money.yuan(s.amount)), "deposit": str(money.yuan(s.deposit)),
                     "plan": [[stage, share, str(money.yuan(fen))] for stage, share, fen in s.plan],
                     "notes": s.notes} for s in d.signings]} for d in self.designers]}


@dataclass
class ImportResult:
    imported: int = 0
    duplicates: int = 0
    failed: int = 0


def read_amount(text: str, column: str) -> int:
    try:
        return money.read_yuan(text)
    except ValueError:
        raise Refused("contract.bad_amount", column=column, value=text) from None


def check(fields: dict, designers: dict, settings) -> Signing:
    """A signing from cells keyed customer, phone, address, designer, signed_on, amount, deposit,
    notes (text as typed); Refused says what is wrong."""
    name = fields.get("customer", "").strip()
    address = fields.get("address", "").strip()
    customers.check_fields(name, address, "")
    phone_text = fields.get("phone", "").strip()
    if not phone_text:
        raise Refused("import.phone_required")
    phone = customers.phone_from_text(phone_text, settings)
    if phone.e164 is None:
        raise Refused("import.phone_not_personal", value=phone_text)
    designer = month_service.folded(fields.get("designer", ""))
    if not designer:
        raise Refused("contract.designer_required")
    designer_id = designers.get(designer)
    if designer_id is None:
        raise Refused("import.unknown_designer", name=designer)
    signed_text = fields.get("signed_on", "").strip()
    try:
        signed_on = read_time(signed_text, settings.zone).astimezone(ZoneInfo(settings.zone)).date()
    except ValueError:
        raise Refused("contract.bad_date", value=signed_text) from None
    amount_text = fields.get("amount", "").strip()
    if not amount_text:
        raise Refused("contract.amount_required")
    amount = read_amount(amount_text, "amount")
    deposit_text = fields.get("deposit", "").strip()
    deposit = read_amount(deposit_text, "deposit") if deposit_text else 0
    if amount <= 0:
        raise Refused("contract.amount_required")
    if deposit > amount:
        raise Refused("contract.deposit_over_amount")
    notes = fields.get("notes", "").strip()
    check_length("notes", notes, LIMITS["notes"])
    return Signing(name, phone_text, phone.e164, address, designer_id, signed_on, amount, deposit, notes)


def plan_of(amount: int, settings) -> list:
    """四步收款: [[after stage, percent, fen], ...] from the payment-plan setting."""
    steps = [(stage, int(share)) for stage, share in settings["payment_plan"]]
    return [[stage, share, fen] for (stage, share), fen in zip(steps, money.split(amount, [s for _, s in steps]))]


def _write(actor, signing: Signing, settings) -> bool:
    """In the caller's write transaction: the customer (by phone), the project, the signing. False
    when that signing is already stored."""
    customer_id = customers.lookup_phone(signing.e164)
    if customer_id is None:
        phone = customers.phone_from_text(signing.phone_text, settings)
        customer_id = customers.insert_customer(actor.login, signing.customer, signing.address, "", phone)
    elif Contract.select().where((Contract.customer == customer_id) & (Contract.designer == signing.designer_id)
                                 & (Contract.signed_on == signing.signed_on)).exists():
        return False
    project = (Project.select(Project.id, Project.designer).where(
        (Project.customer == customer_id) & (Project.address == signing.address)).order_by(Project.id).first())
    if project is None:
        project = Project.create(customer=customer_id, address=signing.address, designer=signing.designer_id,
                                 created_at=now_utc())
        audit.record(actor.login, "project", project.id, "create", None,
                     {"customer": customer_id, "address": signing.address, "designer": signing.designer_id})
    elif project.designer_id is None:
        Project.update(designer=signing.designer_id).where(Project.id == project.id).execute()
        audit.record(actor.login, "project", project.id, "staff", {"designer": None},
                     {"designer": signing.designer_id})
    contract = Contract.create(customer=customer_id, project=project.id, designer=signing.designer_id,
                               signed_on=signing.signed_on, amount_fen=signing.amount, deposit_fen=signing.deposit,
                               plan=json.dumps(plan_of(signing.amount, settings), ensure_ascii=False),
                               notes=signing.notes, created_at=now_utc(), created_by=actor.login)
    audit.record(actor.login, "contract", contract.id, "create", None,
                 {"customer": customer_id, "designer": signing.designer_id, "signed_on": signing.signed_on.isoformat(),
                  "amount_fen": signing.amount, "deposit_fen": signing.deposit})
    return True


def record(actor, fields: dict, settings=None) -> bool:
    """A signing typed at the desk (the contract form); False when it was already recorded."""
    settings = settings or settings_service.load()
    signing = check(fields, month_service.staff_by_name(("designer",)), settings)
    initials_keys(signing.customer)  # the pinyin data loaded before the write lock
    with db.writing():
        return _write(actor, signing, settings)


def import_contracts(actor, header: list[str], rows: Iterable[tuple[int, dict]],
                     report: Callable[[int, Refused], None], *, check_only: bool = False,
                     settings=None) -> ImportResult:
    """Every good row as a signing, all in one transaction; bad rows reported by line, all of them."""
    settings = settings or settings_service.load()
    given = {name.strip().lower() for name in header}
    names = columns(header, {key: COLUMNS[key] for key in REQUIRED})
    names.update((key, next(n for n in COLUMNS[key] if n in given)) for key in COLUMNS
                 if key not in names and any(n in given for n in COLUMNS[key]))
    designers = month_service.staff_by_name(("designer",))
    result = ImportResult()
    good = []
    seen = set()
    for line, row in rows:
        try:
            signing = check({key: row.get(name, "") for key, name in names.items()}, designers, settings)
        except Refused as refusal:
            result.failed += 1
            report(line, refusal)
            continue
        key = (signing.e164, signing.designer_id, signing.signed_on)
        if key in seen:
            result.duplicates += 1
            continue
        seen.add(key)
        good.append(signing)
    if good:
        initials_keys(good[0].customer)
    with (db.reading() if check_only else db.writing()):
        for signing in good:
            if check_only:
                customer_id = customers.lookup_phone(signing.e164)
                stored = customer_id is not None and Contract.select().where(
                    (Contract.customer == customer_id) & (Contract.designer == signing.designer_id)
                    & (Contract.signed_on == signing.signed_on)).exists()
            else:
                stored = not _write(actor, signing, settings)
            result.duplicates += stored
            result.imported += not stored
    return result


def ledger(first: date) -> Ledger:
    """The month's signings by designer (by name), each in signing order, with subtotals and the total."""
    last = month_service.following(first)
    by_designer: dict[int, DesignerLedger] = {}
    with db.reading():
        query = (Contract.select(Contract.id, Contract.designer, Staff.name, Customer.name, Project.address,
                                 Contract.signed_on, Contract.amount_fen, Contract.deposit_fen, Contract.plan,
                                 Contract.notes)
                 .join(Staff, on=(Contract.designer == Staff.id))
                 .switch(Contract).join(Customer, on=(Contract.customer == Customer.id))
                 .switch(Contract).join(Project, join_type=JOIN.LEFT_OUTER, on=(Contract.project == Project.id))
                 .where((Contract.signed_on >= first) & (Contract.signed_on < last))
                 .order_by(Contract.signed_on, Contract.id).tuples())
        for cid, designer_id, designer, customer, address, signed_on, amount, deposit, plan, notes in query:
            book = by_designer.setdefault(designer_id, DesignerLedger(designer))
            book.signings.append(LedgerLine(cid, customer, address or "", signed_on, amount, deposit,
                                            json.loads(plan), notes))
            book.subtotal += amount
    designers = sorted(by_designer.values(), key=lambda d: d.name)
    return Ledger(first, money.total(d.subtotal for d in designers), designers)
