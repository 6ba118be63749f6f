"""The dates and times of imported files, in the forms Chinese offices type and Excel saves.

`read(text, zone)` is total: for any text it returns a `Reading` (an aware UTC datetime in whole
seconds, or the reason it is none), and never raises. Forms read, in the company zone unless an
offset is given:

- ISO 8601: `2026-12-01T08:03:00+08:00`, `2026-12-01 08:03`
- `2026/12/1 8:03`, `2026-12-1`, `2026.12.1 08:03:05` (Excel's and hand typing's separators)
- `2026年12月1日 08:03`, `2026年12月1日8时3分`
- Excel serial numbers (`46357.3354`), as a CSV saved from a date column holds them

Years outside 2000-2100 are refused: `0206` is a typo, not the year 206, and year 1 would
overflow on the way to UTC.

arrow was weighed for these forms and not used: they are four patterns, and arrow's parser tries
a list of format strings one after another, raises three kinds of error (so totality would rest
on catching them all), and would add two packages to read what one regex reads.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

FIRST_YEAR, LAST_YEAR = 2000, 2100
# Excel's day 0 is 1899-12-30 (it counts 1900-02-29, which never was); serials of 2000-2100.
EXCEL_EPOCH = datetime(1899, 12, 30)
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.\d{1,17})?")
_SERIAL_RANGE = (36526, 73051)  # 2000-01-01 .. 2100-12-31

_TIME = r"(?:[ T]*(\d{1,2})[:时点](\d{1,2})(?:[:分](\d{1,2})(?:\.\d{1,6})?秒?|分)?)?"
_OFFSET = r"\s*(Z|[+-]\d{2}:?\d{2})?"
_FORMS = (
    re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + _OFFSET),
    re.compile(r"(\d{4})年()(\d{1,2})月(\d{1,2})[日号]?" + _TIME + _OFFSET),
)


@dataclass(frozen=True)
class Reading:
    """A time, or why the text is none: `problem` is "date.unreadable" or "date.out_of_range"."""

    value: datetime | None
    problem: str | None = None


UNREADABLE = Reading(None, "date.unreadable")
OUT_OF_RANGE = Reading(None, "date.out_of_range")


def read(text: str, zone: str) -> Reading:
    """A time from a cell's text (see the module's forms); never raises."""
    folded = unicodedata.normalize("NFKC", text).strip()  # full-width digits and ：from a Chinese IME
    if len(folded) > 64:
        return UNREADABLE
    if _EXCEL_SERIAL.fullmatch(folded):
        return from_excel(float(folded), zone)
    for form in _FORMS:
        match = form.fullmatch(folded)
        if match:
            year, _, month, day, hour, minute, second, offset = match.groups()
            return _assemble(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
                             offset, zone)
    if not folded[:4].isdigit():
        return UNREADABLE
    try:  # the rest of ISO 8601 that fromisoformat knows (weeks, compact forms)
        value = datetime.fromisoformat(folded)
    except ValueError:
        return UNREADABLE
    return local(value, zone)


def local(value: datetime, zone: str) -> Reading:
    """A datetime from a file (an XLSX cell, or parsed): naive ones are in the company zone."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        return OUT_OF_RANGE
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return Reading(value.astimezone(timezone.utc).replace(microsecond=0))


def from_excel(serial: float, zone: str) -> Reading:
    """An Excel serial date-time (days since 1899-12-30, in the company zone)."""
    if not _SERIAL_RANGE[0] <= serial < _SERIAL_RANGE[1] + 1:
        return OUT_OF_RANGE
    seconds = round(serial * 86400)
    return local(EXCEL_EPOCH + timedelta(seconds=seconds), zone)


def excel_serial(moment: datetime, zone: ZoneInfo) -> float:
    """The Excel serial of an aware moment, as the company zone's clock shows it."""
    wall = moment.astimezone(zone).replace(tzinfo=None)
    return (wall - EXCEL_EPOCH) / timedelta(days=1)


def _assemble(year: int, month: int, day: int, hour: int, minute: int, second: int, offset: str | None,
              zone: str) -> Reading:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return OUT_OF_RANGE
    try:  # 2月30日, 25:00, +99:00
        value = datetime(year, month, day, hour, minute, second, tzinfo=_offset(offset) if offset else None)
    except ValueError:
        return UNREADABLE
    return local(value, zone)


def _offset(text: str) -> timezone:
    if text == "Z":
        return timezone.utc
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


class DateError(ValueError):
    """No time in the text: `code` is the Reading's problem, a message-catalog key."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse(text: str, zone: str) -> datetime:
    """`read`, for callers that stop at the first unreadable value: the time, or DateError."""
    reading = read(text, zone)
    if reading.value is None:
        raise DateError(reading.problem or "date.unreadable")
    return reading.value
