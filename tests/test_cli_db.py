"""A bad --db through the real command line: one line on stderr, exit 1, the file untouched."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(tmp_path, *args: str) -> subprocess.CompletedProcess:
    """`python -m callcenter ...` with a home of its own, so no user config or database interferes."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("XDG_", "CALLCENTER_")) and key not in ("PYTHONPATH", "NO_COLOR")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8", LANG="C.UTF-8")
    return subprocess.run(
        [sys.executable, "-m", "callcenter", *args], cwd=ROOT, env=env,
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def fingerprint(path: Path):
    stat = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size, stat.st_mode


def not_sqlite(folder) -> Path:
    path = folder / "calls.db"
    path.write_text("客户名单\n张三 13812345678\nrandom text, not a database\n" * 50, encoding="utf-8")
    return path


def read_only(folder) -> Path:
    path = folder / "calls.db"
    import db

    db.open_database(path, create=True)  # a real database of ours
    db.close_database()  # every connection closed again
    os.chmod(path, 0o444)  # the tests run as root: only the mode bits say read-only
    return path


def too_new(folder) -> Path:
    path = folder / "calls.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE call (id INTEGER PRIMARY KEY)")
        con.execute("PRAGMA user_version = 99")
    return path


@pytest.mark.parametrize(
    "make, zh, en",
    [
        (not_sqlite, "不是 SQLite 数据库", "not a SQLite database"),
        (read_only, "数据库只读", "read-only"),
        (too_new, "数据库版本 99", "schema 99 is newer"),
    ],
    ids=["not_sqlite", "read_only", "too_new"],
)
def test_a_bad_database_is_refused_in_one_line_and_left_untouched(tmp_path, make, zh, en):
    folder = tmp_path / "data"
    folder.mkdir()
    path = make(folder)
    before = fingerprint(path)
    assert os.listdir(folder) == ["calls.db"]

    result = run(tmp_path, "complaints", "--db", str(path))  # a read-only file is fine for export and check
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("错误：") and zh in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""

    result = run(tmp_path, "complaints", "--db", str(path), "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.strip()]
    assert result.stderr.startswith("error: ") and en in result.stderr

    assert fingerprint(path) == before  # bytes, mtime, size and mode
    assert os.listdir(folder) == ["calls.db"]  # no -wal or -shm beside it


@pytest.mark.parametrize(
    "args",
    [lambda tmp: ["demo", "--db", str(tmp / "afile" / "sub" / "calls.db")],
     lambda tmp: ["export", "calls", "--db", "bogus://nowhere"]],
    ids=["folder_cannot_be_made", "unknown_url"],
)
def test_other_unusable_databases_are_one_line_too(tmp_path, args):
    (tmp_path / "afile").write_text("a file where a folder should be")
    result = run(tmp_path, *args(tmp_path))
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith("错误：无法使用数据库")


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "everything"],
        ["export", "calls", "--format", "xml"],
        ["frobnicate"],
        ["--lang", "fr"],
        ["demo", "--customers", "many"],
    ],
    ids=["no_what", "bad_what", "bad_format", "bad_command", "bad_lang", "bad_number"],
)
def test_bad_usage_exits_2_and_touches_no_database(tmp_path, args):
    result = run(tmp_path, *args, "--db", str(tmp_path / "never.db"))
    assert result.returncode == 2, result.stderr
    assert "usage:" in result.stderr
    assert not (tmp_path / "never.db").exists()
