"""Opening the database: refuse what is not ours, then WAL, busy timeout and immediate writes."""
from __future__ import annotations

import os
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from peewee import Database, OperationalError
from playhouse.pool import PooledSqliteDatabase

from db import engine, files, schema
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


def _check_file(path: Path, create: bool) -> None:
    """Refuse, before SQLite touches it, a file that is not a database or cannot be written.

    Without `create`, a path holding no database of ours (no file, an empty one, or a SQLite file
    never given our schema) is refused and nothing is made: a typo in a cron job must fail, not
    start a new empty database.
    """
    if path.is_dir():
        raise DatabaseRefused("db.not_sqlite", path=str(path))
    if not path.exists():
        if not create:
            raise DatabaseRefused("db.missing", path=str(path))
        parent = path.parent if str(path.parent) else Path(".")
        files.folder(parent)
        if not os.access(parent, os.W_OK):
            raise DatabaseRefused("db.read_only", path=str(path))
        files.new_file(path)  # SQLite fills it, and gives its -wal and -shm the same mode
        return
    with path.open("rb") as handle:
        header = handle.read(100)  # the SQLite file header
    if header and not header.startswith(SQLITE_HEADER):
        raise DatabaseRefused("db.not_sqlite", path=str(path))
    # PRAGMA user_version lives at offset 60. Read it here: connecting applies journal_mode=wal,
    # which rewrites the header of a database we are about to refuse. (schema.check_and_migrate
    # checks again on the connection, for URLs and for a version still in the -wal file.)
    version = int.from_bytes(header[60:64], "big") if len(header) >= 64 else 0
    if version > schema.SCHEMA_VERSION:
        raise DatabaseRefused("db.too_new", found=version, known=schema.SCHEMA_VERSION)
    if version == 0 and not create and not Path(f"{path}-wal").exists():
        raise DatabaseRefused("db.missing", path=str(path))
    # Mode bits, not only access(): root may write anything, but a 0444 file is meant read-only.
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise DatabaseRefused("db.read_only", path=str(path))
    if not os.access(path.parent, os.W_OK):  # WAL needs its -wal and -shm files beside it
        raise DatabaseRefused("db.read_only", path=str(path))


def shown(spec: str | os.PathLike) -> str:
    """The database as messages may show it: a URL's password masked."""
    text = os.fspath(spec)
    if "://" not in text:
        return text
    parts = urlsplit(text)
    if parts.password is None:
        return text
    netloc = parts.netloc.rpartition("@")
    user = netloc[0].partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[2]}"))


def _is_url(text: str) -> bool:
    return "://" in text and not text.startswith("sqlite:///")


def _path(text: str) -> Path:
    return Path(text.removeprefix("sqlite:///")).expanduser()


def make_database(spec: str | os.PathLike, *, create: bool = False) -> Database:
    """A peewee database for a file path or a `playhouse.db_url` URL (not yet connected)."""
    text = os.fspath(spec)
    if engine.is_server_spec(text):
        return engine.server_database(text)
    if _is_url(text):
        from playhouse.db_url import connect

        return connect(text)
    path = _path(text)
    _check_file(path, create)
    # Pooled: a fresh SQLite connection costs 0.35 ms here (pragmas, schema read), more than the
    # lookups it serves. Units of work still open and close; closing returns it to the pool.
    return PooledSqliteDatabase(str(path), pragmas=PRAGMAS, lock_type="IMMEDIATE", max_connections=32,
                                stale_timeout=600, check_same_thread=False)


def open_database(spec: str | os.PathLike, *, create: bool = False, migrate: bool = True) -> Database:
    """Open, check the schema version, migrate and seed; bind the models to it.

    Only with `create` may a new database be made where there is none; otherwise a path without
    one is refused with `db.missing` and nothing is written.
    """
    try:
        # Inside the try: a folder that cannot be made or an unknown URL scheme is refused too.
        db = make_database(spec, create=create)
        database.initialize(db)
        _first_connection(db, migrate, create)
    except DatabaseRefused:
        raise
    except Exception as error:  # sqlite3.DatabaseError and friends: not a usable database
        if database.obj is not None and hasattr(database.obj, "close_all"):
            database.obj.close_all()
        code = engine.refusal(error)
        if code:  # a server that is down, a wrong password or host: one line, never the password
            raise DatabaseRefused(code, path=shown(spec)) from error
        message = str(error)
        password = urlsplit(os.fspath(spec)).password if _is_url(os.fspath(spec)) else None
        if password:
            message = message.replace(password, "***")
        raise DatabaseRefused("db.unusable", path=shown(spec), error=message) from error
    return db


def create_database(spec: str | os.PathLike) -> Database:
    """A new database where there is none yet (`callcenter init`); an existing one is refused."""
    text = os.fspath(spec)
    if _is_url(text):  # no file to look at: a server's database is new while it has no schema version
        server = open_database(spec, create=True, migrate=False)
        with server.connection_context():
            exists = schema.current_version(server) != 0
        if not exists and engine.is_server(server):
            server.close_all()
            return _create_on_server(spec)
    else:
        path = _path(text)
        exists = path.is_file() or Path(f"{path}-wal").exists()  # a folder is refused as not SQLite
    if exists:
        raise DatabaseRefused("db.exists", path=shown(spec))
    return open_database(spec, create=True)


def _create_on_server(spec) -> Database:
    """The schema, and the owner and desk roles the server enforces, in one transaction."""
    server = make_database(spec)
    database.initialize(server)
    with server.connection_context(), server.atomic():
        engine.write_lock(server)
        engine.create_roles(server)
        schema.check_and_migrate(server)
        engine.grant_desk(server)
    return server


def _first_connection(db: Database, migrate: bool, create: bool) -> None:
    """Check the version and migrate, trying again while another desk holds the file.

    Turning a file to WAL takes an exclusive lock, and when several desks race for it (the first
    start on a new file) SQLite answers "database is locked" at once, without the busy wait.
    WAL is kept in the file, so this only happens around the first open; migrating is one
    transaction that re-reads the version, so trying again is safe.
    """
    deadline = time.monotonic() + PRAGMAS["busy_timeout"] / 1000
    delay = 0.01
    while True:
        try:
            with db.connection_context():
                if engine.foreign_tables(db):  # tables, but not ours: another program's, left alone
                    raise DatabaseRefused("db.foreign", path=shown(db.database))
                if not create and schema.current_version(db) == 0:  # an empty database: not ours yet
                    raise DatabaseRefused("db.missing", path=shown(db.database))
                schema.check_and_migrate(db, migrate=migrate)
            return
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() + delay > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


def close_database() -> None:
    """Close every pooled connection: the last one out checkpoints the WAL and removes its files."""
    if database.obj is not None and hasattr(database.obj, "close_all"):
        database.obj.close_all()


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
            engine.write_lock(database)
            yield
