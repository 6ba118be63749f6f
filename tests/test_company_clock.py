"""The company clock (DOMAIN.md: how the desk reads "within N hours/days"), table-driven."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from callcenter.rules.company_clock import due, explain, latest_start, next_opening
from callcenter.rules.workcal import WorkCalendar

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
HANDOVER, ACCEPTANCE, COMPLAINT = timedelta(hours=3), timedelta(hours=72), timedelta(hours=24)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=SH)


@pytest.mark.parametrize(
    "event, span, at, expected",
    [
        # the table (2026, company zone +08:00, default settings)
        ("handover", HANDOVER, local(2026, 1, 13, 10), local(2026, 1, 13, 13, 30)),  # Tue; 13:00 is lunch
        ("handover", HANDOVER, local(2026, 11, 20, 15), local(2026, 11, 21, 8)),  # Fri 18:00 -> Sat 08:00
        ("acceptance", ACCEPTANCE, local(2026, 12, 12, 10), local(2026, 12, 16, 10)),  # Mon 12-14 skipped
        ("complaint", COMPLAINT, local(2026, 11, 29, 17), local(2026, 12, 1, 17)),  # Sun -> Tue, Mon skipped
        ("complaint", COMPLAINT, local(2026, 12, 1, 20), local(2026, 12, 3, 8)),  # Wed 20:00 -> Thu 08:00
        # the first finding: Sunday 16:00 + 3 h is 19:00, after closing; Monday is closed
        ("handover", HANDOVER, local(2026, 11, 29, 16), local(2026, 12, 1, 8)),
        # Friday 16:00 + 72 h would be Monday 16:00, the rest day: Monday does not count
        ("acceptance", ACCEPTANCE, local(2026, 11, 27, 16), local(2026, 12, 1, 16)),
        ("handover", HANDOVER, local(2026, 12, 1, 9), local(2026, 12, 1, 12) + timedelta(hours=1, minutes=30)),
        ("handover", HANDOVER, local(2026, 12, 1, 8), local(2026, 12, 1, 11)),  # inside hours: as it is
        ("handover", HANDOVER, local(2026, 12, 1, 14, 29, 59), local(2026, 12, 1, 17, 29, 59)),
        ("handover", HANDOVER, local(2026, 12, 1, 14, 30), local(2026, 12, 2, 8)),  # 17:30 itself is closed
        ("handover", HANDOVER, local(2026, 12, 1, 5), local(2026, 12, 1, 8)),  # 08:00 exactly
        # a start inside a closed day counts from the end of that day
        ("handover", HANDOVER, local(2026, 11, 30, 10), local(2026, 12, 1, 8)),  # Mon 10:00 -> Tue 03:00 -> 08:00
        ("complaint", COMPLAINT, local(2026, 11, 30, 23), local(2026, 12, 2, 8)),  # Tue 24:00 -> Wed 08:00
        # public holidays: National Day 2026 is 1-7 October, Spring Festival 2026 15-23 February
        ("acceptance", ACCEPTANCE, local(2026, 9, 29, 10), local(2026, 10, 9, 10)),  # Sep 29, 30, Oct 8, 9
        ("complaint", COMPLAINT, local(2026, 2, 14, 12), local(2026, 2, 24, 13, 30)),  # 12:00 is lunch
    ],
)
def test_due_times_on_the_company_clock(event, span, at, expected):
    assert due(at, span, CAL) == expected.astimezone(timezone.utc)
    assert due(at, span, CAL).tzinfo == timezone.utc


@pytest.mark.parametrize(
    "calendar, at, span, expected",
    [
        # a supervisor opened Monday 11-30: it counts, and its hours are opening hours
        (WorkCalendar(opened=frozenset({date(2026, 11, 30)})), local(2026, 11, 29, 17), COMPLAINT,
         local(2026, 11, 30, 17)),
        (WorkCalendar(opened=frozenset({date(2026, 11, 30)})), local(2026, 11, 29, 16), HANDOVER,
         local(2026, 11, 30, 8)),
        # a supervisor closed Tuesday 12-01 too: Sunday's complaint waits till Wednesday
        (WorkCalendar(closed=frozenset({date(2026, 12, 1)})), local(2026, 11, 29, 17), COMPLAINT,
         local(2026, 12, 2, 17)),
        # an opened holiday is open; with closed_on_holidays off every holiday is
        (WorkCalendar(opened=frozenset({date(2026, 10, 1)})), local(2026, 9, 30, 17), COMPLAINT,
         local(2026, 10, 1, 17)),
        (WorkCalendar(closed_on_holidays=False), local(2026, 10, 2, 10), COMPLAINT, local(2026, 10, 3, 10)),
        # another rest weekday (Wednesday)
        (WorkCalendar(rest_weekday=3), local(2026, 12, 1, 20), COMPLAINT, local(2026, 12, 3, 20)
         .replace(hour=8) + timedelta(days=1)),
    ],
)
def test_days_a_supervisor_opened_or_closed_and_the_settings(calendar, at, span, expected):
    assert due(at, span, calendar) == expected.astimezone(timezone.utc)


@pytest.mark.parametrize(
    "moment, expected",
    [
        (local(2026, 12, 1, 10), local(2026, 12, 1, 10)),  # open: itself
        (local(2026, 12, 1, 12), local(2026, 12, 1, 13, 30)),  # lunch
        (local(2026, 12, 1, 7, 59), local(2026, 12, 1, 8)),
        (local(2026, 12, 1, 17, 30), local(2026, 12, 2, 8)),
        (local(2026, 11, 30, 14, 31), local(2026, 12, 1, 8)),  # `+3h` on Monday afternoon: the rest day
        (local(2026, 11, 29, 17, 31), local(2026, 12, 1, 8)),  # Sunday after closing, Monday closed
    ],
)
def test_next_opening(moment, expected):
    assert next_opening(moment, CAL) == expected.astimezone(timezone.utc)


def test_explain_says_what_was_skipped_and_why_it_moved():
    seen = explain(local(2026, 11, 29, 16), HANDOVER, CAL)
    assert seen.counted == local(2026, 11, 29, 19).astimezone(timezone.utc)
    assert seen.moved == "after_closing"
    assert seen.skipped == (date(2026, 11, 30),)
    assert seen.due == local(2026, 12, 1, 8).astimezone(timezone.utc)
    lunch = explain(local(2026, 1, 13, 10), HANDOVER, CAL)
    assert (lunch.moved, lunch.skipped) == ("break", ())
    plain = explain(local(2026, 12, 12, 10), ACCEPTANCE, CAL)
    assert (plain.moved, plain.skipped, plain.due) == ("", (date(2026, 12, 14),), plain.counted)
    early = explain(local(2026, 11, 30, 23), COMPLAINT, CAL)
    assert (early.moved, early.skipped) == ("before_opening", (date(2026, 11, 30),))  # Tue 24:00 is Wed 00:00


def test_naive_times_are_a_programming_error():
    with pytest.raises(TypeError):
        due(datetime(2026, 12, 1, 10), HANDOVER, CAL)


@pytest.mark.parametrize("calendar", [CAL, WorkCalendar(closed=frozenset({date(2026, 12, 2), date(2026, 12, 3)}))])
@pytest.mark.parametrize("span", [timedelta(hours=1), HANDOVER, COMPLAINT, ACCEPTANCE])
def test_latest_start_is_the_inverse_of_due(calendar, span):
    """A start at or before the cut-off is due by `moment`; one second later is not."""
    rng = random.Random(7)
    base = local(2026, 11, 25)
    for _ in range(300):
        moment = base + timedelta(seconds=rng.randrange(0, 20 * 86400))
        cut = latest_start(moment, span, calendar)
        assert due(cut, span, calendar) <= moment
        assert due(cut + timedelta(seconds=1), span, calendar) > moment
