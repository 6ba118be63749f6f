"""The company calendar: which days are open, and a supervisor's openings and closings.

A day is closed when it is the rest weekday, a public holiday (while the company closes on
them) or a day a supervisor closed; a day a supervisor opened is open whatever it is
(rules.workcal). Opening or closing a day re-plans, in the same transaction, every open
follow-up whose due time the change moves (db.due_times), each audited; done follow-ups and
complaint deadlines already set stay as they are.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import db
from callcenter.i18n import t
from callcenter.rules import workcal
from callcenter.rules.clock import day_bounds, now_utc
from callcenter.rules.company_clock import Explanation, due, explain
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from db import audit, due_times
from db.models import LIMITS, CalendarDay, FollowUp

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the dates a supervisor may change (and `show` shows)
MAX_SHOWN = 366 * 2  # days one `show` returns at most


@dataclass(frozen=True)
class Day:
    day: date
    open: bool
    hours: tuple[tuple[str, str], ...]  # opening hours; none on a closed day
    why: str  # rest_day | holiday | opened | closed | working
    detail: str  # the holiday's name, or the supervisor's reason
    estimated: bool  # a holiday from the estimate: no official data for its year yet

    @property
    def why_text(self) -> str:
        """rest_day, holiday: 春节, holiday (estimated): 春节, opened: reason, closed: reason, working."""
        kind = "holiday (estimated)" if self.estimated else self.why
        return f"{kind}: {self.detail}" if self.detail else kind


@dataclass(frozen=True)
class Change:
    day: date
    moved: int  # open follow-ups re-planned


def load(settings=None) -> WorkCalendar:
    """The company calendar now: the settings and every day a supervisor opened or closed."""
    settings = settings or settings_service.load()
    with db.reading():
        return current(settings)


def current(settings) -> WorkCalendar:
    """`load` inside the caller's transaction (a connection must not be opened again there)."""
    return WorkCalendar.from_settings(settings, *due_times.calendar_days())


def show(start: date, end: date, settings=None) -> list[Day]:
    """Each day from `start` to `end`, both included."""
    _check_range(start)
    _check_range(end)
    if end < start or (end - start).days >= MAX_SHOWN:
        raise Refused("calendar.bad_range", limit=MAX_SHOWN)
    settings = settings or settings_service.load()
    with db.reading():
        reasons = dict(CalendarDay.select(CalendarDay.day, CalendarDay.reason)
                       .where(CalendarDay.day.between(start, end)).tuples())
        calendar = current(settings)
    days = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        why = calendar.why(day)
        is_open = calendar.is_working_day(day)
        if why == "holiday":
            detail = workcal.holiday_name(day)
        else:
            detail = reasons.get(day, "")
        estimated = why == "holiday" and workcal.is_estimated(day.year)
        days.append(Day(day, is_open, calendar.hours if is_open else (), why, detail, estimated))
    return days


