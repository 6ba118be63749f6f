"""Times to call back ("call back later") in plain words, read in the company's zone.

The clerk types a time the way people say it; the desk shows the absolute time back before it
is saved. What is read (full-width digits, colons and spaces are folded first, NFKC; English
is case-blind):

- An offset from now: `+3h`, `+2d`, `+30m`, `+1h30m`, `+1w` (also `3h`, `+3小时`, `+2天`),
  `in 3 hours`, `in 2 days`, `3小时后`, `3个小时后`, `半小时后`, `1个半小时后`, `30分钟后`,
  `2天后`, `1周后`. Minutes and hours count on the clock; days and weeks keep the time of day
  (`+2d` at 10:00 is 10:00 two days later). Seconds are dropped: `now` is taken to its minute.
- A day, then optionally a time (or the time first: `9:30 tomorrow`):
  - `今天` `明天` `后天` `大后天`, `today` `tomorrow` `day after tomorrow`;
  - a weekday: `周三`, `星期三`, `礼拜三` (一..六, 日/天 or 1..7), `mon`..`sun`, `monday`..; alone
    it is the coming one, today included; `本周三`/`这周三`/`this wed` is the one of this week,
    `下周三`/`下个星期三`/`next wed` the one of next week, `下下周三` the week after (ISO weeks,
    Monday first), `上周三` last week's (so refused as past);
  - a date: `2026-12-01`, `2026/12/1`, `2026年12月1日`; without a year (`12-01`, `12/01`,
    `12月1日`, `12月1号`) the nearest such date to today: `01-05` typed in late November is next
    January, `11-26` typed on 27 November is yesterday (refused as past).
  A day without a time means 09:00 (`明天` is tomorrow 09:00).
- A time: `15:00`, `9:30`, `10点`, `10点半`, `10点30`, `10点30分`, `10时`, `十点半`, `三点一刻`,
  `3pm`, `9:30am`; `上午`/`早上` keep the hour, `下午`/`晚上`/`傍晚` add 12 to hours 1-11 (`下午3点`
  is 15:00), `中午` adds 12 to hours before 11 (`中午1点` is 13:00); a spoken hour from 1 to 7
  without a part of the day is in the afternoon (`3点` is 15:00: the desk opens at 08:00), a
  clock reading is taken as written (`3:00` is 03:00). A part of the day without a
  clock time: `上午` 09:00, `中午` 12:00, `下午` 14:00, `晚上` 19:00. A time alone is today, or
  tomorrow when it has passed.

Anything else is refused with `when.unreadable`; a time that is not after `now` with `when.past`.
The result is aware UTC. Working hours are not applied here: the clerk sees the time and decides.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


class WhenError(ValueError):
    """`code` is a message-catalog key: when.unreadable or when.past."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


_MAX_LENGTH = 60
DEFAULT_TIME = time(9, 0)

# ---- numbers ----------------------------------------------------------------------------------

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十]{1,3})"


def _number(text: str) -> int:
    """Digits or a Chinese number up to 99 (十, 十五, 二十, 二十三, 两)."""
    if re.fullmatch(r"\d+", text):
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _CN_DIGIT) or (ones and ones not in _CN_DIGIT):
            raise ValueError(text)
        return (_CN_DIGIT[tens] if tens else 1) * 10 + (_CN_DIGIT[ones] if ones else 0)
    if len(text) == 1 and text in _CN_DIGIT:
        return _CN_DIGIT[text]
    raise ValueError(text)


# ---- offsets from now -------------------------------------------------------------------------

_UNITS = {
    "m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
    "分": "minutes", "分钟": "minutes",
    "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
    "小时": "hours", "钟头": "hours",
    "d": "days", "day": "days", "days": "days", "天": "days", "日": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "周": "weeks", "星期": "weeks", "礼拜": "weeks",
}
_ASCII_UNIT = r"(?:minutes|minute|mins|min|m|hours|hour|hrs|hr|h|days|day|d|weeks|week|wks|wk|w)"
_ANY_UNIT = r"(?:" + _ASCII_UNIT[3:-1] + r"|分钟|分|小时|钟头|天|日|周|星期|礼拜)"
_COMPACT_PLUS = re.compile(r"\+\s*((?:\d{1,6}\s*" + _ANY_UNIT + r"\s*)+)")
_COMPACT = re.compile(r"((?:\d{1,6}\s*" + _ASCII_UNIT + r"\s*)+)")
_PART = re.compile(r"(\d{1,6})\s*(" + _ANY_UNIT + r")")
_IN = re.compile(r"in\s+(\d{1,6}|an?|one)\s*(" + _ASCII_UNIT + r")")
_CN_AFTER = re.compile(r"(?:(" + _NUM + r")\s*个?\s*(半)?|(半)\s*个?)\s*(分钟|分|小时|钟头|天|日|周|星期|礼拜)\s*以?后")


