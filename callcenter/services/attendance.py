"""Attendance (考勤): punches from the clock or the desk, leave, proofs of forgotten punches, and
the month's fines per person by the seed's rules (rules.attendance, DOMAIN.md rule 23).

Everyone active on the staff table is expected on the company's open days (services.calendar);
days after `until` (today, for the running month) are not judged yet.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable, Iterable

import db
from callcenter.rules import attendance as rules
from callcenter.rules.clock import now_utc
from callcenter.rules.dates import parse as read_time  # every import reads dates alike
from callcenter.services import calendar as calendar_service
from callcenter.services import month as month_service
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import LIMITS, Leave, Punch, PunchProof, Staff

COLUMNS = {"name": ("name", "姓名"), "time": ("time", "打卡时间")}
SUMMARY_FIELDS = ("person", "month", "days_expected", "late", "late_minutes", "early", "early_minutes",
                  "half_days", "full_days", "forgotten_excused", "forgotten_fined", "warnings", "fine_yuan")


@dataclass(frozen=True)
class PersonMonth:
    staff_id: int
    person: str
    summary: rules.MonthSummary

    def row(self, month: date) -> dict:
        s = self.summary
        return {"person": self.person, "month": month_service.label(month), "days_expected": s.days_expected,
                "late": s.late, "late_minutes": s.late_minutes, "early": s.early, "early_minutes": s.early_minutes,
                "half_days": s.half_days, "full_days": s.full_days, "forgotten_excused": s.forgotten_excused,
                "forgotten_fined": s.forgotten_fined, "warnings": s.warnings, "fine_yuan": s.fine_yuan}


@dataclass
class ImportResult:
    imported: int = 0  # new punches written (or, with --check, that would be)
    duplicates: int = 0  # already stored, or twice in the file
    failed: int = 0
    flagged: list[int] = field(default_factory=list)  # lines of punches on closed days: kept, no fine


def columns(header: list[str], wanted: dict) -> dict:
    """Our column name -> the file's, for English or Chinese headers; Refused when one is missing."""
    given = {unicodedata.normalize("NFKC", name).strip().lower(): name for name in header}
    found, missing = {}, []
    for ours, names in wanted.items():
        match = next((given[n] for n in names if n in given), None)
        if match is None:
            missing.append(" / ".join(names))
        found[ours] = match
    if missing:
        raise Refused("import.missing_month_column", column="，".join(missing))
    return found


def check_punch(row: dict, names: dict, staff: dict, zone: str) -> tuple[int, datetime]:
    """One row -> (staff id, aware UTC time); Refused says what is wrong. No database."""
    name = month_service.folded(row.get(names["name"], ""))
    if not name:
        raise Refused("attendance.name_required")
    staff_id = staff.get(name)
    if staff_id is None:
        raise Refused("attendance.unknown_person", name=name)
    text = row.get(names["time"], "").strip()
    if not text:
        raise Refused("attendance.time_required")
    try:
        return staff_id, read_time(text, zone)
    except ValueError:
        raise Refused("attendance.bad_time", value=text) from None


