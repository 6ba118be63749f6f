"""The date forms of imported files (callcenter.rules.dates): table-driven, and total on any text."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callcenter.rules import dates

ZONE = "Asia/Shanghai"


def utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01 08:03", utc(2026, 12, 1, 0, 3)),
    ("2026/12/1 8:03", utc(2026, 12, 1, 0, 3)),
    ("2026.12.1", utc(2026, 11, 30, 16, 0)),
    ("2026-12-1", utc(2026, 11, 30, 16, 0)),
    ("2026年12月1日 08:03", utc(2026, 12, 1, 0, 3)),
    ("2026年12月1日", utc(2026, 11, 30, 16, 0)),
    ("2026年12月1日8时3分", utc(2026, 12, 1, 0, 3)),
    ("2026/12/01 08:03:05", utc(2026, 12, 1, 0, 3, 5)),
    ("2026-11-20T09:30:00+08:00", utc(2026, 11, 20, 1, 30)),
    ("2026-11-20T09:30Z", utc(2026, 11, 20, 9, 30)),
    ("2026-11-20 09:30:15.75", utc(2026, 11, 20, 1, 30, 15)),  # whole seconds, as stored
    ("２０２６-１２-０１ ０８：０３", utc(2026, 12, 1, 0, 3)),  # full-width, from a Chinese IME
    ("46357.5", utc(2026, 12, 1, 4, 0)),  # an Excel serial: 2026-12-01 12:00 in the company zone
    ("  2026/12/1 8:03  ", utc(2026, 12, 1, 0, 3)),
])
def test_the_forms_offices_type(text, expected):
    assert dates.read(text, ZONE) == dates.Reading(expected)


@pytest.mark.parametrize("text, problem", [
    ("0001-01-01", "date.out_of_range"),  # crashed the import with OverflowError
    ("0001-01-01T00:00:00+14:00", "date.out_of_range"),
    ("0206-03-02 09:30", "date.out_of_range"),  # was accepted as the year 206
    ("1999/12/31", "date.out_of_range"),
    ("2101年1月1日", "date.out_of_range"),
    ("9999-12-31 23:59", "date.out_of_range"),
    ("12345.5", "date.out_of_range"),  # a serial of 1933
    ("2026-02-30", "date.unreadable"),
    ("2026-12-01 25:00", "date.unreadable"),
    ("2026-12-01 08:03+99:00", "date.unreadable"),
    ("3月2日", "date.unreadable"),
    ("明天 09:30", "date.unreadable"),
    ("20/11/2026 09:30", "date.unreadable"),
    ("", "date.unreadable"),
    ("2026-12-01" + "0" * 100, "date.unreadable"),
])
def test_what_is_refused_and_why(text, problem):
    assert dates.read(text, ZONE) == dates.Reading(None, problem)


def test_excel_serials_round_trip_in_the_company_zone():
    from zoneinfo import ZoneInfo

    moment = utc(2026, 12, 1, 0, 3, 5)
    serial = dates.excel_serial(moment, ZoneInfo(ZONE))
    assert dates.from_excel(serial, ZONE).value == moment


@given(st.text(max_size=80))
def test_read_is_total_on_any_text(text):
    reading = dates.read(text, ZONE)
    assert (reading.value is None) != (reading.problem is None)
    if reading.value is not None:
        assert reading.value.tzinfo is timezone.utc and reading.value.microsecond == 0
        assert dates.FIRST_YEAR - 1 <= reading.value.year <= dates.LAST_YEAR + 1


@given(st.from_regex(r"\d{1,5}[-/.年]\d{1,3}[-/.月]\d{1,3}日?( \d{1,3}[:时]\d{1,3}(:\d{1,3})?)?([+-]\d{2}:\d{2}|Z)?",
                     fullmatch=True))
def test_read_is_total_on_date_like_text(text):
    reading = dates.read(text, ZONE)
    assert (reading.value is None) != (reading.problem is None)


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)))
def test_any_datetime_from_a_spreadsheet_is_read_or_refused(value):
    reading = dates.local(value, ZONE)
    assert (reading.value is None) == (not dates.FIRST_YEAR <= value.year <= dates.LAST_YEAR)
