"""The company's working calendar: which days are working days, and when the working hours are.

The company works Saturdays and Sundays (DOMAIN.md rule 22): its days off are its rest weekday
(Monday by default) and, while `closed_on_holidays` is on (the default), the Chinese public
holidays, each holiday period whole (a Sunday inside the National Day week is a day off too).
A make-up working day (调休上班) is a working day even when it falls on the rest weekday. A
supervisor may open a day (a Monday, a holiday) or close one: those days, kept in the database
and handed in as `opened` and `closed`, win over everything else. Working hours are half-open periods in the company's zone:
08:00-12:00 and 13:30-17:30 by default; 12:00 itself is lunch.

Where the holidays come from, and why two packages:

- For the years that `chinese-calendar` has official data for (2004-2026 in 1.11), it is the
  source: it holds each holiday period exactly as the State Council published it, weekend days
  inside the period included, and the make-up working days. It is small (5 ms to import, no
  dependencies) and offline. It raises NotImplementedError for any other year.
- Warranty plans reach years past that (a 24-month warranty from late 2026 ends in 2028), and
  the calendar must never raise for a future year. For those years `holidays` (its China class
  computes the lunar festivals up to 2100) gives the statutory days and its estimate of the
  days in lieu, but only weekdays inside a period, never the weekend days between them, and no
  make-up working days. Since this company works weekends, a missing Sunday in the middle of
  the Spring Festival would be planned as a working day; so each festival's span is filled in:
  the Spring Festival from its eve for eight days, Labour Day 1-5 May, National Day 1-7
  October (the usual spans of recent years), the gaps of up to two days between holiday days
  closed, and a short holiday (three days or fewer) that touches a weekend takes that weekend
  in, as the official three-day breaks do. These are estimates: applied to the years both
  packages know (2019-2026), the filled-in table differs from the official one by 0 to 7 days
  a year (0 for 2025, the first year of the current rules). When a newer `chinese-calendar`
  publishes a year, its official data replaces the estimate with no code change. Estimated
  years have no make-up working days (they fall on weekends, which this company works anyway).
- Years `holidays` does not cover either (after 2100) have no holidays: never an error.

Both packages are imported on first use, off the desk's first paint, and every year's table is
computed once (`is_public_holiday` is cached per year).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

from callcenter.rules.clock import ZoneError
from callcenter.rules.clock import zone as zone_named

_OPEN = ("opened", "working")

# No run of days off is this long; a search for a working day that goes further is a bad calendar.
_SEARCH_DAYS = 366

# Spans filled in for years without official data (see the module docstring).
_SPRING_FESTIVAL_DAYS = 8  # from the eve (除夕)
_FIXED_SPANS = ((5, 1, 5), (10, 1, 7))  # (month, first day, days): Labour Day, National Day
_GAP_FILLED = 2  # days between two holiday days that become holidays too
_SHORT_HOLIDAY = 3  # a holiday this long or shorter takes an adjacent weekend in


@cache
def _official() -> tuple[frozenset[int], dict, dict]:
    """chinese-calendar's years, holidays (day -> Chinese name) and make-up working days."""
    import chinese_calendar

    known = frozenset(day.year for day in chinese_calendar.holidays)
    names = {h.value: h.chinese for h in chinese_calendar.Holiday}
    holidays = {day: names.get(name, name) for day, name in chinese_calendar.holidays.items()}
    return known, holidays, chinese_calendar.workdays


_MAKEUP_SUFFIX = "（补假）"
_EVE = "农历除夕"


