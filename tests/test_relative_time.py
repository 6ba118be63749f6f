"""Call-back times ("call back later") in plain words, read in the company zone, with a fixed `now`."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from callcenter.rules.relative_time import WhenError, parse_when

ZONE = "Asia/Shanghai"
SH = ZoneInfo(ZONE)
NOW = datetime(2026, 11, 27, 10, 0, tzinfo=SH)  # a Friday


def at(month, day, hour, minute=0, year=2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=SH)


@pytest.mark.parametrize(
    "text, expected",
    [
        # offsets from now
        ("+3h", at(11, 27, 13)),
        ("+2d", at(11, 29, 10)),
        ("+30m", at(11, 27, 10, 30)),
        ("+1h30m", at(11, 27, 11, 30)),
        ("+1w", at(12, 4, 10)),
        ("3h", at(11, 27, 13)),
        ("+ 3 h", at(11, 27, 13)),
        ("+3小时", at(11, 27, 13)),
        ("+2天", at(11, 29, 10)),
        ("in 3 hours", at(11, 27, 13)),
        ("in an hour", at(11, 27, 11)),
        ("in 2 days", at(11, 29, 10)),
        ("In 30 Min", at(11, 27, 10, 30)),
        ("3小时后", at(11, 27, 13)),
        ("3个小时后", at(11, 27, 13)),
        ("三小时后", at(11, 27, 13)),
        ("半小时后", at(11, 27, 10, 30)),
        ("1个半小时后", at(11, 27, 11, 30)),
        ("30分钟后", at(11, 27, 10, 30)),
        ("2天后", at(11, 29, 10)),
        ("两天后", at(11, 29, 10)),
        ("1周后", at(12, 4, 10)),
        ("3小时以后", at(11, 27, 13)),
        # a day and a time
        ("明天 10:00", at(11, 28, 10)),
        ("明天10:00", at(11, 28, 10)),
        ("今天 16:00", at(11, 27, 16)),
        ("后天 9:00", at(11, 29, 9)),
        ("大后天 9:00", at(11, 30, 9)),
        ("明天上午10点", at(11, 28, 10)),
        ("明天下午3点半", at(11, 28, 15, 30)),
        ("明天下午", at(11, 28, 14)),
        ("明天", at(11, 28, 9)),  # a day alone means 09:00
        ("tomorrow 9:30", at(11, 28, 9, 30)),
        ("Tomorrow at 9:30", at(11, 28, 9, 30)),
        ("tomorrow 3pm", at(11, 28, 15)),
        ("tomorrow", at(11, 28, 9)),
        ("day after tomorrow 10:00", at(11, 29, 10)),
        ("9:30 tomorrow", at(11, 28, 9, 30)),
        ("10点 明天", at(11, 28, 10)),
        # weekdays: ISO weeks, Monday first; today is Friday 27 November
        ("下周三 15:00", at(12, 2, 15)),
        ("下个星期三 15:00", at(12, 2, 15)),
        ("下礼拜三 15:00", at(12, 2, 15)),
        ("下周一", at(11, 30, 9)),
        ("下周日 10:00", at(12, 6, 10)),
        ("下下周一", at(12, 7, 9)),
        ("周五 14:00", at(11, 27, 14)),  # the coming Friday is today
        ("星期五 14:00", at(11, 27, 14)),
        ("周六 10:00", at(11, 28, 10)),
        ("周三 15:00", at(12, 2, 15)),  # the coming Wednesday
        ("礼拜天 9:00", at(11, 29, 9)),
        ("周7 9:00", at(11, 29, 9)),
        ("本周六 10:00", at(11, 28, 10)),
        ("这周日 10:00", at(11, 29, 10)),
        ("next wed 15:00", at(12, 2, 15)),
        ("Next Wednesday 15:00", at(12, 2, 15)),
        ("next monday 8am", at(11, 30, 8)),
        ("wed 15:00", at(12, 2, 15)),
        ("sat 3:30pm", at(11, 28, 15, 30)),
        ("this sun 10:00", at(11, 29, 10)),
        ("fri 14:00", at(11, 27, 14)),
        # dates
        ("2026-12-01 14:30", at(12, 1, 14, 30)),
        ("2026-12-01T14:30", at(12, 1, 14, 30)),
        ("2026/12/1 14:30", at(12, 1, 14, 30)),
        ("2026年12月1日 下午2点半", at(12, 1, 14, 30)),
        ("2027-01-04", at(1, 4, 9, year=2027)),
        ("12-01 14:30", at(12, 1, 14, 30)),
        ("12/01 14:30", at(12, 1, 14, 30)),
        ("12月1日 14:30", at(12, 1, 14, 30)),
        ("12月1号上午9点", at(12, 1, 9)),
        ("01-05 10:00", at(1, 5, 10, year=2027)),  # the nearest 5 January is next year's
        ("11-27 16:00", at(11, 27, 16)),
        # a time alone: today, or tomorrow when it has passed
        ("15:00", at(11, 27, 15)),
        ("9:30", at(11, 28, 9, 30)),
        ("10:00", at(11, 28, 10)),  # exactly now has passed
        ("下午3点", at(11, 27, 15)),
        ("3点", at(11, 27, 15)),  # a spoken hour of 1-7 is in the afternoon
        ("3:00", at(11, 28, 3)),  # a clock reading is as written
        ("十点半", at(11, 27, 10, 30)),
        ("三点一刻", at(11, 27, 15, 15)),
        ("10点30分", at(11, 27, 10, 30)),
        ("10时", at(11, 28, 10)),
        ("11点05", at(11, 27, 11, 5)),
        ("中午12点", at(11, 27, 12)),
        ("中午1点", at(11, 27, 13)),
        ("晚上8点", at(11, 27, 20)),
        ("上午11:15", at(11, 27, 11, 15)),
        ("4pm", at(11, 27, 16)),
        ("12pm", at(11, 27, 12)),
        ("9:30am", at(11, 28, 9, 30)),
        # full-width digits, colons and spaces from a Chinese input method
        ("明天　１０：００", at(11, 28, 10)),
        ("３小时后", at(11, 27, 13)),
        ("＋３ｈ", at(11, 27, 13)),
        ("２０２６－１２－０１　１４：３０", at(12, 1, 14, 30)),
        ("  明天 10:00  ", at(11, 28, 10)),
        ("明天，10:00", at(11, 28, 10)),
    ],
)
def test_plain_words_read_as_times(text, expected):
    result = parse_when(text, NOW, ZONE)
    assert result == expected
    assert result.tzinfo == timezone.utc


@pytest.mark.parametrize(
    "text",
    [
        "今天 9:00",
        "今天",  # a day alone is 09:00: already past at 10:00
        "+0m",
        "周五 9:00",  # today, an hour ago
        "本周四 10:00",
        "上周三 15:00",
        "11-26 10:00",  # the nearest 26 November is yesterday
        "2026-11-27 09:59",
        "2025-12-01 10:00",
    ],
)
def test_a_time_in_the_past_is_refused(text):
    with pytest.raises(WhenError) as caught:
        parse_when(text, NOW, ZONE)
    assert caught.value.code == "when.past"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "foo",
        "later",
        "+3",
        "-3h",
        "3",
        "25:00",
        "明天 25:00",
        "明天 10:60",
        "2027-02-30 10:00",
        "13-01 10:00",
        "上午13点",
        "13pm",
        "下午3:00pm",
        "半天后",
        "周八",
        "明天 明天",
        "month 10:00",
        "下午3点 下午3点",
        "2026-12-01 14:30 extra",
        "+99999999d",
        "明" * 100,
    ],
)
def test_what_cannot_be_read_is_refused(text):
    with pytest.raises(WhenError) as caught:
        parse_when(text, NOW, ZONE)
    assert caught.value.code == "when.unreadable"


def test_seconds_are_dropped_from_now():
    now = NOW + timedelta(seconds=27, microseconds=5)
    assert parse_when("+3h", now, ZONE) == at(11, 27, 13)


def test_now_in_another_zone_reads_the_same():
    assert parse_when("明天 10:00", NOW.astimezone(timezone.utc), ZONE) == at(11, 28, 10)


def test_days_are_read_in_the_company_zone():
    # 23:30 UTC on the 27th is already the 28th in Shanghai: 明天 is the 29th there
    now = datetime(2026, 11, 27, 23, 30, tzinfo=timezone.utc)
    assert parse_when("明天 10:00", now, ZONE) == at(11, 29, 10)
    london = ZoneInfo("Europe/London")
    assert parse_when("明天 10:00", now, "Europe/London") == datetime(2026, 11, 28, 10, 0, tzinfo=london)


def test_a_naive_now_is_a_programming_error():
    with pytest.raises(TypeError):
        parse_when("+3h", datetime(2026, 11, 27, 10, 0), ZONE)
