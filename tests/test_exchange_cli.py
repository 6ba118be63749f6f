"""`callcenter export|import|backup|restore|check` through the real command line."""
from __future__ import annotations

import codecs
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

import db
from callcenter.cli import main
from callcenter.services import backup, customers, demo, staff
from db.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("calls", "customers", "projects", "followups", "complaints", "messages", "staff", "audit")


def cli(tmp_path, *args, stdin=None) -> subprocess.CompletedProcess:
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), LOGNAME="wang", USER="wang", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "callcenter", *args], cwd=ROOT, env=env, capture_output=True,
                          timeout=120, input=stdin)


def run(*args) -> int:
    db.close_database()
    return main(list(args))


def dump(path) -> dict:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f'SELECT * FROM "{table}"').fetchall()
                for table in ("customer", "call", "audit", "staff")}


@pytest.fixture(autouse=True)
def data_folder(tmp_path, monkeypatch) -> Path:
    """The user data folder (backups go there) inside the test's own folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "callcenter"


@pytest.fixture
def _wang_at_the_keyboard(as_os_login):
    """Imports and restores run as the OS login wang, the first desk user (a supervisor)."""
    as_os_login("wang")


@pytest.fixture
def filled(database, clerk, tmp_path, _wang_at_the_keyboard):
    """The fixture's database with a small demo in it; `empty.db` beside it is a copy from before."""
    db.close_database()
    shutil.copyfile(database, tmp_path / "empty.db")
    db.open_database(database)
    demo.fill(30, 200, 1, today=date(2026, 11, 27))
    customers.create(clerk, '=HYPERLINK("http://evil.example","点我")', "", "", "13700001111")
    db.close_database()
    return database


# ---- export: the target is checked before anything is written ---------------------------------


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_onto_the_database_is_refused_and_the_data_stays(filled, capsys, suffix):
    before = dump(filled)
    target = f"{filled}{suffix}"
    assert run("export", "calls", "--db", str(filled), "--format", "csv", "-o", target, "--force") == 1
    assert "不能写到数据库本身" in capsys.readouterr().err
    assert dump(filled) == before and filled.stat().st_size > 0


def test_export_into_a_missing_folder_or_onto_a_folder_or_an_existing_file_is_one_line(filled, tmp_path, capsys):
    for target, words in ((tmp_path / "nope" / "x.csv", "文件夹不存在"), (tmp_path, "是文件夹"),
                          (filled.parent / "callcenter.db-journal", "不能写到数据库本身")):
        code = run("export", "calls", "--db", str(filled), "--format", "csv", "-o", str(target))
        err = capsys.readouterr().err
        assert code == 1 and words in err and len(err.splitlines()) == 1, err
    assert not (tmp_path / "nope").exists()
    existing = tmp_path / "old.csv"
    existing.write_text("keep me")
    assert run("export", "calls", "--db", str(filled), "--format", "csv", "-o", str(existing)) == 1
    assert "--force" in capsys.readouterr().err and existing.read_text() == "keep me"
    assert run("export", "calls", "--db", str(filled), "--format", "csv", "-o", str(existing), "--force") == 0
    assert existing.read_bytes().startswith(codecs.BOM_UTF8)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []  # the temporary file is gone


def test_xlsx_needs_a_file(filled, capsys):
    assert run("export", "calls", "--db", str(filled), "--format", "xlsx") == 1
    assert "-o" in capsys.readouterr().err


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl"])
def test_every_kind_in_every_format(filled, tmp_path, capsys, kind, fmt):
    out = tmp_path / f"{kind}.{fmt}"
    assert run("export", kind, "--db", str(filled), "--format", fmt, "-o", str(out), "--lang", "en") == 0
    rows = int(capsys.readouterr().err.split()[0])
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))) == rows + 1
    elif fmt == "xlsx":
        assert sum(1 for _ in openpyxl.load_workbook(out, read_only=True).active.iter_rows()) == rows + 1
    else:
        assert len(out.read_text("utf-8").splitlines()) == rows
    assert rows > 0