def _estimated_days(year: int) -> dict[date, str]:
    """Holiday days of `year` estimated from `holidays`, each festival's span filled in, with names."""
    import holidays

    years = range(year - 1, year + 2)  # spans may cross New Year
    try:
        table = holidays.China(years=years, language="en_US")
        named = holidays.China(years=years, language="zh_CN")
    except (NotImplementedError, ValueError, KeyError):  # outside what the package knows
        return {}
    days = set(table)
    for y in years:
        eves = [d for d in table.get_named("Chinese New Year's Eve", lookup="exact") if d.year == y]
        if eves:
            days.update(eves[0] + timedelta(days=i) for i in range(_SPRING_FESTIVAL_DAYS))
        if any(d.year == y for d in table):
            for month, first, length in _FIXED_SPANS:
                days.update(date(y, month, first) + timedelta(days=i) for i in range(length))
    return {day: name for day, name in _filled(days, named).items() if day.year == year}


def _run_name(run: list[date], named) -> str:
    """A filled-in run is named for its most frequent festival (the eve and days in lieu count as it)."""
    counts: dict[str, int] = {}
    for day in run:
        for name in str(named.get(day) or "").split("; "):
            name = name.removesuffix(_MAKEUP_SUFFIX)
            if name and name != _EVE:
                counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else "春节"  # only an eve: the Spring Festival's


def _filled(days: set[date], named=None) -> dict[date, str]:
    """Close short gaps between holiday days; short holidays take an adjacent weekend in."""
    result: dict[date, str] = {}
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][-1]).days <= _GAP_FILLED + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    for run in runs:
        start, end = run[0], run[-1]
        if (end - start).days + 1 <= _SHORT_HOLIDAY:
            if start.isoweekday() == 1:  # Monday: the weekend before joins
                start -= timedelta(days=2)
            if end.isoweekday() == 5:  # Friday: the weekend after joins
                end += timedelta(days=2)
        name = _run_name(run, named or {})
        result.update((start + timedelta(days=i), name) for i in range((end - start).days + 1))
    return result


@cache
def _year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """(holiday days with their names, make-up working days) of one year."""
    known, official_holidays, official_workdays = _official()
    if year in known:
        return ({d: name for d, name in official_holidays.items() if d.year == year},
                frozenset(d for d in official_workdays if d.year == year))
    return _estimated_days(year), frozenset()


def is_public_holiday(day: date) -> bool:
    """A day inside a Chinese public holiday period (official where published, else estimated)."""
    return day in _year(day.year)[0]


def holiday_name(day: date) -> str:
    """The holiday's Chinese name (春节), or "" on a day that is none."""
    return _year(day.year)[0].get(day, "")


def is_estimated(year: int) -> bool:
    """No official data for this year: its holidays are `holidays`' estimate, filled in."""
    return year not in _official()[0]


def is_makeup_workday(day: date) -> bool:
    """A weekend day declared a working day in exchange for a holiday (调休上班); official years only."""
    return day in _year(day.year)[1]


class CalendarError(ValueError):
    """Settings that make no working calendar: the only error WorkCalendar(...) raises."""


def _clock(text: str) -> time:
    try:
        value = time.fromisoformat(text)
    except ValueError:
        value = None
    if value is None or len(text) != 5 or value.second or value.microsecond:
        raise CalendarError(f"HH:MM expected: {text!r}")
    return value


