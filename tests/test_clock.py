"""Dates typed on the command line and in forms, and time zone names, read in the company zone."""
from datetime import datetime, timezone

import pytest

from callcenter.rules.clock import DayError, ZoneError, parse_day, zone

ZONE = "Asia/Shanghai"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "typed, end, expected",
    [
        ("2026-11-30", False, utc(2026, 11, 29, 16)),  # midnight in Shanghai
        ("2026-11-30", True, utc(2026, 11, 30, 16)),  # the end of that day, exclusive
        ("20261130", True, utc(2026, 11, 30, 16)),  # the compact form is a bare date too
        ("2026-W49-1", True, utc(2026, 11, 30, 16)),  # and so is a week date (Monday 30 November)
        ("2026-11-30 14:30", False, utc(2026, 11, 30, 6, 30)),
        ("2026-11-30T14:30", True, utc(2026, 11, 30, 6, 30)),  # a time is never moved to the day's end
        ("2026-11-30T00:00", True, utc(2026, 11, 29, 16)),
        ("2026-11-30T14:30+00:00", False, utc(2026, 11, 30, 14, 30)),
        ("2026-11-30T14:30Z", False, utc(2026, 11, 30, 14, 30)),
        ("9999-12-31T08:00", False, utc(9999, 12, 31, 0)),
    ],
)
def test_parse_day(typed, end, expected):
    assert parse_day(typed, ZONE, end=end) == expected


@pytest.mark.parametrize(
    "typed, end",
    [
        ("", False),
        ("27/11/2026", False),
        (" 2026-11-30", False),
        ("2026-11-31", False),
        ("2026-11-30 25:00", False),
        ("明天", False),
        ("２０２６-11-30", False),
        ("2026-11-30\x00", False),
        ("\ud800", False),  # a lone surrogate: UnicodeEncodeError inside, DayError outside
        ("9999-12-31", True),  # the day after does not exist
        ("0001-01-01", False),  # midnight in Shanghai is before year 1 in UTC
        ("9999-12-31T23:59-05:00", False),  # UTC is in year 10000
    ],
)
def test_what_is_no_day_raises_day_error_only(typed, end):
    with pytest.raises(DayError):
        parse_day(typed, ZONE, end=end)


@pytest.mark.parametrize("name", ["Asia/Shanghai", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT-8"])
def test_zone_reads_iana_names(name):
    assert zone(name).key == name


@pytest.mark.parametrize(
    "name",
    ["", "Asia", "America", "__pycache__", "Asia/", "../etc", "/etc/localtime", "Asia/Shanghai ", "zone1970.tab",
     "a" * 300, "a/" * 500 + "a", "Asia/Nowhere", "\x00", "上海"],
)
def test_what_is_no_zone_raises_zone_error_only(name):
    with pytest.raises(ZoneError):
        zone(name)
