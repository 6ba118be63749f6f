"""Calls out of the database as JSON lines or CSV, streamed in time order with flat memory."""
from __future__ import annotations

import csv
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from peewee import JOIN, fn

import db
from db import engine
from db.models import Call, Customer, Staff, database

FORMATS = ("json", "csv")
COLUMNS = (
    "id", "started_at", "ended_at", "direction", "channel", "phone_e164", "phone_raw", "customer", "clerk",
    "category", "notes", "checklist_score", "checklist_ticked", "checklist_total", "hold_seconds", "transferred_to",
)


def _query(start: datetime | None, end: datetime | None):
    # Left joins keep `call` the outer loop, so rows come straight off the started_at index
    # instead of a million-row sort (an inner join lets SQLite start from the staff table).
    query = (
        Call.select(
            Call.id, Call.started_at, Call.ended_at, Call.direction, Call.channel, Call.phone_e164, Call.phone_raw,
            Customer.name, fn.COALESCE(Staff.login, Staff.name), Call.category, Call.notes,
            Call.checklist_ticked, Call.checklist_total, Call.hold_seconds, Call.transferred_to,
        )
        .join(Customer, JOIN.LEFT_OUTER, on=(Call.customer == Customer.id))
        .switch(Call).join(Staff, JOIN.LEFT_OUTER, on=(Call.clerk == Staff.id))
    )
    if start is not None:
        query = query.where(Call.started_at >= start)
    if end is not None:
        query = query.where(Call.started_at < end)
    return query.order_by(Call.started_at, Call.id)


def _records(cursor, zone: ZoneInfo):
    """Rows off the raw cursor: peewee's per-field conversion would double the export's time."""
    stamp = datetime.fromtimestamp
    for (id_, started, ended, direction, channel, e164, raw, customer, clerk, category, notes,
         ticked, total, hold, transferred) in cursor:
        yield (
            id_, stamp(started, zone).isoformat(), stamp(ended, zone).isoformat(), direction, channel,
            e164, raw, customer, clerk, category, notes, round(ticked / total, 3) if total else None,
            ticked, total, hold, transferred,
        )


def export_calls(out, fmt: str, start: datetime | None, end: datetime | None, zone: str) -> int:
    """Write the calls with start <= started_at < end to `out`; return how many were written.

    Times are ISO 8601 in the company's zone; one JSON object per line, or CSV with a header.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format: {fmt}")
    count = 0
    with db.reading():
        records = _records(engine.stream(database, _query(start, end)), ZoneInfo(zone))
        if fmt == "json":
            encode = json.JSONEncoder(ensure_ascii=False).encode
            for record in records:
                out.write(encode(dict(zip(COLUMNS, record))) + "\n")
                count += 1
        else:
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for record in records:
                writer.writerow(record)
                count += 1
    return count
