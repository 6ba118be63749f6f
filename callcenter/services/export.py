"""Everything the desk knows, out as tables: calls, customers, projects, follow-ups, complaints,
messages, staff and the audit trail, streamed in order with flat memory.

Each kind is one SQL query read off the raw cursor (peewee's per-field conversion would double
an export's time) and its columns; `callcenter.exchange` writes the rows as CSV, XLSX or JSON
Lines. Customers, projects and staff have exactly the columns their imports read, so a file
exported from one database imports into another.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Callable, Iterator
from zoneinfo import ZoneInfo

import db
from callcenter.exchange.columns import Column
from db import engine
from db.models import database

PROGRESS_EVERY = 2000  # rows in a chunk handed to the writer, and between two progress reports


@dataclass(frozen=True)
class Kind:
    columns: tuple[Column, ...]
    select: str  # SELECT ... FROM ... [WHERE] with no ORDER BY; `{where}` is where the period goes
    moment: str  # the column the period (--from/--to) applies to
    order: str
    shape: Callable | None = None  # zone -> (row -> row), for what SQL cannot say (in the company zone)


def _columns(*specs: str) -> tuple[Column, ...]:
    """"name" or "name:kind" -> Column."""
    return tuple(Column(*spec.split(":")) for spec in specs)


def _acceptances(zone: ZoneInfo):
    """`stage\x1fseconds\x1e...` from SQL -> `开工:2026-03-06 10:00:00;水电:...` in the company zone."""
    stamp = datetime.fromtimestamp

    def shape(row: tuple) -> tuple:
        packed = row[7]
        if packed:
            parts = (item.split("\x1f") for item in packed.split("\x1e"))
            text = ";".join(f"{stage}:{stamp(int(at), zone).strftime('%Y-%m-%d %H:%M:%S')}" for stage, at in parts)
            row = (*row[:7], text, *row[8:])
        return row

    return shape


KINDS: dict[str, Kind] = {
    "calls": Kind(
        _columns("id:int", "started_at:time", "ended_at:time", "direction", "channel", "phone_e164:phone",
                 "phone_raw:phone", "customer", "clerk", "category", "notes", "checklist_score:float",
                 "checklist_ticked:int", "checklist_total:int", "hold_seconds:int", "transferred_to"),
        # Left joins keep `call` the outer loop, so rows come straight off the started_at index
        # instead of a million-row sort (an inner join lets SQLite start from the staff table).
        'SELECT c.id, c.started_at, c.ended_at, c.direction, c.channel, c.phone_e164, c.phone_raw, cu.name, '
        'COALESCE(s.login, s.name), c.category, c.notes, '
        'CASE WHEN c.checklist_total > 0 THEN CAST(round(c.checklist_ticked * 1.0 / c.checklist_total, 3) '
        'AS DOUBLE PRECISION) END, '  # a float on both engines (the server's round gives a decimal)
        'c.checklist_ticked, c.checklist_total, c.hold_seconds, c.transferred_to FROM "call" c '
        'LEFT JOIN customer cu ON cu.id = c.customer_id LEFT JOIN staff s ON s.id = c.clerk_id {where}',
        "c.started_at", "c.started_at, c.id"),
    "customers": Kind(
        _columns("name", "phone:phone", "address", "source"),
        "SELECT name, phone_raw, address, source FROM customer {where}", "created_at", "id"),
    "projects": Kind(
        _columns("customer", "phone:phone", "address", "designer", "qc_inspector", "project_manager",
                 "handover_at:time", "acceptances", "final_acceptance_at:time", "warranty_months:int"),
        "SELECT cu.name, cu.phone_raw, p.address, d.name, q.name, m.name, p.handover_at, {acceptances}, "
        "p.final_acceptance_at, p.warranty_months FROM project p JOIN customer cu ON cu.id = p.customer_id "
        "LEFT JOIN staff d ON d.id = p.designer_id LEFT JOIN staff q ON q.id = p.qc_inspector_id "
        "LEFT JOIN staff m ON m.id = p.project_manager_id {where}",
        "p.created_at", "p.id", _acceptances),
    "followups": Kind(
        _columns("id:int", "due_at:time", "reason", "stage", "status", "customer", "phone:phone", "project",
                 "assignee", "personal:bool", "attempts:int", "outcome", "note", "done_at:time", "done_by"),
        "SELECT f.id, f.due_at, f.reason, f.stage, f.status, cu.name, cu.phone_raw, p.address, a.name, f.personal, "
        "f.attempts, f.outcome, f.note, f.done_at, b.name FROM follow_up f JOIN customer cu ON cu.id = f.customer_id "
        "LEFT JOIN project p ON p.id = f.project_id LEFT JOIN staff a ON a.id = f.assignee_id "
        "LEFT JOIN staff b ON b.id = f.done_by_id {where}",
        "f.due_at", "f.due_at, f.id"),
    "complaints": Kind(
        _columns("id:int", "received_at:time", "deadline_at:time", "status", "escalation_level:int", "kind",
                 "respondent", "respondent_role", "complainant", "phone:phone", "project", "description",
                 "responsible", "resolution", "resolved_at:time", "satisfied:bool"),
        "SELECT c.id, c.received_at, c.deadline_at, c.status, c.escalation_level, c.kind, r.name, c.respondent_role, "
        "COALESCE(cu.name, cs.name), cu.phone_raw, p.address, c.description, h.name, c.resolution, c.resolved_at, "
        "c.satisfied FROM complaint c JOIN staff r ON r.id = c.respondent_id "
        "LEFT JOIN customer cu ON cu.id = c.complainant_customer_id "
        "LEFT JOIN staff cs ON cs.id = c.complainant_staff_id LEFT JOIN project p ON p.id = c.project_id "
        "LEFT JOIN staff h ON h.id = c.responsible_id {where}",
        "c.received_at", "c.received_at, c.id"),
    "messages": Kind(
        _columns("id:int", "created_at:time", "recipient", "caller_name", "callback:phone", "content", "urgent:bool",
                 "created_by", "relayed_at:time", "relayed_by"),
        "SELECT m.id, m.created_at, m.recipient, m.caller_name, m.callback_raw, m.content, m.urgent, "
        "COALESCE(c.login, c.name), m.relayed_at, COALESCE(r.login, r.name) FROM message m "
        "JOIN staff c ON c.id = m.created_by_id LEFT JOIN staff r ON r.id = m.relayed_by_id {where}",
        "m.created_at", "m.created_at, m.id"),
    "staff": Kind(
        _columns("name", "role", "department", "login", "supervisor:bool", "active:bool"),
        "SELECT name, role, department, login, is_supervisor, active FROM staff {where}", "created_at",
        "name, login, role, id"),  # by name, not id: the same people list the same in any database
    "audit": Kind(
        _columns("id:int", "at:time", "actor", "entity", "entity_id", "action", "before", "after"),
        "SELECT id, at, actor, entity, entity_id, action, before, after FROM audit {where}", "at", "id"),
}


def _sql(kind: Kind, start: datetime | None, end: datetime | None, what: str = "") -> tuple[str, list]:
    conditions, params = [], []
    if start is not None:
        conditions.append(f"{kind.moment} >= ?")
        params.append(int(start.timestamp()))
    if end is not None:
        conditions.append(f"{kind.moment} < ?")
        params.append(int(end.timestamp()))
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = kind.select.format(where=where, acceptances=engine.acceptance_list(database))
    return (f"SELECT COUNT(*) FROM ({sql}) AS counted" if what == "count" else f"{sql} ORDER BY {kind.order}"), params


def count(name: str, start: datetime | None = None, end: datetime | None = None) -> int:
    """How many rows `rows` would give: a progress bar's length."""
    sql, params = _sql(KINDS[name], start, end, "count")
    with db.reading():
        return engine.execute(database, sql, params).fetchone()[0]


def rows(name: str, zone: str, start: datetime | None = None, end: datetime | None = None) -> Iterator[tuple]:
    """The rows of one kind with start <= its moment < end, in order; times as whole UTC seconds.

    One SELECT for the whole stream, so one read snapshot however long the writing takes.
    """
    kind = KINDS[name]
    shape = kind.shape(ZoneInfo(zone)) if kind.shape else None
    sql, params = _sql(kind, start, end)
    with db.reading():
        cursor = engine.stream_sql(database, sql, params)
        if shape is None:
            yield from cursor
        else:
            yield from map(shape, cursor)


def export(name: str, writer, zone: str, start: datetime | None = None, end: datetime | None = None,
           progress: Callable[[int], None] | None = None) -> int:
    """Write every row of `name` to `writer` (see callcenter.exchange.writers); return the count.

    Rows go to the writer in chunks: one call per chunk, not per row, at a million rows.
    """
    written = 0
    source = rows(name, zone, start, end)
    while chunk := list(islice(source, PROGRESS_EVERY)):
        writer.rows(chunk)
        written += len(chunk)
        if progress:
            progress(written)
    return written
