"""Moving a desk's records to another database (`callcenter copy`): a SQLite file to a server.

Every table, rows as stored and ids kept, in one transaction on the target, in an order that
satisfies the foreign keys; then the id sequences follow the largest id, and each table's count
is checked against the source before the commit. A target that already holds records is refused.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from peewee import AutoField

from db import connection, engine
from db.connection import DatabaseRefused
from db.models import TABLES, Setting, database


def _columns(model) -> list[str]:
    return [field.column_name for field in model._meta.sorted_fields]


def _count(db, model) -> int:
    return db.execute_sql(f'SELECT COUNT(*) FROM "{model._meta.table_name}"').fetchone()[0]


def _source(spec):
    """The source, brought to this program's schema (as any desk opening it would), read unbound."""
    connection.open_database(spec)
    connection.close_database()
    return connection.make_database(spec)


def _target(spec):
    """The target with our schema (made now when it has none) and no records of its own."""
    try:
        target = connection.create_database(spec)
    except DatabaseRefused as refused:
        if refused.code != "db.exists":
            raise
        target = connection.open_database(spec)
    with target.connection_context():
        # Seeded settings are the program's defaults, not records: the source's replace them.
        if any(_count(target, model) for model in TABLES if model is not Setting):
            raise DatabaseRefused("db.not_empty", path=connection.shown(spec))
    return target


def copy(source_spec: str | os.PathLike, target_spec: str | os.PathLike) -> dict[str, int]:
    """Copy every record; return the rows per table. Nothing stays written when a count differs."""
    source = _source(source_spec)
    target = _target(target_spec)
    copied = {}
    try:
        with source.connection_context(), target.connection_context(), target.atomic():
            engine.write_lock(target)
            target.execute_sql(f'DELETE FROM "{Setting._meta.table_name}"')
            for model in TABLES:
                table, columns = model._meta.table_name, _columns(model)
                names = ", ".join(f'"{column}"' for column in columns)
                order = ", ".join(f'"{field.column_name}"' for field in [model._meta.primary_key])
                rows = source.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY {order}')
                copied[table] = engine.load_rows(target, table, columns, rows)
                if isinstance(model._meta.primary_key, AutoField):
                    engine.reset_sequence(target, table)
            for model in TABLES:  # verified by counts, inside the transaction
                table = model._meta.table_name
                expected, found = _count(source, model), _count(target, model)
                if found != expected or copied[table] != expected:
                    raise DatabaseRefused("db.copy_mismatch", table=table, found=found, expected=expected)
        with target.connection_context():
            engine.analyze(target)
    finally:
        source.close_all()
        connection.close_database()
    database.initialize(target)
    return copied



def through_file(make):
    """Run `make()` on a new SQLite file, then copy what it wrote to the server the models are bound
    to: the demo's bulk fill is SQLite's own (raw executemany, indexes dropped and rebuilt)."""
    target = database.obj.database  # the server's URL
    with tempfile.TemporaryDirectory(prefix="callcenter-") as folder:
        staging = Path(folder) / "staging.db"
        connection.close_database()
        connection.open_database(staging, create=True)
        try:
            result = make()
        finally:
            connection.close_database()
        copy(staging, target)
    return result
