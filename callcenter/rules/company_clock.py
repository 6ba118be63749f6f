"""The company clock: how the desk counts "within N hours/days" (DOMAIN.md rules 11, 14, 15).

Every due time the desk sets from an event goes through `due`: the design-handover call (3 h),
each acceptance call (3 days = 72 h), the complaint deadline (24 h) and its second escalation
level (counted from the deadline), "no answer" retries and complaint confirmation calls.

- Time counts on open days only, all 24 hours of each. A closed day (the rest weekday, a public
  holiday while the company closes on them, a day a supervisor closed; see WorkCalendar.why) is
  skipped whole, 00:00-24:00; a start inside a closed day counts from the end of that day.
- Where the count ends outside opening hours, the due time moves to the next opening: 19:00
  to 08:00 of the next open day, 12:40 to 13:30.

Hours are wall-clock hours in the company's zone (a day is 24 of them, whatever a daylight-saving
zone does). Times in and out are aware; out in UTC. Pure: no database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callcenter.rules.workcal import WorkCalendar

_DAY = timedelta(days=1)
_SECOND = timedelta(seconds=1)
# No run of closed days is this long; a search that goes further is a bad calendar.
_SEARCH_DAYS = 366

# Why a due time was moved into opening hours (catalog keys clock.moved.<kind>).
BEFORE_OPENING, BREAK, AFTER_CLOSING = "before_opening", "break", "after_closing"


def _naive_local(moment: datetime, calendar: WorkCalendar) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TypeError("the company clock takes aware datetimes")
    return moment.astimezone(calendar.tz).replace(tzinfo=None)


def _utc(local: datetime, calendar: WorkCalendar) -> datetime:
    return local.replace(tzinfo=calendar.tz).astimezone(timezone.utc)


def _open_day(day: date, calendar: WorkCalendar, step: int = 1) -> date:
    """`day` when it is open, else the nearest open day after it (before it, with step -1)."""
    for _ in range(_SEARCH_DAYS):
        if calendar.is_working_day(day):
            return day
        day += timedelta(days=step)
    raise RuntimeError(f"no open day within {_SEARCH_DAYS} days of {day}")


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _count(start: datetime, span: timedelta, calendar: WorkCalendar) -> tuple[datetime, tuple[date, ...]]:
    """Naive local: where `span` of open-day time from `start` ends, and the closed days skipped."""
    skipped: list[date] = []
    day = start.date()
    cursor = start
    if not calendar.is_working_day(day):
        day = _open_day(day, calendar)
        skipped.extend(start.date() + timedelta(days=i) for i in range((day - start.date()).days))
        cursor = _midnight(day)
    remaining = span
    while True:
        left_today = _midnight(day + _DAY) - cursor
        if remaining < left_today:
            return cursor + remaining, tuple(skipped)
        remaining -= left_today
        following = _open_day(day + _DAY, calendar)
        skipped.extend(day + timedelta(days=i) for i in range(1, (following - day).days))
        day, cursor = following, _midnight(following)


def _opening(local: datetime, calendar: WorkCalendar) -> tuple[datetime, str]:
    """Naive local: the first opening moment at or after `local`, and why it moved ("" if not)."""
    day, clock = local.date(), local.time()
    if calendar.is_working_day(day):
        for number, (start, end) in enumerate(calendar.periods):
            if clock < end:
                if clock >= start:
                    return local, ""
                return datetime.combine(day, start), BEFORE_OPENING if number == 0 else BREAK
    after = _open_day(day + _DAY, calendar)
    return datetime.combine(after, calendar.periods[0][0]), AFTER_CLOSING


def due(start: datetime, span: timedelta, calendar: WorkCalendar) -> datetime:
    """Aware UTC: `span` counted on the company clock from `start`, moved into opening hours."""
    counted, _ = _count(_naive_local(start, calendar), span, calendar)
    return _utc(_opening(counted, calendar)[0], calendar)


def next_opening(moment: datetime, calendar: WorkCalendar) -> datetime:
    """Aware UTC: `moment` itself when the desk is open then, else the next opening after it."""
    return _utc(_opening(_naive_local(moment, calendar), calendar)[0], calendar)


def latest_start(moment: datetime, span: timedelta, calendar: WorkCalendar) -> datetime:
    """Aware UTC: the latest start whose due time (`due(start, span)`) is at or before `moment`.

    The escalation pass compares stored deadlines with this one cut-off instead of computing a
    due time per complaint. Whole seconds, as the database keeps them.
    """
    local = _naive_local(moment, calendar).replace(microsecond=0)
    if _opening(local, calendar)[1]:  # closed now: only counts that ended before the last closing are due
        day = local.date()
        ends = [datetime.combine(day, end) for _, end in calendar.periods] if calendar.is_working_day(day) else []
        ends = [end for end in ends if end <= local]
        if not ends:  # before today's first opening, or on a closed day: the last open day's closing
            ends = [datetime.combine(_open_day(day - _DAY, calendar, -1), calendar.periods[-1][1])]
        local = ends[-1] - _SECOND
    day = local.date()
    remaining = span
    cursor = local
    while True:
        since_midnight = cursor - _midnight(day)
        if remaining <= since_midnight:
            return _utc(cursor - remaining, calendar)
        remaining -= since_midnight
        day = _open_day(day - _DAY, calendar, -1)
        cursor = _midnight(day + _DAY)


@dataclass(frozen=True)
class Explanation:
    """How a due time came about, for a screen to say so."""

    start: datetime  # aware UTC: the event
    span: timedelta
    counted: datetime  # aware UTC: where the count ended, before any move into opening hours
    skipped: tuple[date, ...]  # closed days the count, or the move into opening hours, passed over
    due: datetime  # aware UTC
    moved: str  # "" | before_opening | break | after_closing


def explain(start: datetime, span: timedelta, calendar: WorkCalendar) -> Explanation:
    """`due`, with the steps that led to it."""
    counted, skipped = _count(_naive_local(start, calendar), span, calendar)
    opening, moved = _opening(counted, calendar)
    skipped += tuple(counted.date() + timedelta(days=i) for i in range(1, (opening.date() - counted.date()).days))
    return Explanation(start.astimezone(timezone.utc), span, _utc(counted, calendar), skipped,
                       _utc(opening, calendar), moved)
