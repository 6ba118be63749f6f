"""Backups, restore and the database check; and files written beside the database safely.

A backup is a one-step copy by SQLite's backup API into a temporary file beside the target
(consistent while desks write: it reads one snapshot), made a self-contained rollback-journal
file, verified by opening it (our tables, schema version, quick_check), then renamed into
place. Restore checks the file the same way (with the full integrity_check), keeps the current
database as a backup first, refuses while a desk holds the database, and copies the pages in
with the backup API, so no stale -wal file can mix with them.
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import quote, unquote

import db
from callcenter import paths
from callcenter.services.errors import Refused
from db import audit, files
from db.connection import SQLITE_HEADER, DatabaseRefused
from db.models import database
from db.schema import SCHEMA_VERSION

DAILY_KEEP = 14  # daily backups kept in the user data folder
_DAILY_PREFIX = "daily-"
_OUR_TABLES = {"setting", "customer", "call", "staff", "audit"}


# ---- which file is open ----------------------------------------------------------------------


def current_path() -> Path | None:
    """The file of the database the models are bound to, if it is a file."""
    spec = getattr(database.obj, "database", None)
    if not spec or spec == ":memory:":
        return None
    if spec.startswith("file:"):  # the read-only URI of a copy
        return Path(unquote(spec.removeprefix("file:").split("?", 1)[0]))
    return Path(spec)


def is_database_file(target: Path) -> bool:
    """True when `target` is the open database, its -wal or -shm (writing there would destroy it)."""
    current = current_path()
    if current is None:
        return False
    for own in (current, Path(f"{current}-wal"), Path(f"{current}-shm"), Path(f"{current}-journal")):
        if target.resolve() == own.resolve():
            return True
        try:
            if target.exists() and own.exists() and os.path.samefile(target, own):
                return True
        except OSError:
            pass
    return False


def open_for_reading(spec: str | None, open_db) -> Path | None:
    """Open for a command that only reads: as usual, or read-only when the file is (a backup on a
    read-only medium, a copy a supervisor was handed). Returns the database file."""
    try:
        open_db(spec)
    except DatabaseRefused as refusal:
        if refusal.code != "db.read_only" or not spec or not Path(spec).is_file():
            raise
        _open_read_only(Path(spec))
    return current_path()


def _open_read_only(path: Path) -> None:
    from peewee import SqliteDatabase

    version = _header_version(path)
    if version > SCHEMA_VERSION:
        raise DatabaseRefused("db.too_new", found=version, known=SCHEMA_VERSION)
    # immutable: nobody can write a read-only file, so no -wal or -shm is looked for or made.
    uri = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    database.initialize(SqliteDatabase(uri, uri=True, check_same_thread=False))


def _header_version(path: Path) -> int:
    with path.open("rb") as handle:
        header = handle.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseRefused("db.not_sqlite", path=str(path))
    return int.from_bytes(header[60:64], "big")


# ---- writing a file beside its target ----------------------------------------------------------


@contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """A temporary file beside `target`, renamed onto it when the block ends without error.

    A failed or interrupted export leaves the target as it was, never half written. A target
    that is no regular file (/dev/null, a named pipe) is a stream: it is written in place.
    """
    if target.exists() and not target.is_file():
        with target.open("wb") as stream:
            yield stream
        return
    handle = tempfile.NamedTemporaryFile("wb", dir=target.parent, prefix=f".{target.name}.", suffix=".part",
                                         delete=False)
    try:
        files.make_private(handle.name)  # 0600 already; 0660 in a group-shared folder
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


# ---- backup ------------------------------------------------------------------------------------


def default_target(db_path: Path | None, label: str = "") -> Path:
    """A new dated file in the backups folder of the user data dir."""
    stem = db_path.stem if db_path else "callcenter"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = paths.data_dir() / "backups"
    files.folder(folder)
    return folder / f"{label}{stem}-{stamp}.db"


def write(target: Path) -> Path:
    """A verified, consistent copy of the open database at `target` (replaced if it exists).

    SQLite's backup API in one step: it copies pages under one read snapshot, so desks go on
    writing meanwhile (a step-by-step copy would restart at every write and never finish).
    `VACUUM INTO` would rebuild every table and index instead: several times slower.
    """
    from db import engine

    if engine.is_server(database.obj):
        raise Refused("backup.on_server")
    part = target.with_name(f".{target.name}.part")
    part.unlink(missing_ok=True)
    try:
        with db.reading():
            _copy(database.connection(), part)
        problem = verify(part)
        if problem:
            raise problem
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


def _copy(source: sqlite3.Connection, path: Path) -> None:
    """Every page of `source` into a new file at `path`, one self-contained file (no -wal)."""
    files.new_file(path)  # private before a page is in it
    copy = sqlite3.connect(path)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # readable read-only, from a CD too
    finally:
        copy.close()


def verify(path: Path, thorough: bool = False) -> Refused | None:
    """None if `path` is a sound database of ours (a version this program reads); else why not.

    A fresh copy gets `quick_check` (every page and record readable: 1.8 s for 750 MB); a file
    to restore from, `integrity_check`, which also matches every index to its table (13 s).
    """
    shown = str(path)
    try:
        version = _header_version(path)
    except (OSError, DatabaseRefused):
        return Refused("dbfile.not_sqlite", path=shown)
    if version == 0:  # SQLite, but never made by this program
        return Refused("dbfile.not_ours", path=shown)
    if version > SCHEMA_VERSION:
        return Refused("dbfile.version", path=shown, found=version, known=SCHEMA_VERSION)
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not _OUR_TABLES <= tables:
                return Refused("dbfile.not_ours", path=shown)
            result = conn.execute("PRAGMA integrity_check" if thorough else "PRAGMA quick_check").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        result = str(error)
    return None if result == "ok" else Refused("dbfile.damaged", path=shown, detail=result[:200])


def daily(keep: int | None = None, folder: Path | None = None) -> Path | None:
    """Today's backup into the user data folder, if none was written today; keeps the last `keep`
    (the `backup_keep_days` setting). The desk calls it at its start; returns the new file, or None.
    A server's database is backed up with pg_dump on the server, not by each desk.
    """
    from callcenter.services import settings as settings_service
    from db import engine

    if engine.is_server(database.obj):
        return None
    keep = keep if keep is not None else int(settings_service.load()["backup_keep_days"] or DAILY_KEEP)
    folder = folder or paths.data_dir() / "backups"
    files.folder(folder)
    today = f"{_DAILY_PREFIX}{datetime.now():%Y-%m-%d}.db"
    written = None
    if not (folder / today).exists():
        written = write(folder / today)
    for old in sorted(folder.glob(f"{_DAILY_PREFIX}*.db"))[:-keep or None]:
        old.unlink(missing_ok=True)
    return written


# ---- restore -----------------------------------------------------------------------------------


def in_use(path: Path) -> bool:
    """True while a connection (a desk) in another process holds the WAL database open.

    Each connection holds a shared lock on byte 128 of the -shm file (SQLite's "DMS" lock) for
    as long as it is open; an exclusive lock on that byte is granted only when nobody has it.
    """
    shm = Path(f"{path}-shm")
    try:
        import fcntl
    except ImportError:  # Windows: SQLite's own lock on the file decides below
        return False
    if not shm.exists():
        return False
    fd = os.open(shm, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, 128)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, 1, 128)
        return False
    finally:
        os.close(fd)


def restore(source: Path, target: Path) -> Path | None:
    """Put the backup `source` in place of the database `target`; return where the old one was kept.

    Call with no connection of this process open on `target`.
    """
    if not source.is_file():
        raise Refused("restore.no_file", path=str(source))
    problem = verify(source, thorough=True)
    if problem:
        raise problem
    kept = None
    if target.exists():
        if in_use(target):
            raise Refused("restore.in_use", path=str(target))
        kept = default_target(target, "before-restore-")
        current = sqlite3.connect(target)
        try:
            _copy(current, kept)
        finally:
            current.close()
    files.new_file(target)
    src = sqlite3.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=5)
    try:
        src.backup(dst)  # one step, under SQLite's locks: a desk starting now waits, then sees it whole
        dst.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError as error:
        raise Refused("restore.in_use", path=str(target)) from error
    finally:
        src.close()
        dst.close()
    return kept


# ---- check -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    what: str  # integrity | foreign_keys | schema | audit_chain
    ok: bool
    detail: str


def check() -> list[Finding]:
    """The checks of `callcenter check`, on the open database, one finding each. A server checks
    its own pages and enforces its foreign keys: there only the schema version is ours to read."""
    from db import engine

    if engine.is_server(database.obj):
        with db.reading():
            version = engine.schema_version(database.obj)
        return [Finding("integrity", True, "server"), Finding("foreign_keys", True, "server"),
                Finding("schema", version == SCHEMA_VERSION, f"{version}/{SCHEMA_VERSION}")]
    with db.reading():
        integrity = [row[0] for row in database.execute_sql("PRAGMA integrity_check(20)")]
        broken = database.execute_sql("PRAGMA foreign_key_check").fetchall()
        version = database.execute_sql("PRAGMA user_version").fetchone()[0]
        broken_row = audit.first_broken() if version == SCHEMA_VERSION else None
    tables = sorted({row[0] for row in broken})
    return [
        Finding("integrity", integrity == ["ok"], "; ".join(integrity)),
        Finding("foreign_keys", not broken, f"{len(broken)}: {', '.join(tables)}" if broken else ""),
        Finding("schema", version == SCHEMA_VERSION, f"{version}/{SCHEMA_VERSION}"),
        Finding("audit_chain", broken_row is None, "" if broken_row is None else str(broken_row)),
    ]
