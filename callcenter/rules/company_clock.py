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
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callcenter.rules.workcal import WorkCalendar

_DAY = timedelta(days=1)
_DAY_SECONDS = 86400.0
_SECOND = timedelta(seconds=1)
# No run of closed days is this long; a search that goes further is a bad calendar.
_SEARCH_DAYS = 366

# Why a due time was moved into opening hours (catalog keys clock.moved.<kind>).
BEFORE_OPENING, BREAK, AFTER_CLOSING = "before_opening", "break", "after_closing"


def _wall(moment: datetime, calendar: WorkCalendar) -> datetime:
    """Naive: the wall-clock time in the company's zone. (Built field by field: `replace` is slower.)"""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TypeError("the company clock takes aware datetimes")
    here = moment.astimezone(calendar.tz)
    return datetime(here.year, here.month, here.day, here.hour, here.minute, here.second, here.microsecond)


def _utc(wall: datetime, calendar: WorkCalendar) -> datetime:
    return datetime.combine(wall.date(), wall.time(), calendar.tz).astimezone(timezone.utc)


def _open_day(day: date, calendar: WorkCalendar, step: int = 1) -> date:
    """`day` when it is open, else the nearest open day after it (before it, with step -1)."""
    return date.fromordinal(_open_ordinal(day.toordinal(), calendar, step))


def _open_ordinal(ordinal: int, calendar: WorkCalendar, step: int = 1) -> int:
    is_open = calendar.is_open_ordinal
    for _ in range(_SEARCH_DAYS):
        if is_open(ordinal):
            return ordinal
        ordinal += step
    raise RuntimeError(f"no open day within {_SEARCH_DAYS} days of {date.fromordinal(ordinal)}")


def _count(start: datetime, span: timedelta, calendar: WorkCalendar, skipped: list | None = None) -> datetime:
    """Naive local: where `span` of open-day time from `start` ends; the closed days passed over
    go into `skipped` (date ordinals) when it is given. Day ordinals and seconds: it runs for
    every due time the desk sets."""
    day = start.toordinal()
    seconds = start.hour * 3600 + start.minute * 60 + start.second + start.microsecond / 1e6
    if not calendar.is_open_ordinal(day):
        opened = _open_ordinal(day, calendar)
        if skipped is not None:
            skipped.extend(range(day, opened))
        day, seconds = opened, 0.0
    remaining = span.total_seconds()
    is_open = calendar.is_open_ordinal
    while remaining >= _DAY_SECONDS - seconds:
        remaining -= _DAY_SECONDS - seconds
        following = day + 1
        if not is_open(following):
            following = _open_ordinal(following, calendar)
            if skipped is not None:
                skipped.extend(range(day + 1, following))
        day, seconds = following, 0.0
    return datetime.fromordinal(day) + timedelta(seconds=seconds + remaining)


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
    return _utc(_opening(_count(_wall(start, calendar), span, calendar), calendar)[0], calendar)


def next_opening(moment: datetime, calendar: WorkCalendar) -> datetime:
    """Aware UTC: `moment` itself when the desk is open then, else the next opening after it."""
    return _utc(_opening(_wall(moment, calendar), calendar)[0], calendar)


def latest_start(moment: datetime, span: timedelta, calendar: WorkCalendar) -> datetime:
    """Aware UTC: the latest start whose due time (`due(start, span)`) is at or before `moment`.

    The escalation pass compares stored deadlines with this one cut-off instead of computing a
    due time per complaint. Whole seconds, as the database keeps them.
    """
    local = _wall(moment, calendar)
    local -= timedelta(microseconds=local.microsecond)
    if _opening(local, calendar)[1]:  # closed now: only counts that ended before the last closing are due
        day = local.date()
        ends = [datetime.combine(day, end) for _, end in calendar.periods] if calendar.is_working_day(day) else []
        ends = [end for end in ends if end <= local]
        if not ends:  # before today's first opening, or on a closed day: the last open day's closing
            ends = [datetime.combine(_open_day(day - _DAY, calendar, -1), calendar.periods[-1][1])]
        local = ends[-1] - _SECOND
    day = local.toordinal()
    seconds = local.hour * 3600 + local.minute * 60 + local.second  # since that day's midnight
    remaining = span.total_seconds()
    while remaining > seconds:
        remaining -= seconds
        day, seconds = _open_ordinal(day - 1, calendar, -1), _DAY_SECONDS
    return _utc(datetime.fromordinal(day) + timedelta(seconds=seconds - remaining), calendar)


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
    skipped: list[int] = []
    counted = _count(_wall(start, calendar), span, calendar, skipped)
    opening, moved = _opening(counted, calendar)
    skipped.extend(range(counted.toordinal() + 1, opening.toordinal()))
    return Explanation(start.astimezone(timezone.utc), span, _utc(counted, calendar),
                       tuple(date.fromordinal(day) for day in skipped), _utc(opening, calendar), moved)