def import_punches(actor, header: list[str], rows: Iterable[tuple[int, dict]],
                   report: Callable[[int, Refused], None], *, check: bool = False, settings=None) -> ImportResult:
    """Every good row's punch, in one transaction; bad rows reported by line, all of them.
    With `check`, nothing is written. The same punch twice (in the file or stored) is one."""
    settings = settings or settings_service.load()
    names = columns(header, COLUMNS)
    staff = month_service.staff_by_name()
    calendar = calendar_service.load(settings)
    tz = calendar.tz
    result = ImportResult()
    good: dict[tuple[int, datetime], int] = {}
    for line, row in rows:
        try:
            punch = check_punch(row, names, staff, settings.zone)
        except Refused as refusal:
            result.failed += 1
            report(line, refusal)
            continue
        if punch in good:
            result.duplicates += 1
            continue
        good[punch] = line
        if not calendar.is_working_day(punch[1].astimezone(tz).date()):
            result.flagged.append(line)
    now = now_utc().replace(microsecond=0)
    with (db.reading() if check else db.writing()):
        stored = set()
        for staff_id in {s for s, _ in good}:
            times = [at for s, at in good if s == staff_id]
            stored.update((staff_id, at) for (at,) in Punch.select(Punch.at).where(
                (Punch.staff == staff_id) & Punch.at.between(min(times), max(times))).tuples())
        new = [punch for punch in good if punch not in stored]
        result.duplicates += len(good) - len(new)
        result.imported = len(new)
        if not check and new:
            Punch.insert_many([{"staff": s, "at": at, "source": "import", "created_at": now,
                                "created_by": actor.login} for s, at in new]).on_conflict_ignore().execute()
            audit.record(actor.login, "punch", "import", "import", None, {"punches": len(new)})
    return result


def add_punch(actor, staff_id: int, at: datetime) -> bool:
    """A punch typed at the desk; False when it was already there."""
    at = at.astimezone(timezone.utc).replace(microsecond=0)
    with db.writing():
        if Punch.select().where((Punch.staff == staff_id) & (Punch.at == at)).exists():
            return False
        Punch.create(staff=staff_id, at=at, source="desk", created_at=now_utc(), created_by=actor.login)
        audit.record(actor.login, "punch", staff_id, "add", None, {"at": at.isoformat()})
    return True


def _supervisor(actor) -> None:
    if not actor.is_supervisor:
        raise Refused("attendance.supervisor_only")


def add_leave(actor, staff_id: int, start: datetime, end: datetime, reason: str = "") -> int:
    """Approved leave: a supervisor's record with a time range."""
    _supervisor(actor)
    check_length("reason", reason, LIMITS["reason"])
    if end <= start:
        raise Refused("attendance.bad_leave")
    with db.writing():
        leave = Leave.create(staff=staff_id, start=start, end=end, reason=reason.strip(), approved_by=actor.login,
                             created_at=now_utc())
        audit.record(actor.login, "leave", leave.id, "add", None,
                     {"staff": staff_id, "start": start.isoformat(), "end": end.isoformat(), "reason": reason})
    return leave.id


def add_proof(actor, staff_id: int, day: date, side: str, note: str = "") -> bool:
    """A supervisor's proof of a forgotten punch (side "in" or "out"); False when already given."""
    _supervisor(actor)
    if side not in (rules.ARRIVAL, rules.DEPARTURE):
        raise Refused("attendance.bad_side")
    check_length("reason", note, LIMITS["reason"])
    with db.writing():
        if PunchProof.select().where((PunchProof.staff == staff_id) & (PunchProof.day == day)
                                     & (PunchProof.side == side)).exists():
            return False
        PunchProof.create(staff=staff_id, day=day, side=side, note=note.strip(), proven_by=actor.login,
                          created_at=now_utc())
        audit.record(actor.login, "punch_proof", staff_id, "add", None, {"day": day.isoformat(), "side": side})
    return True


def _local_span(first: date, last: date, tz) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time.min, tz).astimezone(timezone.utc)
    end = datetime.combine(last + timedelta(days=1), time.min, tz).astimezone(timezone.utc)
    return start, end


