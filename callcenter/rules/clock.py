"""Times are stored in UTC and shown in the company's zone."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


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


def parse_day(text: str, zone: str, *, end: bool = False) -> datetime:
    """A date or date-time from the command line, read in the company's zone unless it has an offset.

    With `end`, a bare date means the end of that day (exclusive), so --to 2026-11-30 includes it.
    """
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    if end and len(text.strip()) == 10:
        value += timedelta(days=1)
    return value.astimezone(timezone.utc)


def duration(seconds: int) -> str:
    """00:42 or 1:02:03."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
