"""The company's working calendar (DOMAIN.md rule 22): hours, the rest weekday, public holidays."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from callcenter.rules import workcal
from callcenter.rules.workcal import WorkCalendar, is_makeup_workday, is_public_holiday

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(
    "day, working",
    [
        (date(2026, 11, 27), True),  # Friday
        (date(2026, 11, 28), True),  # Saturday: the company works weekends
        (date(2026, 11, 29), True),  # Sunday
        (date(2026, 11, 30), False),  # Monday: the rest day
        (date(2026, 12, 1), True),  # Tuesday
        # National Day 2026 (official): 1-7 October, the weekend and the Monday inside too
        (date(2026, 9, 30), True),
        (date(2026, 10, 1), False),
        (date(2026, 10, 4), False),  # a Sunday inside the holiday
        (date(2026, 10, 7), False),
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, a make-up working day anyway
        # Spring Festival 2026 (official): 15-23 February
        (date(2026, 2, 14), True),
        (date(2026, 2, 15), False),
        (date(2026, 2, 21), False),  # a Saturday inside the holiday
        (date(2026, 2, 23), False),
        (date(2026, 2, 24), True),
        # later years have no official data: estimated, never an error
        (date(2027, 2, 6), False),  # Spring Festival 2027, the first day of the lunar year
        (date(2027, 2, 7), False),  # its Sunday
        (date(2028, 1, 26), False),  # Spring Festival 2028
        (date(2030, 10, 1), False),  # National Day 2030
        (date(2030, 10, 6), False),  # a Sunday inside it, filled in
        (date(2030, 10, 9), True),
    ],
)
def test_working_days(day, working):
    assert CAL.is_working_day(day) is working


@pytest.mark.parametrize(
    "day, holiday",
    [
        (date(2026, 1, 1), True),
        (date(2026, 1, 4), False),  # a make-up working day
        (date(2026, 4, 5), True),  # 清明 2026
        (date(2026, 6, 19), True),  # 端午 2026
        (date(2026, 9, 25), True),  # 中秋 2026
        (date(2026, 11, 30), False),  # a Monday is a rest day, not a holiday
        (date(2027, 1, 1), True),
        (date(2027, 5, 1), True),
        (date(2027, 10, 1), True),
        (date(2029, 2, 13), True),  # 春节 2029
        (date(2030, 2, 3), True),  # 春节 2030
        (date(2040, 10, 1), True),
        (date(2040, 7, 10), False),
    ],
)
def test_public_holidays(day, holiday):
    assert is_public_holiday(day) is holiday


@pytest.mark.parametrize("year", [1990, 2003, 2026, 2027, 2035, 2050, 2100, 2101, 2200])
def test_no_year_raises(year):
    for day in (date(year, 1, 1), date(year, 10, 1), date(year, 12, 31)):
        is_public_holiday(day)
        is_makeup_workday(day)
        assert CAL.next_working_day(day) >= day


def test_every_spring_festival_day_of_a_later_year_is_a_holiday_without_gaps():
    """Weekend days inside an estimated holiday are filled in (the company works weekends)."""
    for first, last in [(date(2027, 2, 6), date(2027, 2, 8)), (date(2028, 1, 26), date(2028, 1, 28))]:
        day = first
        while day <= last:
            assert is_public_holiday(day), day
            day += timedelta(days=1)


@pytest.mark.parametrize(
    "days, filled",
    [
        # a Friday and the Monday after: the weekend between is filled in
        ({"2027-05-07", "2027-05-10"}, ["2027-05-07", "2027-05-08", "2027-05-09", "2027-05-10"]),
        # a lone Monday takes the weekend before it in (a three-day break)
        ({"2027-04-05"}, ["2027-04-03", "2027-04-04", "2027-04-05"]),
        # a lone Friday takes the weekend after it in
        ({"2027-01-01"}, ["2027-01-01", "2027-01-02", "2027-01-03"]),
        # a lone Wednesday stays alone
        ({"2027-06-09"}, ["2027-06-09"]),
        # a long holiday starting on a Monday does not take the weekend before it
        ({"2029-10-01", "2029-10-02", "2029-10-03", "2029-10-04"},
         ["2029-10-01", "2029-10-02", "2029-10-03", "2029-10-04"]),
        # days three apart are two holidays
        ({"2027-06-09", "2027-06-13"}, ["2027-06-09", "2027-06-13"]),
    ],
)
def test_spans_are_filled_in_for_estimated_years(days, filled):
    result = workcal._filled({date.fromisoformat(d) for d in days})
    assert sorted(d.isoformat() for d in result) == filled


@pytest.mark.parametrize(
    "day, rest, working",
    [
        (date(2026, 9, 20), 7, True),  # a Sunday made a working day: it beats a Sunday rest day
        (date(2026, 9, 13), 7, False),  # an ordinary Sunday
        (date(2026, 9, 14), 7, True),  # Monday works when Sunday is the rest day
    ],
)
def test_make_up_working_days_beat_the_rest_weekday(day, rest, working):
    assert WorkCalendar(rest_weekday=rest).is_working_day(day) is working


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 12, 1), date(2026, 12, 1)),  # a working day is itself
        (date(2026, 11, 30), date(2026, 12, 1)),  # Monday -> Tuesday
        (date(2026, 10, 1), date(2026, 10, 8)),  # National Day -> the day after it
        (date(2026, 2, 15), date(2026, 2, 24)),  # the holiday ends on a Monday: Tuesday
        (date(2026, 11, 28), date(2026, 11, 28)),  # Saturday works
    ],
)
def test_next_working_day(day, expected):
    assert CAL.next_working_day(day) == expected


def test_end_of_day_is_the_end_of_the_last_working_period_in_utc():
    end = CAL.end_of_day(date(2026, 12, 1))
    assert end == datetime(2026, 12, 1, 9, 30, tzinfo=timezone.utc)
    assert end.tzinfo == timezone.utc
    assert WorkCalendar(hours=(("09:00", "18:00"),)).end_of_day(date(2026, 12, 1)) == local(2026, 12, 1, 18, 0)


@pytest.mark.parametrize(
    "moment, after, expected",
    [
        (local(2026, 11, 27, 10, 0), timedelta(hours=1), local(2026, 11, 27, 11, 0)),  # inside the morning
        (local(2026, 11, 27, 11, 30), timedelta(hours=1), local(2026, 11, 27, 13, 30)),  # across lunch
        (local(2026, 11, 27, 11, 0), timedelta(hours=1), local(2026, 11, 27, 13, 30)),  # 12:00 is lunch
        (local(2026, 11, 27, 13, 0), timedelta(minutes=30), local(2026, 11, 27, 13, 30)),  # the afternoon's start
        (local(2026, 11, 27, 17, 0), timedelta(minutes=29), local(2026, 11, 27, 17, 29)),
        (local(2026, 11, 27, 17, 0), timedelta(hours=1), local(2026, 11, 28, 8, 0)),  # evening: Saturday morning
        (local(2026, 11, 27, 7, 0), timedelta(0), local(2026, 11, 27, 8, 0)),  # before opening
        (local(2026, 11, 29, 17, 0), timedelta(hours=2), local(2026, 12, 1, 8, 0)),  # Sunday evening: Monday rests
        (local(2026, 11, 30, 10, 0), timedelta(hours=1), local(2026, 12, 1, 8, 0)),  # on a Monday
        (local(2026, 9, 30, 16, 0), timedelta(hours=4), local(2026, 10, 8, 8, 0)),  # into National Day
        # inside a holiday: counted from its end, Oct 8 00:00, a day on is Oct 9 00:00, then its opening
        (local(2026, 10, 3, 10, 0), timedelta(days=1), local(2026, 10, 9, 8, 0)),
        (local(2026, 11, 27, 10, 0), timedelta(hours=30), local(2026, 11, 28, 16, 0)),
    ],
)
def test_next_slot(moment, after, expected):
    slot = CAL.next_slot(moment.astimezone(timezone.utc), after)
    assert slot == expected
    assert slot.tzinfo == timezone.utc
    assert CAL.is_working_moment(slot)


def test_next_slot_after_a_later_year_holiday_lands_on_a_working_day():
    slot = CAL.next_slot(local(2027, 2, 5, 17, 0), timedelta(hours=1))
    day = slot.astimezone(SH).date()
    assert day > date(2027, 2, 8) and CAL.is_working_day(day)
    assert slot.astimezone(SH).time().isoformat() == "08:00:00"


def test_from_settings():
    settings = {"company_zone": "Asia/Urumqi", "work_hours": [["09:00", "12:00"], ["14:00", "18:00"]],
                "rest_weekday": 7}
    cal = WorkCalendar.from_settings(settings)
    assert cal == WorkCalendar("Asia/Urumqi", (("09:00", "12:00"), ("14:00", "18:00")), 7)
    assert WorkCalendar.from_settings({}) == WorkCalendar()
    assert WorkCalendar.from_settings({"company_zone": None, "work_hours": None, "rest_weekday": None}) == CAL


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hours": ()},
        {"hours": (("12:00", "08:00"),)},
        {"hours": (("08:00", "12:00"), ("11:00", "17:00"))},  # overlapping
        {"hours": (("8", "12"),)},
        {"rest_weekday": 0},
        {"rest_weekday": 8},
        {"zone": "Mars/Olympus"},
    ],
)
def test_a_calendar_that_cannot_be_is_refused(kwargs):
    with pytest.raises(ValueError):
        WorkCalendar(**kwargs)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"zone": "Asia"},  # a folder of zones: ZoneInfo raises IsADirectoryError
        {"zone": "a" * 300},  # ZoneInfo raises OSError (file name too long)
        {"zone": "a/" * 500 + "a"},  # ZoneInfo recurses through package imports
        {"hours": (("\ud800", "12:00"),)},
        {"hours": (("08:00", "24:00"),)},
        {"rest_weekday": "Monday"},
        {"rest_weekday": "1" * 5000},  # more digits than int() reads
        {"rest_weekday": None},
    ],
)
def test_settings_that_make_no_calendar_raise_calendar_error_only(kwargs):
    with pytest.raises(workcal.CalendarError):
        WorkCalendar(**kwargs)


def test_a_rest_weekday_given_as_text_is_a_weekday():
    assert WorkCalendar(rest_weekday="1") == WorkCalendar(rest_weekday=1)
    assert not WorkCalendar(rest_weekday="1").is_working_day(date(2026, 11, 30))  # a Monday