def test_csv_defuses_formulas_and_speaks_the_language(filled, tmp_path, capsys):
    out = tmp_path / "c.csv"
    assert run("export", "customers", "--db", str(filled), "--format", "csv", "-o", str(out)) == 0
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8-sig"), newline="")))
    assert rows[0] == ["姓名", "电话", "地址", "来源"]
    assert ["'=HYPERLINK(\"http://evil.example\",\"点我\")", "13700001111", "", ""] in rows
    raw = tmp_path / "raw.csv"
    assert run("export", "customers", "--db", str(filled), "--format", "csv", "-o", str(raw), "--raw") == 0
    assert '=HYPERLINK("http://evil.example","点我")' in [r[0] for r in csv.reader(io.StringIO(raw.read_text(
        "utf-8-sig"), newline=""))]
    gb = tmp_path / "gb.csv"
    assert run("export", "customers", "--db", str(filled), "--format", "csv", "-o", str(gb),
               "--encoding", "gb18030") == 0
    assert gb.read_bytes().decode("gb18030").startswith("姓名,电话")


def test_stdout_gets_csv_and_json_lines_without_a_bom(filled, tmp_path):
    result = cli(tmp_path, "export", "customers", "--db", str(filled), "--format", "csv", "--lang", "en")
    assert result.returncode == 0 and result.stdout.startswith(b"name,phone,address,source\r\n")
    result = cli(tmp_path, "export", "customers", "--db", str(filled), "--format", "json")  # the old name
    assert result.returncode == 0 and json.loads(result.stdout.splitlines()[0])["name"]


def test_export_reads_a_read_only_backup_and_leaves_it_untouched(filled, tmp_path, capsys):
    copy = tmp_path / "copy.db"
    assert run("backup", "--db", str(filled), "-o", str(copy)) == 0
    os.chmod(copy, 0o444)
    before = copy.read_bytes()
    assert run("export", "customers", "--db", str(copy), "--format", "csv", "-o", str(tmp_path / "c.csv")) == 0
    assert run("check", "--db", str(copy)) == 0
    assert copy.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name) == [
        "copy.db"]


# ---- the round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_export_gives_the_same_files(filled, tmp_path, capsys, fmt):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for kind in KINDS:
        assert run("export", kind, "--db", str(filled), "--format", fmt, "-o", str(first / f"{kind}.{fmt}")) == 0
    new = tmp_path / "empty.db"  # the fixture's database before the demo: only wang, who supervises
    for kind in ("staff", "customers", "projects"):
        code = run("import", kind, "--db", str(new), str(first / f"{kind}.{fmt}"))
        assert code == 0, capsys.readouterr().err
    for kind in ("staff", "customers", "projects"):
        assert run("export", kind, "--db", str(new), "--format", fmt, "-o", str(second / f"{kind}.{fmt}")) == 0
        assert (second / f"{kind}.{fmt}").read_bytes() == (first / f"{kind}.{fmt}").read_bytes(), kind


# ---- import through the command line -----------------------------------------------------------


def test_import_check_and_the_report_limit(database, tmp_path):
    db.close_database()
    lines = ["name,phone"] + [f"客户{i},12" for i in range(150)]
    path = tmp_path / "bad.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    result = cli(tmp_path, "import", "customers", "--db", str(database), str(path), "--check", "--lang", "en")
    err = result.stderr.decode().splitlines()
    assert result.returncode == 1 and len(err) == 101 and err[-1] == "... and 50 more problems"
    assert err[0] == 'line 2, phone "12": this is not a valid phone number; please check it'
    assert result.stdout.decode().strip() == ("checked: 0 rows can be imported, 150 rows have problems; "
                                              "nothing written")


# ---- backup, restore, check --------------------------------------------------------------------


