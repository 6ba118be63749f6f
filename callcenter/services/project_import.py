"""Projects and their milestones from a CSV file, one row at a time (`callcenter import projects`).

Columns (a header row names them, in any order; case and surrounding spaces do not matter):
customer, phone, address, designer, qc_inspector, project_manager, handover_at, acceptances,
final_acceptance_at, warranty_months. Only customer and phone are required. Times read like
`2026-11-20 09:30` or ISO 8601 (`2026-11-20T09:30:00+08:00`), in the company zone unless they
carry an offset; acceptances are `stage:time;stage:time` with the company's stage names.

A row is one unit: its customer (found by phone, else created), its project (found by customer
and address, else created) and its milestones land in one transaction, or nothing of the row
does. An empty cell keeps what the project already has, so a file that only adds the latest
acceptances works, and importing the same file again changes nothing (rows that match what is
stored are not written again, so not even the audit trail grows). Bad rows are reported with
their line number and the refusal, and the rest go on.

The file is read as a stream: memory does not grow with its length.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable, Iterable, Iterator
from zoneinfo import ZoneInfo

import db
from callcenter.rules.pinyin import initials_keys
from callcenter.services import customers, projects
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused
from db import audit
from db.models import Acceptance, Project, Staff

STAFF_ROLES = projects.STAFF_ROLES
COLUMNS = ("customer", "phone", "address", *STAFF_ROLES, "handover_at", "acceptances", "final_acceptance_at",
           "warranty_months")
REQUIRED = ("customer", "phone")

# What Excel and hand typing make of a time besides ISO: 2026/11/20 9:30, 2026.11.20 09:30:00.
_LOOSE_TIME = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?")


@dataclass(frozen=True)
class ImportResult:
    imported: int  # rows read without a fault (written, or already as stored)
    failed: int  # rows reported


@dataclass
class _Row:
    """One row, read and checked: nothing in it needs the database any more."""

    name: str
    phone_text: str
    e164: str
    address: str
    staff: dict = field(default_factory=dict)  # role -> staff id, given cells only
    handover_at: datetime | None = None
    acceptances: dict = field(default_factory=dict)  # stage -> time, given stages only
    final_at: datetime | None = None
    warranty_months: int | None = None


def read_time(text: str, zone: str) -> datetime:
    """A time from the file as an aware UTC datetime in whole seconds; ValueError if unreadable."""
    folded = unicodedata.normalize("NFKC", text).strip()  # full-width digits from a Chinese IME
    try:
        value = datetime.fromisoformat(folded)
    except ValueError:
        match = _LOOSE_TIME.fullmatch(folded)
        if match is None:
            raise
        year, month, day, hour, minute, second, offset = match.groups()
        value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if offset:
            value = value.replace(tzinfo=_offset(offset))
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(timezone.utc).replace(microsecond=0)


def _offset(text: str) -> timezone:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _time(row: dict, column: str, zone: str) -> datetime | None:
    text = row.get(column, "").strip()
    if not text:
        return None
    try:
        return read_time(text, zone)
    except ValueError:
        raise Refused("import.bad_time", column=column, value=text) from None


def _acceptances(text: str, stages: set, zone: str) -> dict:
    """`水电:2026-11-20 09:30;泥瓦:2026-12-02 10:00` -> {stage: time}."""
    result = {}
    folded = unicodedata.normalize("NFKC", text)  # ；and ：typed on a Chinese keyboard
    for part in folded.split(";"):
        part = part.strip()
        if not part:
            continue
        stage, colon, when = part.partition(":")
        stage, when = stage.strip(), when.strip()
        if not colon or not stage or not when:
            raise Refused("import.bad_acceptance", value=part)
        if stage not in stages:
            raise Refused("import.unknown_stage", stage=stage)
        if stage in result:
            raise Refused("milestone.duplicate_stage")
        try:
            result[stage] = read_time(when, zone)
        except ValueError:
            raise Refused("import.bad_time", column="acceptances", value=when) from None
    return result


def _warranty(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return None
    try:
        return int(text)  # 0 and negatives are refused by the milestone check, with its reason
    except ValueError:
        raise Refused("import.bad_warranty", value=text) from None


def _staff_index() -> dict:
    """(name, role) -> staff id; active people first, then the oldest record. Tens of rows."""
    index = {}
    with db.reading():
        query = (Staff.select(Staff.id, Staff.name, Staff.role)
                 .where(Staff.role.in_(STAFF_ROLES)).order_by(Staff.active.desc(), Staff.id).tuples())
        for staff_id, name, role in query:
            index.setdefault((name, role), staff_id)
    return index


def _read(row: dict, settings, staff: dict) -> _Row:
    """Check one row without touching the database; Refused says what is wrong with it."""
    name = row.get("customer", "").strip()
    if not name:
        raise Refused("customer.name_required")
    phone_text = row.get("phone", "").strip()
    if not phone_text:
        raise Refused("import.phone_required")
    address = row.get("address", "").strip()
    customers.check_fields(name, address, "")
    phone = customers.phone_from_text(phone_text, settings)
    if phone.e164 is None:  # 95588 and friends: nobody's own number
        raise Refused("import.phone_not_personal", value=phone_text)
    result = _Row(name, phone_text, phone.e164, address)
    for role in STAFF_ROLES:
        person = row.get(role, "").strip()
        if person:
            staff_id = staff.get((person, role))
            if staff_id is None:
                raise Refused(f"import.unknown_{role}", name=person)
            result.staff[role] = staff_id
    zone = settings.zone
    result.handover_at = _time(row, "handover_at", zone)
    result.acceptances = _acceptances(row.get("acceptances", ""), set(settings["acceptance_stages"]), zone)
    result.final_at = _time(row, "final_acceptance_at", zone)
    result.warranty_months = _warranty(row.get("warranty_months", ""))
    return result


def _write(actor, row: _Row, settings) -> None:
    """The row's customer, project and milestones, in the caller's write transaction."""
    customer_id = customers.lookup_phone(row.e164)
    if customer_id is None:
        customer_id = customers.create(actor, row.name, row.address, "", row.phone_text)
    project = (Project.select().where((Project.customer == customer_id) & (Project.address == row.address))
               .order_by(Project.id).first())
    if project is None:
        project_id = projects.create(actor, customer_id, row.address, row.staff)
        project = Project.get_by_id(project_id)
    else:
        changed = {role: staff_id for role, staff_id in row.staff.items()
                   if getattr(project, f"{role}_id") != staff_id}
        if changed:
            before = {role: getattr(project, f"{role}_id") for role in changed}
            Project.update(**changed).where(Project.id == project.id).execute()
            audit.record(actor.login, "project", project.id, "staff", before, changed)
    stored = {a.stage: a.at for a in Acceptance.select().where(Acceptance.project == project.id)}
    handover = row.handover_at or project.handover_at
    acceptances = stored | row.acceptances
    final = row.final_at or project.final_acceptance_at
    months = row.warranty_months if row.warranty_months is not None else project.warranty_months
    if (handover, acceptances, final, months) == (project.handover_at, stored, project.final_acceptance_at,
                                                  project.warranty_months):
        return  # as stored: nothing to write, nothing to re-plan
    projects.save_milestones(actor, project.id, handover, acceptances, final, months)


def _header(names: list[str]) -> list[str]:
    header = [name.replace("\ufeff", "").strip().lower() for name in names]
    for column in REQUIRED:
        if column not in header:
            raise Refused("import.missing_column", column=column)
    return header


def utf8_lines(binary: Iterable[bytes]) -> Iterator[str]:
    """The lines of a binary file as text, a UTF-8 BOM dropped; UnicodeDecodeError names its line.

    Decoding line by line, not in the 8 KB chunks of a text file, is what lets a GBK file from
    Excel be reported at the first line that is not UTF-8 (earlier rows are imported by then).
    """
    first = True
    for raw in binary:
        if first:
            raw, first = raw.removeprefix(b"\xef\xbb\xbf"), False
        yield raw.decode("utf-8")


def import_projects(actor, lines: Iterable[str], report: Callable[[int, Refused], None] | None = None,
                    settings=None) -> ImportResult:
    """Import every row of CSV text lines (`utf8_lines` of a file opened "rb", or a text file opened
    with newline="" and encoding="utf-8-sig").

    `report(line, refusal)` hears of each bad row, with the line of the file it starts on.
    A file without the required columns is refused as a whole (Refused, nothing imported).
    """
    settings = settings or settings_service.load()
    reader = csv.reader(lines)
    try:
        names = next(reader, None)
    except (UnicodeDecodeError, csv.Error):
        raise Refused("import.unreadable", line=1) from None
    if names is None:
        raise Refused("import.empty")
    header = _header(names)
    staff = _staff_index()
    initials_keys("张")  # load the pinyin data now, not while a row holds the write lock
    imported = failed = 0
    line = reader.line_num + 1  # where the next record starts
    while True:
        try:
            cells = next(reader, None)
        except (UnicodeDecodeError, csv.Error):  # not UTF-8, or a broken quote: no line after it is sure
            failed += 1
            if report:
                report(line, Refused("import.unreadable", line=line))
            break
        if cells is None:
            break
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # blank lines and rows of empty cells are no rows
        try:
            row = _read(dict(zip(header, cells)), settings, staff)
            with db.writing():
                _write(actor, row, settings)
        except Refused as refusal:
            failed += 1
            if report:
                report(start, refusal)
            continue
        imported += 1
    return ImportResult(imported, failed)

