"""The command line refuses what it cannot mean: a database that is not there (only `init`,
`demo` and `--demo` make one), an --at that is no time, an escalation dated in the future; and
it tells what is wrong in the clerk's config.toml, then carries on."""
from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import db
from callcenter import cli
from callcenter.rules.clock import now_utc
from callcenter.services import customers, followups

ROOT = Path(__file__).resolve().parent.parent
ZONE = "Asia/Shanghai"


@pytest.fixture(autouse=True)
def _own_home(tmp_path, monkeypatch):
    """No user config or $CALLCENTER_DB of the machine's: each test has its own."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CALLCENTER_DB", raising=False)


def run(capsys, *args: str) -> tuple[int, str, list[str]]:
    """`callcenter ARGS` in this process: (exit code, stdout, stderr lines)."""
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


COMMANDS = [
    [],  # the desk
    ["export", "calls"],
    ["followups"],
    ["complaints"],
    ["complaints", "--escalate"],
    ["complaints", "--escalate", "--at", "2026-01-01"],
    ["import", "projects", "projects.csv"],
]
COMMAND_IDS = ["desk", "export", "followups", "complaints", "escalate", "escalate_at", "import"]


@pytest.mark.parametrize("command", COMMANDS, ids=COMMAND_IDS)
def test_no_database_is_one_line_naming_init_and_nothing_is_made(tmp_path, capsys, command):
    for path in (tmp_path / "typo.db", tmp_path / "no" / "such" / "folder" / "calls.db"):
        code, out, err = run(capsys, *command, "--db", str(path))
        assert (code, out) == (1, "")
        assert err == [f"错误：没有数据库：{path}（新建请用 callcenter init）"]
    assert listing(tmp_path) == ["config"] or listing(tmp_path) == []  # no typo.db, -wal, -shm or folder
    assert not (tmp_path / "no").exists()
    code, _, err = run(capsys, *command, "--db", str(tmp_path / "typo.db"), "--lang", "en")
    assert code == 1 and err == [f"error: no database at {tmp_path / 'typo.db'} (callcenter init creates one)"]


def test_the_default_database_is_not_made_either(tmp_path, capsys):
    code, _, err = run(capsys, "followups")
    assert code == 1 and len(err) == 1 and "callcenter init" in err[0]
    assert not (tmp_path / "data").exists()


def test_an_empty_file_or_a_foreign_sqlite_file_is_no_database_and_is_left_alone(tmp_path, capsys):
    empty = tmp_path / "empty.db"
    empty.touch()
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as con:
        con.execute("CREATE TABLE notes (x)")
    before = foreign.read_bytes()
    for path in (empty, foreign):
        code, _, err = run(capsys, "complaints", "--escalate", "--db", str(path))
        assert code == 1 and len(err) == 1 and "callcenter init" in err[0]
    assert empty.read_bytes() == b"" and foreign.read_bytes() == before
    assert listing(tmp_path) == ["empty.db", "foreign.db"]


def test_a_url_password_never_shows(capsys):
    code, out, err = run(capsys, "export", "calls", "--db", "postgresql://desk:s3cret-pw@127.0.0.1:1/calls")
    assert code == 1 and out == "" and len(err) == 1
    assert "s3cret-pw" not in err[0] and "postgresql://desk:***@127.0.0.1:1/calls" in err[0]


@pytest.mark.parametrize("spec, shown", [
    ("postgresql://desk:pw@host/db", "postgresql://desk:***@host/db"),
    ("postgresql://desk:p%40w@host:5432/db?sslmode=require", "postgresql://desk:***@host:5432/db?sslmode=require"),
    ("postgresql://desk@host/db", "postgresql://desk@host/db"),
    ("/srv/calls.db", "/srv/calls.db"),
])
def test_shown_masks_only_the_password(spec, shown):
    assert db.shown(spec) == shown


# ---- init -------------------------------------------------------------------------------------


def test_init_makes_a_database_whose_first_desk_user_is_the_supervisor(tmp_path, capsys):
    path = tmp_path / "new" / "calls.db"
    code, out, err = run(capsys, "init", "--db", str(path), "--supervisor", "李秀英", "--login", "lixy")
    assert (code, err) == (0, [])
    assert out == f"已建立数据库 {path}，首位主管：李秀英（登录名 lixy）\n"
    db.close_database()
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT login, name, role, is_supervisor FROM staff").fetchall() == [
            ("lixy", "李秀英", "clerk", 1)]
        assert con.execute("SELECT actor, entity, action FROM audit").fetchall() == [("lixy", "staff", "create")]
    from callcenter.services import staff
    from callcenter.services.errors import Refused

    db.open_database(path)
    with pytest.raises(Refused) as caught:  # the desk's first user is no longer added, let alone supervising
        staff.sign_in("wang")
    assert caught.value.code == "staff.not_in_directory"
    assert staff.sign_in("lixy").is_supervisor


def test_init_refuses_an_existing_database_and_leaves_it_as_it_is(database, capsys):
    before = database.read_bytes()
    code, out, err = run(capsys, "init", "--db", str(database), "--supervisor", "李秀英", "--login", "lixy")
    assert (code, out) == (1, "") and err == [f"错误：数据库已存在，不会覆盖：{database}"]
    assert database.read_bytes() == before


@pytest.mark.parametrize("args, code, line", [
    (["--login", "lixy"], 2, "callcenter init: 错误：请给出 --supervisor 姓名 和 --login 登录名"),
    (["--supervisor", "李秀英"], 2, "callcenter init: 错误：请给出 --supervisor 姓名 和 --login 登录名"),
    (["--supervisor", " ", "--login", "lixy"], 1, "错误：请填写主管姓名"),
    (["--supervisor", "李秀英", "--login", " "], 1, "错误：登录名不能为空，最多 40 个字"),
], ids=["no_supervisor", "no_login", "blank_name", "blank_login"])
def test_init_without_a_terminal_refuses_what_is_missing_in_one_line(tmp_path, capsys, monkeypatch, args, code,
                                                                     line):
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 - closed with the test
    result = run(capsys, "init", "--db", str(tmp_path / "calls.db"), *args)
    assert result == (code, "", [line])
    assert listing(tmp_path) == []


def test_init_on_a_terminal_asks_for_what_is_missing(tmp_path):
    path = tmp_path / "calls.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path / "config"), PYTHONIOENCODING="utf-8")
    primary, secondary = pty.openpty()
    with os.fdopen(primary, "wb", buffering=0) as terminal:
        child = subprocess.Popen([sys.executable, "-m", "callcenter", "init", "--db", str(path), "--lang", "en"],
                                 cwd=ROOT, env=env, stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, encoding="utf-8")
        os.close(secondary)
        terminal.write("王主管\nwangzg\n".encode())
        out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    assert out == (f"Supervisor's name: Supervisor's login: database created at {path}; "
                   f"first supervisor: 王主管 (login wangzg)\n")
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT login, name, is_supervisor FROM staff").fetchall() == [("wangzg", "王主管", 1)]


def test_demo_still_makes_its_database(tmp_path, capsys):
    path = tmp_path / "demo" / "demo.db"
    code, out, err = run(capsys, "demo", "--db", str(path), "--customers", "3", "--calls", "5")
    assert code == 0 and err == [] and out.startswith("已生成演示数据：3 位客户，5 条来电")


# ---- --at ---------------------------------------------------------------------------------------


def test_at_reads_what_the_desk_reads_besides_iso(database, clerk):
    now = now_utc()
    zone = ZoneInfo(ZONE)
    tomorrow = (now.astimezone(zone) + timedelta(days=1)).date()
    assert cli._moment("明天 10:00", ZONE) == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 10,
                                                       tzinfo=zone).astimezone(timezone.utc)
    assert cli._moment("tomorrow 9:30", ZONE) == datetime(tomorrow.year, tomorrow.month, tomorrow.day, 9, 30,
                                                          tzinfo=zone).astimezone(timezone.utc)
    assert abs(cli._moment("+3h", ZONE) - (now + timedelta(hours=3))) < timedelta(minutes=2)
    assert cli._moment("2026-03-06", ZONE) == datetime(2026, 3, 5, 16, tzinfo=timezone.utc)
    assert cli._moment("2026-03-06T10:00+00:00", ZONE) == datetime(2026, 3, 6, 10, tzinfo=timezone.utc)


def test_at_in_words_moves_the_listing(database, clerk, capsys):
    customer = customers.create(clerk, "张三", "", "广告", "138 1234 5678")
    with db.writing():
        followups.insert_manual(clerk, customer, followups.ManualDraft(now_utc() + timedelta(hours=2), "回电"))
    db.close_database()
    overdue = {}
    for at in ("+1h", "+3h", "in 3 hours", "3小时后"):
        code, out, err = run(capsys, "followups", "--db", str(database), "--format", "json", "--at", at)
        assert (code, err) == (0, [])
        overdue[at] = [json.loads(line)["overdue"] for line in out.splitlines()]
    assert overdue == {"+1h": [False], "+3h": [True], "in 3 hours": [True], "3小时后": [True]}


@pytest.mark.parametrize("command", [["followups"], ["complaints"], ["complaints", "--escalate"]],
                         ids=["followups", "complaints", "escalate"])
def test_a_bad_at_is_bad_usage_in_one_line(database, capsys, command):
    code, out, err = run(capsys, *command, "--db", str(database), "--at", "someday\x1b[2J")
    assert (code, out) == (2, "")
    assert err == [f"callcenter {command[0]}: 错误：--at someday␛[2J：看不懂这个时间：可以写 +3h、明天 10:00、"
                   "下周三 15:00、2026-12-01 14:30"]


# ---- escalation -------------------------------------------------------------------------------


@pytest.mark.parametrize("at", ["+3h", "明天 10:00", (now_utc() + timedelta(days=2)).isoformat()],
                         ids=["offset", "words", "iso"])
def test_escalating_at_a_future_moment_is_refused_and_writes_nothing(database, clerk, capsys, at, as_os_login):
    as_os_login("wang")  # a supervisor: refused for the time, not the person
    before = database.read_bytes()
    code, out, err = run(capsys, "complaints", "--escalate", "--db", str(database), "--at", at, "--lang", "en")
    assert (code, out) == (1, "")
    assert err == ["error: cannot escalate at a time later than now: the escalations would be written into the "
                   "live database"]
    db.close_database()
    assert database.read_bytes() == before


# ---- config.toml ------------------------------------------------------------------------------


def test_config_problems_are_told_one_line_each_and_the_command_carries_on(database, tmp_path, capsys):
    folder = tmp_path / "config" / "callcenter"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('language = "english"\ncursor_blinks = true\n', encoding="utf-8")
    code, out, err = run(capsys, "followups", "--db", str(database))
    assert code == 0 and out.endswith("共 0 条待办回访，其中逾期 0 条\n")  # Chinese: the default language
    path = folder / "config.toml"
    assert err == [f"警告：个人设置文件 {path}：没有 cursor_blinks 这项设置，已忽略",
                   f'警告：个人设置文件 {path}：language = "english" 无效（应为 zh | en），已用默认值']
    code, _, err = run(capsys, "followups", "--db", str(database), "--lang", "en")
    assert code == 0 and err[1] == (f'warning: the settings file {path}: language = "english" is not valid '
                                    f"(expected zh | en); the default is used")


def test_init_refuses_a_folder_and_a_sqlite_url_to_an_existing_database(database, tmp_path, capsys):
    code, _, err = run(capsys, "init", "--db", str(tmp_path), "--supervisor", "李秀英", "--login", "lixy")
    assert code == 1 and err == [f"错误：不是 SQLite 数据库：{tmp_path}"]
    code, _, err = run(capsys, "init", "--db", f"sqlite:///{database}", "--supervisor", "李秀英", "--login", "lixy")
    assert code == 1 and err == [f"错误：数据库已存在，不会覆盖：sqlite:///{database}"]


def test_init_through_a_url_makes_the_database_once(tmp_path, capsys):
    """A URL names no file to look at: the schema version says whether the database is new."""
    url = f"sqlite+pool:///{tmp_path / 'url.db'}"
    code, out, err = run(capsys, "init", "--db", url, "--supervisor", "李秀英", "--login", "lixy")
    assert (code, err) == (0, []) and out.startswith(f"已建立数据库 {url}")
    code, _, err = run(capsys, "init", "--db", url, "--supervisor", "王主管", "--login", "wangzg")
    assert code == 1 and err == [f"错误：数据库已存在，不会覆盖：{url}"]
    db.close_database()
    with sqlite3.connect(tmp_path / "url.db") as con:
        assert con.execute("SELECT login FROM staff").fetchall() == [("lixy",)]


def test_a_database_locked_past_the_busy_timeout_is_one_line_not_a_traceback(tmp_path, capsys, monkeypatch):
    """Another desk's long write: the command says the database is busy and exits 1."""
    import sqlite3

    from callcenter.cli import main
    from db import connection

    path = tmp_path / "busy.db"
    assert main(["demo", "--db", str(path), "--customers", "20", "--calls", "50"]) == 0
    db.close_database()
    monkeypatch.setitem(connection.PRAGMAS, "busy_timeout", 200)
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        capsys.readouterr()
        code = main(["complaints", "--db", str(path), "--escalate", "--lang", "en"])
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert code == 1 and "busy" in err and "Traceback" not in err and len(err.splitlines()) == 1
