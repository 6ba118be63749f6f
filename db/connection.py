"""Opening the database: refuse what is not ours, then WAL, busy timeout and immediate writes."""
from __future__ import annotations

import os
import stat
from contextlib import contextmanager
from pathlib import Path

from peewee import Database, SqliteDatabase

from db import schema
from db.models import database

SQLITE_HEADER = b"SQLite format 3\x00"

# Measured with four writers on one file: 0 "database is locked" with these settings.
PRAGMAS = {
    "journal_mode": "wal",
    "busy_timeout": 5000,
    "synchronous": "normal",
    "foreign_keys": 1,
}


class DatabaseRefused(Exception):
    """The database cannot be used. `code` names the reason for the message catalog."""

    def __init__(self, code: str, **details):
        super().__init__(code, details)
        self.code = code
        self.details = details


def _check_file(path: Path) -> None:
    """Refuse, before SQLite touches it, a file that is not a database or cannot be written."""
    if path.is_dir():
        raise DatabaseRefused("db.not_sqlite", path=str(path))
    if not path.exists():
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.exists():
            parent.mkdir(parents=True, exist_ok=True)
        if not os.access(parent, os.W_OK):
            raise DatabaseRefused("db.read_only", path=str(path))
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise DatabaseRefused("db.not_sqlite", path=str(path))
    # Mode bits, not only access(): root may write anything, but a 0444 file is meant read-only.
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise DatabaseRefused("db.read_only", path=str(path))
    if not os.access(path.parent, os.W_OK):  # WAL needs its -wal and -shm files beside it
        raise DatabaseRefused("db.read_only", path=str(path))


def make_database(spec: str | os.PathLike) -> Database:
    """A peewee database for a file path or a `playhouse.db_url` URL (not yet connected)."""
    text = os.fspath(spec)
    if "://" in text and not text.startswith("sqlite:///"):
        from playhouse.db_url import connect

        return connect(text)
    path = Path(text.removeprefix("sqlite:///")).expanduser()
    _check_file(path)
    return SqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE", timeout=5)


def open_database(spec: str | os.PathLike, *, migrate: bool = True) -> Database:
    """Open, check the schema version, migrate and seed; bind the models to it."""
    db = make_database(spec)
    database.initialize(db)
    try:
        with db.connection_context():
            schema.check_and_migrate(db, migrate=migrate)
    except DatabaseRefused:
        raise
    except Exception as error:  # sqlite3.DatabaseError and friends: not a usable database
        raise DatabaseRefused("db.unusable", path=os.fspath(spec), error=str(error)) from error
    return db


@contextmanager
def reading():
    """A connection for one unit of read work; peewee connections belong to one thread."""
    with database.connection_context():
        yield


@contextmanager
def writing():
    """One short immediate write transaction on a connection of this thread's own.

    Never await inside: another task's write would join the transaction and share its fate.
    """
    with database.connection_context():
        with database.atomic():
            yield
