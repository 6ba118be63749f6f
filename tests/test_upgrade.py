"""A database written by the first released schema opens with the current code, data intact."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import db
from db.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).parent / "fixtures" / "schema_v1.db"  # made by `callcenter demo` at schema 1


def test_version_1_file_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        calls_before = con.execute("SELECT count(*) FROM call").fetchone()[0]
    db.open_database(path)
    db.close_database()
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM call").fetchone()[0] == calls_before == 300
        assert con.execute("SELECT count(*) FROM draft").fetchone()[0] == 0
