"""What month-end work shares: the month named on the command line or a screen, the people of the
company found by the name a file gives, and the papers the clerk hands in (DOMAIN.md rule 21)."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import db
from callcenter.rules.clock import now_utc
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import MonthPaper, Staff

PAPERS = ("attendance", "ledger", "report", "report_desk")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
PAPER_LIMIT = 4000  # characters of a summary or plan


def parse_month(text: str) -> date:
    """`2026-12` -> date(2026, 12, 1); Refused when it is no month."""
    match = _MONTH.fullmatch(unicodedata.normalize("NFKC", text).strip())
    if match is None or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise Refused("month.bad", value=text)
    return date(int(match.group(1)), int(match.group(2)), 1)


def previous(month: date) -> date:
    return date(month.year - (month.month == 1), 12 if month.month == 1 else month.month - 1, 1)


def following(month: date) -> date:
    return date(month.year + (month.month == 12), 1 if month.month == 12 else month.month + 1, 1)


def label(month: date) -> str:
    return f"{month.year}-{month.month:02d}"


def folded(name: str) -> str:
    """A name as files and the staff table are matched: NFKC (full-width letters), spaces stripped."""
    return unicodedata.normalize("NFKC", name).strip()


def staff_by_name(roles: tuple[str, ...] | None = None) -> dict[str, int]:
    """Folded name -> staff id; active people first, then the oldest record. Tens of rows."""
    index: dict[str, int] = {}
    with db.reading():
        query = Staff.select(Staff.id, Staff.name).order_by(Staff.active.desc(), Staff.id)
        if roles:
            query = query.where(Staff.role.in_(roles))
        for staff_id, name in query.tuples():
            index.setdefault(folded(name), staff_id)
    return index


@dataclass(frozen=True)
class Paper:
    kind: str
    month: date
    summary: str
    plan: str
    handed_in_at: datetime | None
    handed_in_by: str | None
    figures: dict | None = None  # a report's figures as handed in


def _where(kind: str, month: date, staff_id: int | None):
    condition = (MonthPaper.kind == kind) & (MonthPaper.month == label(month))
    return condition & (MonthPaper.staff.is_null() if staff_id is None else MonthPaper.staff == staff_id)


def paper(kind: str, month: date, staff_id: int | None = None) -> Paper:
    with db.reading():
        row = MonthPaper.get_or_none(_where(kind, month, staff_id))
    if row is None:
        return Paper(kind, month, "", "", None, None)
    return Paper(kind, month, row.summary, row.plan, row.handed_in_at, row.handed_in_by,
                 json.loads(row.figures) if row.figures else None)


def save_text(actor, kind: str, month: date, summary: str, plan: str, staff_id: int | None = None) -> Paper:
    """The report's summary and next month's plan; refused once the paper is handed in."""
    for field_name, value in (("summary", summary), ("plan", plan)):
        check_length(field_name, value, PAPER_LIMIT)
    with db.writing():
        row = MonthPaper.get_or_none(_where(kind, month, staff_id))
        if row is not None and row.handed_in_at is not None:
            raise Refused("month.already_handed_in", month=label(month))
        before = None if row is None else {"summary": row.summary, "plan": row.plan}
        if row is None:
            row = MonthPaper.create(kind=kind, month=label(month), staff=staff_id, summary=summary, plan=plan,
                                    updated_at=now_utc())
        else:
            MonthPaper.update(summary=summary, plan=plan, updated_at=now_utc()).where(
                MonthPaper.id == row.id).execute()
        audit.record(actor.login, "month_paper", row.id, "text", before, {"summary": summary, "plan": plan})
    return paper(kind, month, staff_id)


def hand_in(actor, kind: str, month: date, staff_id: int | None = None, figures: dict | None = None) -> Paper:
    """The clerk's mark that the month's paper went to the deputy GM, with the time (and, for a
    report, its figures as they were then)."""
    if kind not in PAPERS:
        raise ValueError(kind)
    now = now_utc().replace(microsecond=0)
    with db.writing():
        row = MonthPaper.get_or_none(_where(kind, month, staff_id))
        if row is not None and row.handed_in_at is not None:
            raise Refused("month.already_handed_in", month=label(month))
        if row is None:
            row = MonthPaper.create(kind=kind, month=label(month), staff=staff_id, updated_at=now)
        MonthPaper.update(handed_in_at=now, handed_in_by=actor.login,
                          figures=None if figures is None else json.dumps(figures, ensure_ascii=False)).where(
            MonthPaper.id == row.id).execute()
        audit.record(actor.login, "month_paper", row.id, "hand_in", None, {"kind": kind, "month": label(month)})
    return paper(kind, month, staff_id)


def reminder_due(today: date) -> date | None:
    """The month whose paper the header reminds of on `today` (from the 28th to the 2nd), or None."""
    if today.day >= 28:
        return today.replace(day=1)
    if today.day <= 2:
        return previous(today.replace(day=1))
    return None