def _check_range(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise Refused("calendar.out_of_range", first=FIRST_YEAR, last=LAST_YEAR)


def _check_change(actor, day: date, reason: str, settings) -> None:
    if not actor.is_supervisor:
        raise Refused("calendar.supervisor_only")
    _check_range(day)
    check_length("reason", reason, LIMITS["reason"])
    today = now_utc().astimezone(WorkCalendar.from_settings(settings).tz).date()
    if day < today:  # work done on it was planned by the calendar it had
        raise Refused("calendar.past", day=day.isoformat())


def open_day(actor, day: date, reason: str = "") -> Change:
    """Open a day (a Monday, a holiday) for work."""
    return _set(actor, day, True, reason)


def close_day(actor, day: date, reason: str = "") -> Change:
    """Close a day: nothing is due on it, and it does not count towards any due time."""
    return _set(actor, day, False, reason)


def clear_day(actor, day: date, reason: str = "") -> Change:
    """Back to the usual calendar (the rest weekday and holidays) for that day."""
    return _set(actor, day, None, reason)


def _set(actor, day: date, is_open: bool | None, reason: str) -> Change:
    settings = settings_service.load()
    _check_change(actor, day, reason, settings)
    reason = reason.strip()
    with db.writing():
        values = due_times.settings_values()
        before = due_times.company_calendar(values)
        row = CalendarDay.get_or_none(CalendarDay.day == day)
        if is_open is None:
            if row is None:
                raise Refused("calendar.nothing_to_clear", day=day.isoformat())
            CalendarDay.delete().where(CalendarDay.day == day).execute()
        else:
            if before.is_working_day(day) == is_open:
                raise Refused("calendar.already_open" if is_open else "calendar.already_closed", day=day.isoformat())
            CalendarDay.insert(day=day, open=is_open, reason=reason, updated_at=now_utc(),
                               updated_by=actor.login).on_conflict(
                conflict_target=[CalendarDay.day], preserve=[CalendarDay.open, CalendarDay.reason,
                                                            CalendarDay.updated_at, CalendarDay.updated_by]).execute()
        after = due_times.company_calendar(values)
        audit.record(actor.login, "calendar", day.isoformat(), "clear" if is_open is None else "set",
                     None if row is None else {"open": row.open, "reason": row.reason},
                     None if is_open is None else {"open": is_open, "reason": reason})
        since, until = _window(day, before, after, values)
        moved = due_times.followups(after, values, since, until)
        due_times.record(actor.login, "followup", "due_at", moved, {"calendar": day.isoformat()})
        audit.seal()  # the rows written in bulk join the chain
    return Change(day, len(moved))


def _window(day: date, before: WorkCalendar, after: WorkCalendar, values: dict) -> tuple[datetime, datetime]:
    """The due times a change of `day` can move: from its start to the latest due time of anything
    that started by its end, under either calendar (every span is counted from an event)."""
    start, end = day_bounds(day, before.zone)
    longest = max(timedelta(hours=72), timedelta(hours=values["no_answer_retry_hours"]))
    latest = []
    for calendar in (before, after):
        latest.append(due(end, longest, calendar))
        latest.append(calendar.end_of_day(calendar.next_working_day(day + timedelta(days=1))))  # warranty calls
    return start, max(latest) + timedelta(days=1)


def estimates_reached(settings=None) -> int | None:
    """The first year with estimated holidays only that an open follow-up is due in, or None.

    The desk header warns a supervisor once: those years' holidays are a guess until
    chinese-calendar publishes them.
    """
    settings = settings or settings_service.load()
    with db.reading():
        last = FollowUp.select(FollowUp.due_at).where(FollowUp.status == "open").order_by(
            FollowUp.due_at.desc()).limit(1).scalar()
    if last is None:
        return None
    tz = WorkCalendar.from_settings(settings).tz
    first, final = now_utc().astimezone(tz).year, last.astimezone(tz).year
    return next((year for year in range(first, final + 1) if workcal.is_estimated(year)), None)


def explain_due(start: datetime, span: timedelta, settings=None) -> Explanation:
    """How `span` after `start` comes to its due time on the company calendar now."""
    return explain(start, span, load(settings))


def _moment(moment: datetime, tz, with_date: bool) -> str:
    here = moment.astimezone(tz)
    weekday = t(f"weekday_short.{here.isoweekday()}")
    day = t("clock.day", month=here.month, day=here.day) + " " if with_date else ""
    return f"{day}{weekday} {here:%H:%M}"


def describe(seen: Explanation, event: str, settings=None) -> str:
    """One line: "交底 周日 16:00 → 下班后，顺延到 周二 08:00（周一 休息）". `event` names the start
    (a catalog text: 交底, 验收, 投诉...)."""
    settings = settings or settings_service.load()
    tz = WorkCalendar.from_settings(settings).tz
    with_date = (seen.due - seen.start) >= timedelta(days=6)
    line = t("clock.line", event=event, start=_moment(seen.start, tz, with_date),
             due=_moment(seen.due, tz, with_date),
             moved=t(f"clock.moved.{seen.moved}") if seen.moved else "")
    if seen.skipped:
        days = t("clock.sep").join(t("clock.day", month=d.month, day=d.day) for d in seen.skipped) \
            if len(seen.skipped) <= 3 else t("clock.days", count=len(seen.skipped))
        line += t("clock.skipped", days=days)
    return line