def test_backup_is_verified_and_restore_puts_it_back_keeping_the_current_one(filled, tmp_path, capsys,
                                                                              data_folder):
    copy = tmp_path / "b.db"
    assert run("backup", "--db", str(filled), "-o", str(copy)) == 0
    assert backup.verify(copy) is None
    before = dump(filled)
    with sqlite3.connect(filled) as conn:
        conn.execute("DELETE FROM call")
    db.close_database()
    assert run("restore", "--db", str(filled), str(copy)) == 0
    assert dump(filled)["call"] == before["call"]
    kept = list((data_folder / "backups").glob("before-restore-*.db"))
    assert len(kept) == 1 and str(kept[0]) in capsys.readouterr().err
    with sqlite3.connect(kept[0]) as conn:  # the database as it was just before: no calls
        assert conn.execute("SELECT COUNT(*) FROM call").fetchone()[0] == 0
    assert run("backup", "--db", str(filled)) == 0  # no -o: a dated file in the backups folder
    assert len(list((data_folder / "backups").glob("callcenter-*.db"))) == 1


def test_restore_refuses_what_is_not_a_backup_of_ours(filled, tmp_path, capsys):
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    text = tmp_path / "x.txt"
    text.write_text("hello")
    before = dump(filled)
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    for path, words in ((other, "不是呼叫台的数据库"), (text, "不是 SQLite 数据库"), (tmp_path / "missing.db", "没有这个文件"),
                        (newer, "版本是 99")):
        assert run("restore", "--db", str(filled), str(path)) == 1
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and words in err
    assert dump(filled) == before


def test_restore_refuses_while_a_desk_holds_the_database(filled, tmp_path, capsys):
    copy = tmp_path / "b.db"
    assert run("backup", "--db", str(filled), "-o", str(copy)) == 0
    db.close_database()
    holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                               "c.execute('SELECT COUNT(*) FROM call').fetchall(); print('open', flush=True); "
                               "sys.stdin.read()", str(filled)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert run("restore", "--db", str(filled), str(copy)) == 1
        assert "还有客服台在使用" in capsys.readouterr().err
    finally:
        holder.communicate("", timeout=10)


def test_check_says_one_line_each_and_fails_on_a_problem(filled, capsys):
    assert run("check", "--db", str(filled), "--lang", "en") == 0
    version = f"{SCHEMA_VERSION}/{SCHEMA_VERSION}"
    assert capsys.readouterr().out.splitlines() == ["integrity: ok", "foreign keys: ok", f"schema version: ok {version}",
                                                    "audit trail: the chain holds"]
    with sqlite3.connect(filled) as conn:
        conn.execute("INSERT INTO call (started_at, ended_at, direction, channel, phone_raw, clerk_id, category, notes,"
                     " checklist, checklist_ticked, checklist_total, hold_seconds, promotions)"
                     " VALUES (0, 0, 'in', 'phone', '', 9999, '', '', '{}', 0, 0, 0, '[]')")
    assert run("check", "--db", str(filled), "--lang", "en") == 1
    assert capsys.readouterr().out.splitlines()[1] == "foreign keys: broken references 1: call"


def test_the_daily_backup_is_written_once_a_day_and_the_last_ones_are_kept(filled, tmp_path):
    db.open_database(filled)
    folder = tmp_path / "backups"
    for day in range(1, 5):
        (folder / f"daily-2026-11-0{day}.db").parent.mkdir(exist_ok=True)
        (folder / f"daily-2026-11-0{day}.db").write_bytes(b"old")
    written = backup.daily(keep=3, folder=folder)
    assert written is not None and backup.verify(written) is None
    assert backup.daily(keep=3, folder=folder) is None  # once a day
    assert sorted(p.name for p in folder.iterdir()) == ["daily-2026-11-03.db", "daily-2026-11-04.db", written.name]


# ---- progress ----------------------------------------------------------------------------------


