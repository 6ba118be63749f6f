"""The audit trail is tamper-evident: each row chains a hash of its content to the row before,
and `callcenter check` names the first row that was changed, deleted or slipped in."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import db
from callcenter import cli
from callcenter.services import staff
from db import audit

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.db"


@pytest.fixture
def trail(database, clerk):
    """Five audited changes to the directory, then the file closed."""
    for n in range(4):
        staff.add(clerk, staff.PersonFields(f"员工{n}", "designer"))
    db.close_database()
    return database


def check(capsys, path) -> tuple[int, list[str]]:
    code = cli.main(["check", "--db", str(path), "--lang", "en"])
    return code, capsys.readouterr().out.splitlines()


def test_an_untouched_trail_holds_and_every_row_is_chained(trail, capsys):
    code, out = check(capsys, trail)
    assert code == 0 and "audit trail: the chain holds" in out
    with sqlite3.connect(trail) as con:
        assert con.execute("SELECT count(*) FROM audit WHERE chain IS NULL").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM audit").fetchone()[0] >= 5


@pytest.mark.parametrize("tamper, first", [
    ("UPDATE audit SET actor = 'someone' WHERE id = 3", 3),
    ("UPDATE audit SET after = NULL WHERE id = 2", 2),
    ("DELETE FROM audit WHERE id = 3", 4),
    ("UPDATE audit SET at = at - 3600 WHERE id = 4", 4),
])
def test_check_names_the_first_row_changed_or_deleted(trail, capsys, tamper, first):
    with sqlite3.connect(trail) as con:
        con.execute(tamper)
    code, out = check(capsys, trail)
    assert code == 1 and f"audit trail: changed, deleted or inserted from row {first} on" in out


def test_rows_written_in_bulk_by_sql_join_the_chain(database, clerk):
    from datetime import date

    from callcenter.services import calendar

    calendar.close_day(clerk, date(2099, 1, 6), "停电")
    with db.reading():
        assert audit.first_broken() is None


def test_an_upgraded_trail_is_chained_from_its_first_row(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    db.open_database(path)
    with db.reading():
        assert audit.first_broken() is None
    db.close_database()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT count(*) FROM audit WHERE chain IS NULL").fetchone() == (0,)