def _offset(text: str) -> list[tuple[str, float]] | None:
    """[(unit, amount), ...] when `text` is an offset from now."""
    for pattern in (_COMPACT_PLUS, _COMPACT):
        match = pattern.fullmatch(text)
        if match:
            return [(_UNITS[unit], int(amount)) for amount, unit in _PART.findall(match.group(1))]
    match = _IN.fullmatch(text)
    if match:
        amount = 1 if match.group(1) in ("a", "an", "one") else int(match.group(1))
        return [(_UNITS[match.group(2)], amount)]
    match = _CN_AFTER.fullmatch(text)
    if match:
        number, half, half_alone, unit = match.groups()
        unit = _UNITS[unit]
        amount = (0 if half_alone else _number(number)) + (0.5 if half or half_alone else 0)
        if amount != int(amount) and unit != "hours":
            raise ValueError("half a day or week is not a time")
        return [(unit, amount)]
    return None


def _apply(base: datetime, parts: list[tuple[str, float]]) -> datetime:
    """Days and weeks on the wall clock of `base` (local), then minutes and hours on the clock."""
    days = sum(amount * (7 if unit == "weeks" else 1) for unit, amount in parts if unit in ("days", "weeks"))
    minutes = sum(amount * (60 if unit == "hours" else 1) for unit, amount in parts
                  if unit in ("hours", "minutes"))
    local = base + timedelta(days=int(days))  # aware + timedelta keeps the local clock time
    return local.astimezone(timezone.utc) + timedelta(minutes=minutes)


# ---- days -------------------------------------------------------------------------------------

_WEEKDAY_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7,
               "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
_WEEKDAY_EN = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
_WEEK_CN = {"上": -1, "上个": -1, "本": 0, "这": 0, "这个": 0, "下": 1, "下个": 1, "下下": 2, "下下个": 2}
_DAY_WORDS = {"今天": 0, "今日": 0, "today": 0, "明天": 1, "明日": 1, "tomorrow": 1, "tmr": 1, "tmrw": 1,
              "后天": 2, "day after tomorrow": 2, "大后天": 3}

_DAYS = [
    ("date", re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?!\d)")),
    ("month_day", re.compile(r"(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*[日号]?(?!\d)")),
    ("word", re.compile(r"(大后天|后天|明天|明日|今天|今日|day after tomorrow|tomorrow|tmrw|tmr|today)")),
    ("weekday_cn", re.compile(r"(下下个|下下|下个|下|本|这个|这|上个|上)?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])")),
    ("weekday_en", re.compile(r"(?:(next|this)\s+)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")),
]
_ENGLISH_DAYS = {"mon", "monday", "tue", "tues", "tuesday", "wed", "weds", "wednesday", "thu", "thur",
                 "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday"}


def _nearest(month: int, day: int, today: date) -> date:
    """The date with this month and day closest to today (the later one on a tie)."""
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        raise ValueError(f"no such day: {month}-{day}")
    return min(candidates, key=lambda d: (abs((d - today).days), -d.toordinal()))


def _day(kind: str, match: re.Match, today: date) -> date:
    if kind == "date":
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if kind == "month_day":
        return _nearest(int(match.group(1)), int(match.group(2)), today)
    if kind == "word":
        return today + timedelta(days=_DAY_WORDS[match.group(1)])
    if kind == "weekday_cn":
        week, weekday = match.group(1), _WEEKDAY_CN[match.group(2)]
        offset = None if week is None else _WEEK_CN[week]
    else:
        if match.group(0).split()[-1] not in _ENGLISH_DAYS:
            raise ValueError(match.group(0))
        weekday = _WEEKDAY_EN[match.group(2)]
        offset = {None: None, "this": 0, "next": 1}[match.group(1)]
    if offset is None:  # the coming one, today included
        return today + timedelta(days=(weekday - today.isoweekday()) % 7)
    monday = today - timedelta(days=today.isoweekday() - 1)
    return monday + timedelta(weeks=offset, days=weekday - 1)


# ---- times ------------------------------------------------------------------------------------