def stderr_on_a_terminal(tmp_path, *args) -> tuple[int, bytes]:
    import pty

    master, slave = pty.openpty()
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), PYTHONPATH=str(ROOT),
               TERM="xterm-256color", COLUMNS="80")
    child = subprocess.Popen([sys.executable, "-m", "callcenter", *args, "--lang", "en"], cwd=ROOT, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return child.wait(timeout=60), seen


@pytest.mark.parametrize("command", [("export", "calls", "--format", "xlsx", "-o", "{tmp}/c.xlsx"),
                                     ("import", "customers", "{tmp}/c.csv"), ("backup", "-o", "{tmp}/b.db")])
def test_long_commands_show_a_progress_bar_on_a_terminal_only(filled, clerk, os_user, tmp_path, command):
    db.open_database(filled)  # the child is the OS user: a supervisor, as importing needs
    staff.add(clerk, staff.PersonFields(os_user, "clerk", login=os_user, is_supervisor=True))
    assert run("export", "customers", "--db", str(filled), "--format", "csv", "-o", str(tmp_path / "c.csv")) == 0
    db.close_database()
    args = [part.format(tmp=tmp_path) for part in command]
    code, seen = stderr_on_a_terminal(tmp_path, *args, "--db", str(filled))
    label = {"export": b"Exporting", "import": b"Importing", "backup": b"Backing up"}[command[0]]
    assert code == 0 and label in seen and b"\x1b[" in seen
    piped = cli(tmp_path, *args[:-1], args[-1] + ".again" if command[0] != "import" else args[-1],
                "--db", str(filled), "--lang", "en")
    assert piped.returncode == 0 and label not in piped.stderr and b"\x1b" not in piped.stderr


def test_writing_to_a_device_is_no_file_to_replace(filled, capsys):
    assert run("export", "calls", "--db", str(filled), "--format", "csv", "-o", os.devnull) == 0
    assert Path(os.devnull).is_char_device()


def test_a_damaged_backup_is_refused_by_restore(filled, tmp_path, capsys):
    copy = tmp_path / "b.db"
    assert run("backup", "--db", str(filled), "-o", str(copy)) == 0
    with sqlite3.connect(copy) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'customer'").fetchone()[0]
    conn.close()
    data = bytearray(copy.read_bytes())
    size = int.from_bytes(data[16:18], "big")
    start = (root - 1) * size
    data[start:start + 12] = b"\x0d\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"  # the table's root page scribbled over
    copy.write_bytes(bytes(data))
    assert backup.verify(copy, thorough=True) is not None
    before = dump(filled)
    assert run("restore", "--db", str(filled), str(copy)) == 1
    assert "数据库文件已损坏" in capsys.readouterr().err and dump(filled) == before


def test_a_read_only_copy_in_a_folder_with_an_awkward_name_is_still_guarded(filled, tmp_path, capsys):
    folder = tmp_path / "备份 2026#1"
    folder.mkdir()
    copy = folder / "副本 1.db"
    assert run("backup", "--db", str(filled), "-o", str(copy)) == 0
    os.chmod(copy, 0o444)
    assert run("export", "calls", "--db", str(copy), "--format", "csv", "-o", str(copy), "--force") == 1
    assert "不能写到数据库本身" in capsys.readouterr().err


def test_an_xlsx_cell_cut_to_excels_limit_is_said_on_stderr(filled, tmp_path, capsys):
    with sqlite3.connect(filled) as conn:
        conn.execute("INSERT INTO audit (at, actor, entity, entity_id, action, before, after) "
                     "VALUES (0, 'wang', 'setting', 'script', 'update', NULL, ?)", ("长" * 40_000,))
    out = tmp_path / "audit.xlsx"
    assert run("export", "audit", "--db", str(filled), "--format", "xlsx", "-o", str(out), "--lang", "en") == 0
    assert capsys.readouterr().err.splitlines()[-1].startswith("1 cells were longer than Excel's 32,767")
    assert run("export", "audit", "--db", str(filled), "--format", "csv", "-o", str(tmp_path / "a.csv")) == 0
    assert "长" * 40_000 in (tmp_path / "a.csv").read_text("utf-8-sig")  # CSV holds it whole


def test_the_demo_shows_its_progress_on_a_terminal(tmp_path):
    code, seen = stderr_on_a_terminal(tmp_path, "demo", "--db", str(tmp_path / "demo.db"), "--customers", "20",
                                      "--calls", "300")
    assert code == 0 and b"Making demo calls" in seen
