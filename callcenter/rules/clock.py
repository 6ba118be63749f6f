"""Times are stored in UTC and shown in the company's zone."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


class DayError(ValueError):
    """Text that is no date or date-time `parse_day` can read; the only error it raises."""


class ZoneError(ValueError):
    """A name that is no time zone; the only error `zone` raises."""


# An IANA key: ASCII words, at most three deep (America/Argentina/Buenos_Aires). Anything else
# never reaches ZoneInfo, which would turn it into a file path or a package import: "Asia" is a
# folder (IsADirectoryError), a long name is an OSError, "a/a/a/..." recurses until it fails.
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+\-]{1,40}(?:/[A-Za-z0-9_+\-]{1,40}){0,2}")


def zone(name: str) -> ZoneInfo:
    """The time zone named `name` (Asia/Shanghai); ZoneError for any other text."""
    if not _ZONE_KEY.fullmatch(name):
        raise ZoneError(name)
    try:
        return ZoneInfo(name)
    except (ValueError, OSError, LookupError):  # LookupError: ZoneInfoNotFoundError is a KeyError
        raise ZoneError(name) from None


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def local(moment: datetime, zone: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone))


def day_bounds(day: date, zone: str) -> tuple[datetime, datetime]:
    """The UTC start and end of one calendar day in the company's zone."""
    tz = ZoneInfo(zone)
    start = datetime.combine(day, time.min, tz)
    end = datetime.combine(day + timedelta(days=1), time.min, tz)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def _bare_date(text: str) -> bool:
    """A date without a time, in any ISO form (2026-11-30, 20261130, 2026-W48-1)."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def parse_day(text: str, zone: str, *, end: bool = False) -> datetime:
    """A date or date-time (ISO 8601) typed on the command line or in a form, read in the
    company's zone unless it has an offset; DayError for any text that is not one.

    With `end`, a bare date means the end of that day (exclusive), so --to 2026-11-30 includes it.
    """
    try:
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=ZoneInfo(zone))
        if end and _bare_date(text):
            value += timedelta(days=1)
        # Years 1 and 9999 are at the edge of what a datetime holds: a day on, or UTC, may not fit.
        return value.astimezone(timezone.utc)
    except (ValueError, OverflowError) as error:  # UnicodeEncodeError (a lone surrogate) is a ValueError
        raise DayError(text) from error


def duration(seconds: int) -> str:
    """00:42 or 1:02:03."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