_PERIOD = r"(上午|早上|早晨|中午|下午|午后|傍晚|晚上|夜里)"
_TIMES = [
    ("clock", re.compile(r"(?:at\s+)?" + _PERIOD + r"?\s*(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*(am|pm|a\.m\.|p\.m\.))?")),
    ("cn", re.compile(_PERIOD + r"?\s*(" + _NUM + r")\s*(?:点钟?|时)\s*(?:(半|一刻|三刻)|(" + _NUM + r")\s*分?)?")),
    ("ampm", re.compile(r"(?:at\s+)?(\d{1,2})\s*(am|pm|a\.m\.|p\.m\.)")),
    ("period", re.compile(_PERIOD)),
]
_PERIOD_ALONE = {"上午": time(9), "早上": time(9), "早晨": time(9), "中午": time(12), "下午": time(14),
                 "午后": time(14), "傍晚": time(18), "晚上": time(19), "夜里": time(19)}
_QUARTERS = {"半": 30, "一刻": 15, "三刻": 45}


def _hour(hour: int, period: str | None, ampm: str | None) -> int:
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock")
        return (hour % 12) + (12 if ampm.startswith("p") else 0)
    if period in ("下午", "午后", "傍晚", "晚上", "夜里") and 1 <= hour < 12:
        return hour + 12
    if period == "中午" and hour < 11:
        return hour + 12
    if period in ("上午", "早上", "早晨") and hour > 12:
        raise ValueError("morning after noon")
    return hour


def _time(text: str) -> time | None:
    """A clock time, or None for an empty text; ValueError when it is no time."""
    if not text:
        return None
    for kind, pattern in _TIMES:
        match = pattern.fullmatch(text)
        if not match:
            continue
        if kind == "clock":
            period, hour, minute, ampm = match.groups()
            if period and ampm:
                raise ValueError("two parts of the day")
            return time(_hour(int(hour), period, ampm), int(minute))
        if kind == "cn":
            period, hour, quarter, minute = match.groups()
            minutes = _QUARTERS[quarter] if quarter else (_number(minute) if minute else 0)
            hour = _number(hour)
            if period is None and 1 <= hour <= 7:  # 三点 at a desk open 08:00-17:30 is 15:00
                hour += 12
            return time(_hour(hour, period, None), minutes)
        if kind == "ampm":
            return time(_hour(int(match.group(1)), None, match.group(2)), 0)
        return _PERIOD_ALONE[match.group(1)]
    raise ValueError(text)


# ---- the whole ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).lower().replace(",", " ")
    folded = re.sub(r"(\d)t(\d)", r"\1 \2", folded)  # ISO 8601: 2026-12-01T14:30
    return re.sub(r"\s+", " ", folded).strip()


def _split(text: str) -> tuple[str, re.Match | None, str]:
    """(day kind, day match, time text): the day first, or the time first and the day last."""
    for kind, pattern in _DAYS:
        match = pattern.match(text)
        if match:
            return kind, match, text[match.end():].strip()
    for kind, pattern in _DAYS:
        for match in pattern.finditer(text):
            if match.start() > 0 and match.end() == len(text):
                return kind, match, text[: match.start()].strip()
    return "", None, text


def _read(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    local_now = now.astimezone(tz)
    offset = _offset(text)
    if offset is not None:
        return _apply(local_now.replace(second=0, microsecond=0), offset)
    kind, match, rest = _split(text)
    clock = _time(rest)
    today = local_now.date()
    if match is None:
        if clock is None:
            raise ValueError("nothing to read")
        moment = datetime.combine(today, clock, tz)
        if moment <= local_now:  # a time alone that has passed is tomorrow's
            moment = datetime.combine(today + timedelta(days=1), clock, tz)
        return moment.astimezone(timezone.utc)
    day = _day(kind, match, today)
    return datetime.combine(day, clock or DEFAULT_TIME, tz).astimezone(timezone.utc)


def read_when(text: str, now: datetime, zone: str) -> datetime:
    """The moment `text` means, as aware UTC, past or not (the command line's --at); WhenError
    (when.unreadable) when it is no time."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise TypeError("now must be an aware datetime")
    tz = ZoneInfo(zone)
    normal = _normal(text or "")
    if not normal or len(normal) > _MAX_LENGTH:
        raise WhenError("when.unreadable")
    try:
        return _read(normal, now, tz)
    except (ValueError, OverflowError, KeyError) as error:
        raise WhenError("when.unreadable") from error


def parse_when(text: str, now: datetime, zone: str) -> datetime:
    """The moment `text` means, as aware UTC; WhenError (when.unreadable, when.past) otherwise."""
    moment = read_when(text, now, zone)
    if moment <= now:
        raise WhenError("when.past")
    return moment