@dataclass(frozen=True)
class WorkCalendar:
    zone: str = "Asia/Shanghai"
    hours: tuple[tuple[str, str], ...] = (("08:00", "12:00"), ("13:30", "17:30"))
    rest_weekday: int = 1  # ISO weekday
    closed_on_holidays: bool = True
    opened: frozenset[date] = frozenset()  # days a supervisor opened
    closed: frozenset[date] = frozenset()  # days a supervisor closed
    _periods: tuple[tuple[time, time], ...] = field(init=False, repr=False, compare=False)
    _open: dict = field(init=False, repr=False, compare=False)  # date ordinal -> open; filled as asked

    def __post_init__(self):
        try:  # an unknown zone fails here, not at the first question
            zone_named(self.zone)
        except ZoneError:
            raise CalendarError(f"unknown time zone: {self.zone!r}") from None
        hours = tuple((str(start), str(end)) for start, end in self.hours)
        periods = tuple((_clock(start), _clock(end)) for start, end in hours)
        if not periods:
            raise CalendarError("at least one working period expected")
        for (start, end), following in zip(periods, periods[1:] + ((None, None),)):
            if not start < end or (following[0] is not None and following[0] < end):
                raise CalendarError(f"working periods must be ordered and apart: {hours!r}")
        try:
            rest = int(self.rest_weekday)
        except (TypeError, ValueError, OverflowError):
            rest = 0
        if not 1 <= rest <= 7:
            raise CalendarError(f"rest weekday must be 1-7: {self.rest_weekday!r}")
        try:
            opened, closed = frozenset(self.opened), frozenset(self.closed)
        except TypeError:
            raise CalendarError("opened and closed days must be dates") from None
        if opened & closed:
            raise CalendarError("a day cannot be both opened and closed")
        object.__setattr__(self, "opened", opened)
        object.__setattr__(self, "closed", closed)
        object.__setattr__(self, "hours", hours)
        object.__setattr__(self, "rest_weekday", rest)  # "1" typed is the ISO weekday 1, not a string
        object.__setattr__(self, "_periods", periods)
        object.__setattr__(self, "_open", {})

    @classmethod
    def from_settings(cls, settings, opened=(), closed=()) -> "WorkCalendar":
        """From company settings: company_zone, work_hours ([["08:00","12:00"],...]), rest_weekday,
        closed_on_holidays; and the days a supervisor opened or closed.

        A missing (or None) value takes the default.
        """

        def value(key: str):
            try:
                return settings[key]
            except KeyError:
                return None

        kwargs = {}
        if value("company_zone") is not None:
            kwargs["zone"] = value("company_zone")
        if value("work_hours") is not None:
            kwargs["hours"] = tuple(tuple(pair) for pair in value("work_hours"))
        if value("rest_weekday") is not None:
            kwargs["rest_weekday"] = value("rest_weekday")  # checked (and made a number) by the calendar
        if value("closed_on_holidays") is not None:
            kwargs["closed_on_holidays"] = bool(value("closed_on_holidays"))
        return cls(**kwargs, opened=frozenset(opened), closed=frozenset(closed))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def is_working_day(self, day: date) -> bool:
        return self.is_open_ordinal(day.toordinal())

    def is_open_ordinal(self, ordinal: int) -> bool:
        """`is_working_day` by date ordinal, remembered: the company clock asks it for every day it counts."""
        known = self._open.get(ordinal)
        if known is None:
            known = self._open[ordinal] = self.why(date.fromordinal(ordinal)) in _OPEN
        return known

    def why(self, day: date) -> str:
        """Why the day is open or closed: opened, closed, holiday, rest_day or working."""
        if day in self.opened:
            return "opened"
        if day in self.closed:
            return "closed"
        if self.closed_on_holidays and is_public_holiday(day):
            return "holiday"
        if day.isoweekday() == self.rest_weekday and not is_makeup_workday(day):
            return "rest_day"
        return "working"

    @property
    def periods(self) -> tuple[tuple[time, time], ...]:
        """The opening hours of every open day, as times."""
        return self._periods

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first one after it."""
        for offset in range(_SEARCH_DAYS):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise RuntimeError(f"no working day within {_SEARCH_DAYS} days of {day}")

    def end_of_day(self, day: date) -> datetime:
        """Aware UTC: the end of the day's last working period."""
        return datetime.combine(day, self._periods[-1][1], self.tz).astimezone(timezone.utc)

    def is_working_moment(self, moment: datetime) -> bool:
        here = moment.astimezone(self.tz)
        return self.is_working_day(here.date()) and any(
            start <= here.time().replace(tzinfo=None) < end for start, end in self._periods)

    def next_slot(self, moment: datetime, after: timedelta) -> datetime:
        """Aware UTC: `after` counted on the company clock from `moment` (see company_clock.due)."""
        from callcenter.rules.company_clock import due

        return due(moment, after, self)