def month(first: date, until: date | None = None, settings=None) -> list[PersonMonth]:
    """One summary per active person for the month starting `first`, by name. Days after `until`
    (default: yesterday, the last day whose punches are all in) are not judged."""
    settings = settings or settings_service.load()
    calendar = calendar_service.load(settings)
    tz = calendar.tz
    policy = rules.Policy.from_hours(settings["work_hours"])
    days = rules.month_days(first)
    last = days[-1]
    until = until or now_utc().astimezone(tz).date() - timedelta(days=1)
    since, through = rules.week_span(first, last)
    through = min(through, until)
    start, end = _local_span(since, through, tz)
    punches: dict[int, dict[date, list[time]]] = {}
    leaves: dict[int, dict[date, list[tuple[time, time]]]] = {}
    proofs: dict[int, dict[date, set[str]]] = {}
    everyone = people()
    with db.reading():
        for staff_id, at in Punch.select(Punch.staff, Punch.at).where(Punch.at.between(start, end)).tuples():
            here = at.astimezone(tz)
            punches.setdefault(staff_id, {}).setdefault(here.date(), []).append(
                time(here.hour, here.minute, here.second))
        for staff_id, a, b in Leave.select(Leave.staff, Leave.start, Leave.end).where(
                (Leave.start < end) & (Leave.end > start)).tuples():
            _spread_leave(leaves.setdefault(staff_id, {}), a.astimezone(tz), b.astimezone(tz))
        for staff_id, day, side in PunchProof.select(PunchProof.staff, PunchProof.day, PunchProof.side).where(
                PunchProof.day.between(since, through)).tuples():
            proofs.setdefault(staff_id, {}).setdefault(day, set()).add(side)
    span = [since + timedelta(days=n) for n in range((through - since).days + 1)]
    open_days = {day: calendar.is_working_day(day) for day in span}
    result = []
    for staff_id, name in everyone:
        mine, off, proven = punches.get(staff_id, {}), leaves.get(staff_id, {}), proofs.get(staff_id, {})
        records = [rules.DayRecord(day, open_days[day], tuple(mine.get(day, ())), tuple(off.get(day, ())),
                                   frozenset(proven.get(day, ()))) for day in span]
        result.append(PersonMonth(staff_id, name, rules.judge_month(records, first, min(last, until), policy)))
    return result


def _spread_leave(into: dict, start: datetime, end: datetime) -> None:
    """A leave across days as one (from, to) wall-clock range on each day it touches."""
    day = start.date()
    while day <= end.date():
        a = time(start.hour, start.minute, start.second) if day == start.date() else time.min
        b = time(end.hour, end.minute, end.second) if day == end.date() else time.max
        if a < b:
            into.setdefault(day, []).append((a, b))
        day += timedelta(days=1)


def people() -> list[tuple[int, str]]:
    """(id, name) of everyone attendance is kept for."""
    with db.reading():
        return list(Staff.select(Staff.id, Staff.name).where(Staff.active == True)  # noqa: E712
                    .order_by(Staff.name, Staff.id).tuples())



SIDES = {"in": rules.ARRIVAL, "上班": rules.ARRIVAL, "out": rules.DEPARTURE, "下班": rules.DEPARTURE}


def enter(actor, kind: str, text: str, settings=None) -> None:
    """What the attendance view's one-line entries say, written:

    punch  `张伟 2026-12-01 08:03`
    leave  `张伟 2026-12-01 08:00 2026-12-01 12:00 事假` (supervisors)
    proof  `张伟 2026-12-01 上班` (or 下班, in, out; supervisors)
    """
    settings = settings or settings_service.load()
    words = unicodedata.normalize("NFKC", text).split()
    if not words:
        raise Refused(f"attendance.entry_{kind}")
    staff_id = month_service.staff_by_name().get(words[0])
    if staff_id is None:
        raise Refused("attendance.unknown_person", name=words[0])
    try:
        if kind == "punch" and len(words) == 3:
            add_punch(actor, staff_id, read_time(" ".join(words[1:3]), settings.zone))
            return
        if kind == "leave" and len(words) >= 5:
            start, end = (read_time(" ".join(words[n:n + 2]), settings.zone) for n in (1, 3))
            add_leave(actor, staff_id, start, end, " ".join(words[5:]))
            return
        if kind == "proof" and len(words) >= 3 and words[2].lower() in SIDES:
            add_proof(actor, staff_id, date.fromisoformat(words[1]), SIDES[words[2].lower()], " ".join(words[3:]))
            return
    except ValueError:
        pass
    raise Refused(f"attendance.entry_{kind}")
