"""The data layer: schema version, migrations that run once, connection pragmas, refusals."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from datetime import datetime, timezone

import pytest
from peewee import IntegrityError

import db
from db.models import Audit, Call, Setting, Staff
from db.models import database as proxy
from db.schema import SCHEMA_VERSION


def pragma(path, name):
    with sqlite3.connect(path) as con:
        return con.execute(f"PRAGMA {name}").fetchone()[0]


def fingerprint(path) -> tuple[str, int, int]:
    data = path.read_bytes()
    stat = path.stat()
    return hashlib.sha256(data).hexdigest(), stat.st_mtime_ns, stat.st_size


def tables(path) -> dict[str, str]:
    with sqlite3.connect(path) as con:
        return dict(con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


def test_a_new_database_gets_the_schema_version_tables_and_settings(database):
    assert SCHEMA_VERSION >= 1
    assert pragma(database, "user_version") == SCHEMA_VERSION
    assert {"staff", "customer", "customer_key", "project", "call", "message", "setting", "audit"} <= set(tables(database))
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT COUNT(*) FROM setting").fetchone()[0] > 0


def test_reopening_migrates_nothing_and_keeps_the_data(database, clerk):
    from callcenter.services import settings

    settings.save(clerk, "company_name", "蓝家装饰")  # a supervisor's change a reseed would undo
    db.open_database(database)  # every connection closed: the WAL is checkpointed into the file
    before = fingerprint(database)
    schema_before = tables(database)

    db.open_database(database)
    db.open_database(database)

    assert fingerprint(database) == before  # not one byte written: no migration, no reseed
    assert tables(database) == schema_before
    assert pragma(database, "user_version") == SCHEMA_VERSION
    with db.reading():
        assert Staff.get(Staff.login == "wang").is_supervisor
        assert Setting.get_by_id("company_name").value == '"蓝家装饰"'
        assert Audit.select().count() == 2


def test_an_empty_file_is_no_database_until_created(tmp_path):
    path = tmp_path / "empty.db"
    path.touch()
    assert refused(path) == "db.missing"
    assert path.read_bytes() == b"" and sorted(os.listdir(tmp_path)) == ["empty.db"]
    db.open_database(path, create=True)
    assert pragma(path, "user_version") == SCHEMA_VERSION


def test_an_older_database_is_migrated_and_its_missing_settings_seeded(tmp_path):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as con:  # a version-0 database somebody created by hand
        con.execute("CREATE TABLE notes (x)")
        con.execute("INSERT INTO notes VALUES ('kept')")
    before = fingerprint(path)
    assert refused(path) == "db.missing"  # not ours until asked to make it so
    assert fingerprint(path) == before
    db.open_database(path, create=True)
    assert pragma(path, "user_version") == SCHEMA_VERSION
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT x FROM notes").fetchall() == [("kept",)]
        assert con.execute("SELECT COUNT(*) FROM setting").fetchone()[0] > 0


def test_migrate_false_leaves_a_new_file_alone(tmp_path):
    path = tmp_path / "plain.db"
    db.open_database(path, create=True, migrate=False)
    assert pragma(path, "user_version") == 0
    assert tables(path) == {}


def test_a_missing_folder_is_created(tmp_path):
    path = tmp_path / "deep" / "er" / "callcenter.db"
    db.open_database(path, create=True)
    assert pragma(path, "user_version") == SCHEMA_VERSION


def test_a_sqlite_url_is_accepted(tmp_path):
    path = tmp_path / "url.db"
    db.open_database(f"sqlite:///{path}", create=True)
    assert pragma(path, "user_version") == SCHEMA_VERSION
    assert pragma(path, "journal_mode") == "wal"


def connection_pragmas() -> dict:
    with db.reading():
        return {name: proxy.execute_sql(f"PRAGMA {name}").fetchone()[0]
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")}


def test_connection_pragmas(database):
    expected = {"journal_mode": "wal", "busy_timeout": 5000, "foreign_keys": 1, "synchronous": 1}
    assert connection_pragmas() == expected
    assert pragma(database, "journal_mode") == "wal"  # persistent, in the file itself
    # peewee connections belong to a thread: a worker thread's connection has them too
    seen = {}
    worker = threading.Thread(target=lambda: seen.update(connection_pragmas()))
    worker.start()
    worker.join()
    assert seen == expected


def test_foreign_keys_are_enforced(database):
    moment = datetime(2025, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(IntegrityError):
        with db.writing():
            Call.create(started_at=moment, ended_at=moment, clerk=9999)
    with db.reading():
        assert Call.select().count() == 0


def test_a_write_that_fails_rolls_back(database, clerk):
    with pytest.raises(RuntimeError):
        with db.writing():
            Staff.create(login="ghost", name="ghost", role="clerk", created_at=datetime.now(timezone.utc))
            raise RuntimeError("boom")
    with db.reading():
        assert not Staff.select().where(Staff.login == "ghost").exists()


def test_times_are_stored_as_utc_seconds_and_naive_ones_refused(database, clerk):
    from datetime import timedelta

    moment = datetime(2025, 3, 4, 10, 15, tzinfo=timezone(timedelta(hours=8)))
    with db.writing():
        call_id = Call.create(started_at=moment, ended_at=moment, clerk=clerk.id).id
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT started_at FROM call").fetchone()[0] == int(moment.timestamp())
    with db.reading():
        back = Call.get_by_id(call_id).started_at
    assert back == moment and back.tzinfo == timezone.utc
    with pytest.raises(ValueError):
        with db.writing():
            Call.create(started_at=datetime(2025, 3, 4), ended_at=moment, clerk=clerk.id)


def test_audit_rows_keep_before_and_after_as_json(database):
    from db import audit

    with db.writing():
        audit.record("wang", "setting", "x", "update", {"a": "旧"}, ["新"])
        audit.record("wang", "call", 7, "create")
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT entity_id, before, after FROM audit ORDER BY id").fetchall() == [
            ("x", '{"a": "旧"}', '["新"]'), ("7", None, None)]


# ---- refusals: the file is never touched ---------------------------------------------------


def refused(path, *, create: bool = False) -> str:
    with pytest.raises(db.DatabaseRefused) as caught:
        db.open_database(path, create=create)
    return caught.value.code


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("这不是数据库 just some text\n" * 20, encoding="utf-8")
    before = fingerprint(path)
    assert refused(path) == "db.not_sqlite"
    assert fingerprint(path) == before
    assert sorted(os.listdir(tmp_path)) == ["notes.txt"]  # no -wal, no -shm


def test_a_short_file_that_is_not_sqlite_is_refused(tmp_path):
    path = tmp_path / "short.db"
    path.write_bytes(b"SQLite")
    assert refused(path) == "db.not_sqlite"


def test_a_folder_is_refused(tmp_path):
    assert refused(tmp_path) == "db.not_sqlite"


def test_a_read_only_database_is_refused_untouched(database):
    os.chmod(database, 0o444)
    before = fingerprint(database)
    assert refused(database) == "db.read_only"
    assert fingerprint(database) == before


def test_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as con:  # rollback-journal mode: connecting with WAL would change it
        con.execute("CREATE TABLE future (x)")
        con.execute("PRAGMA user_version = 99")
    before = fingerprint(path)
    with pytest.raises(db.DatabaseRefused) as caught:
        db.open_database(path)
    assert caught.value.code == "db.too_new"
    assert caught.value.details == {"found": 99, "known": SCHEMA_VERSION}
    assert fingerprint(path) == before
    assert pragma(path, "journal_mode") == "delete"
    assert sorted(os.listdir(tmp_path)) == ["future.db"]


def test_a_newer_schema_still_in_the_wal_is_refused_on_the_connection(database):
    # Another desk's newer program wrote the version, and the WAL is not checkpointed yet:
    # the file header still says ours, so the check on the connection must catch it.
    keeper = sqlite3.connect(database)  # an open reader keeps the WAL from being checkpointed
    keeper.execute("SELECT 1 FROM setting").fetchall()
    writer = sqlite3.connect(database)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    writer.commit()
    writer.close()
    with database.open("rb") as handle:  # the header in the file still says ours
        assert int.from_bytes(handle.read(100)[60:64], "big") == SCHEMA_VERSION
    try:
        with pytest.raises(db.DatabaseRefused) as caught:
            db.open_database(database)
        assert caught.value.code == "db.too_new"
    finally:
        keeper.close()



def test_a_folder_that_cannot_be_made_is_refused(tmp_path):
    (tmp_path / "afile").write_text("x")
    assert refused(tmp_path / "afile" / "sub" / "x.db", create=True) == "db.unusable"
    assert (tmp_path / "afile").read_text() == "x"


@pytest.mark.parametrize(("url", "code"), [("bogus://x", "db.unusable"),
                                           ("postgres://nobody@127.0.0.1:1/none", "db.unreachable")])
def test_an_unusable_url_is_refused(url, code):
    assert refused(url) == code
