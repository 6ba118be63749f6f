"""What only a server has: roles it enforces, moving a file's records over, the ways a server
refuses (down, wrong login, another program's database, a newer schema), and a dropped link.

Every test here needs the throw-away server (tests/pg.py); without one they are skipped.
"""
from __future__ import annotations

import pytest

import db
from callcenter.cli import main
from callcenter.rules.clock import now_utc
from callcenter.services import calls, staff
from callcenter.services.calls import CallDraft
from callcenter.services.errors import trouble
from db import engine
from db.schema import SCHEMA_VERSION
from tests import raw


@pytest.fixture
def engine_name() -> str:
    return "postgres"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    db.close_database()
    out, err = capsys.readouterr()
    return code, out, err


def name_of(url: str) -> str:
    return url.split("/")[3].split("?")[0]


def test_init_makes_the_schema_and_roles_and_the_desk_cannot_touch_the_audit(server, capsys):
    url = server.empty()
    code, out, err = run(capsys, "init", "--db", url, "--supervisor", "王主管", "--login", "wang", "--lang", "en")
    assert (code, err) == (0, "")
    assert "first supervisor: 王主管" in out
    owner, desk = f"{name_of(url)}_owner", f"{name_of(url)}_desk"
    assert raw.rows(url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert raw.rows(url, "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'") == [(owner,)]
    server.sql(f'CREATE ROLE clerk_li LOGIN IN ROLE "{desk}"')
    clerk = server.url(name_of(url), user="clerk_li")

    db.open_database(url)  # the supervisor adds a clerk to the directory
    staff.add(staff.sign_in("wang"), staff.PersonFields("李", "clerk", login="li"))
    db.close_database()
    audited = raw.rows(clerk, "SELECT COUNT(*) FROM audit")[0][0]

    # The desk role works the desk: opens the database, signs in, saves, writes the audit trail...
    db.open_database(clerk)
    li = staff.sign_in("li")
    assert not li.is_supervisor
    calls.save(li, CallDraft(started_at=now_utc(), ended_at=now_utc(), phone_text="13800138000", category="咨询"))
    db.close_database()
    assert raw.rows(clerk, "SELECT COUNT(*) FROM audit")[0][0] > audited
    # ...but the server refuses it changing or deleting the trail, the schema version or the schema.
    import psycopg

    for statement in ("DELETE FROM audit", "UPDATE audit SET actor = 'x'", "TRUNCATE audit",
                      "UPDATE schema_version SET version = 1", "DROP TABLE call", "CREATE TABLE mine (x int)",
                      "ALTER TABLE call ADD COLUMN x int"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            raw.rows(clerk, statement)
    # The owner may migrate: it owns the tables.
    server.sql(f'CREATE ROLE migrator LOGIN IN ROLE "{owner}"')
    raw.rows(server.url(name_of(url), user="migrator"), "SET ROLE " + owner + "; ALTER TABLE call ADD COLUMN x int")


def test_init_refuses_a_database_that_has_ours_or_another_programs(server, capsys):
    url = server.empty()
    assert run(capsys, "init", "--db", url, "--supervisor", "王", "--login", "wang")[0] == 0
    code, out, err = run(capsys, "init", "--db", url, "--supervisor", "李", "--login", "li", "--lang", "en")
    assert (code, out) == (1, "")
    assert err.startswith("error: a database already exists at postgresql://postgres@/")
    other = server.empty()
    raw.rows(other, "CREATE TABLE invoices (n int)")
    code, out, err = run(capsys, "init", "--db", other, "--supervisor", "李", "--login", "li", "--lang", "en")
    assert (code, out) == (1, "")
    assert err.startswith("error: this database belongs to another program")
    assert raw.rows(other, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [("invoices",)]


@pytest.mark.parametrize(("make", "message"), [
    (lambda s: s.url("nowhere"), "the server has no such database"),
    (lambda s: s.url("postgres", user="nobody_here:s3cret"), "the database server refused the login"),
    (lambda s: s.url("postgres", user="with_password:s3cret"), "the database server refused the login"),
    (lambda s: "postgresql://x:s3cret@/postgres?host=/nonexistent/folder", "cannot reach the database server"),
    (lambda s: "postgresql://x:s3cret@no-such-host.invalid/postgres", "cannot reach the database server"),
], ids=["no_database", "no_such_user", "wrong_password", "server_down", "wrong_host"])
def test_a_server_that_cannot_be_used_is_one_line_without_the_password(server, capsys, make, message):
    server.sql("DO $$ BEGIN CREATE ROLE with_password LOGIN PASSWORD 'right'; "
               "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    code, out, err = run(capsys, "followups", "--db", make(server), "--lang", "en")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {message}") and err.count("\n") == 1
    assert "s3cret" not in err


def test_a_newer_schema_and_another_programs_tables_are_refused(database, server, capsys):
    other = server.empty()
    raw.rows(other, "CREATE TABLE invoices (n int)")
    assert run(capsys, "followups", "--db", other, "--lang", "en")[2].startswith(
        "error: this database belongs to another program")
    raw.rows(database, f"UPDATE schema_version SET version = {SCHEMA_VERSION + 1}")
    code, out, err = run(capsys, "followups", "--db", database, "--lang", "en")
    assert (code, out) == (1, "")
    assert err == (f"error: the database schema {SCHEMA_VERSION + 1} is newer than this program knows "
                   f"({SCHEMA_VERSION}); upgrade the program\n")


def test_a_dropped_link_is_try_again_and_the_next_try_works(database, server):
    db.open_database(database)
    staff.add(staff.sign_in("wang"), staff.PersonFields("李", "clerk", login="li"))
    with pytest.raises(Exception) as failed, db.reading():  # the server restarts mid-query
        server.sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                   "pg_backend_pid()", params=(name_of(database),))
        staff.sign_in("li")
    assert trouble(failed.value) == "db.unreachable_retry"
    from callcenter.ui import backend

    assert backend.describe(failed.value) == ("连不上数据库服务器，请稍后再试；您填写的内容都还在", "warning")  # the desk's line
    assert not staff.sign_in("li").is_supervisor  # the pool gives a new connection: the desk goes on
    assert engine.is_server(db.database)


def test_copy_moves_a_demo_file_to_the_server_ids_and_all(tmp_path, server, capsys):
    path = tmp_path / "office.db"
    assert run(capsys, "demo", "--db", str(path), "--customers", "200", "--calls", "2000")[0] == 0
    url = server.empty()
    code, out, err = run(capsys, "copy", "--from", str(path), "--to", url, "--lang", "en")
    assert (code, err) == (0, "")
    assert "counts checked" in out
    tables = [row[0] for row in raw.rows(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                               "AND name NOT LIKE 'sqlite%'")]
    for table in tables:
        count = f'SELECT COUNT(*) FROM "{table}"'
        assert raw.rows(url, count) == raw.rows(path, count), table
    for sql in ("SELECT id, name, phone_e164, created_at FROM customer ORDER BY id LIMIT 5",
                "SELECT id, customer_id, clerk_id, started_at, notes FROM call ORDER BY id DESC LIMIT 5",
                "SELECT id, status, escalation_level, deadline_at FROM complaint ORDER BY id LIMIT 5",
                "SELECT key, value FROM setting ORDER BY key"):
        assert raw.rows(url, sql) == raw.rows(path, sql)
    assert raw.rows(url, "SELECT COUNT(*) FROM call") == [(2000,)]
    # And back: the server's records into a new file, the same again.
    back = tmp_path / "back.db"
    assert run(capsys, "copy", "--from", url, "--to", str(back))[0] == 0
    for sql in ("SELECT * FROM complaint ORDER BY id", "SELECT * FROM calendar_day", "SELECT * FROM praise ORDER BY id"):
        assert raw.rows(back, sql) == raw.rows(path, sql)
    # The sequences follow: the next call saved on the server gets the next id.
    db.open_database(url)
    assert calls.save(staff.sign_in("wang"), CallDraft(started_at=now_utc(), ended_at=now_utc(),
                                                                category="咨询", no_caller_id=True)) == 2001

    # Copying again refuses the target that now holds records, and writes nothing.
    db.close_database()
    code, out, err = run(capsys, "copy", "--from", str(path), "--to", url, "--lang", "en")
    assert (code, out) == (1, "")
    assert err.startswith("error: the target database already holds records")
    assert raw.rows(url, "SELECT COUNT(*) FROM call") == [(2001,)]


def test_demo_and_export_on_the_server(server, capsys):
    url = server.empty()
    assert run(capsys, "demo", "--db", url, "--customers", "50", "--calls", "300")[0] == 0
    assert raw.rows(url, "SELECT COUNT(*) FROM call") == [(300,)]
    code, out, err = run(capsys, "export", "calls", "--db", url, "--format", "json")
    assert (code, err, len(out.splitlines())) == (0, "", 300)
    code, out, err = run(capsys, "demo", "--db", url, "--customers", "5", "--calls", "5", "--lang", "en")
    assert (code, out) == (1, "")
    assert err.startswith("error: the target database already holds records")


def test_init_refuses_a_collation_that_would_sort_otherwise(server, capsys):
    server.sql("CREATE DATABASE english TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'")
    code, out, err = run(capsys, "init", "--db", server.url("english"), "--supervisor", "王", "--login", "wang",
                         "--lang", "en")
    assert (code, out) == (1, "")
    assert err == ("error: the database's collation is ICU; it must be C.UTF-8: "
                   "createdb --locale=C.UTF-8 --template=template0\n")
    assert raw.rows(server.url("english"), "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_an_upgrade_is_the_owners_and_what_it_makes_reaches_the_desk(server, capsys):
    url = server.empty()
    assert run(capsys, "init", "--db", url, "--supervisor", "王", "--login", "wang")[0] == 0
    name = name_of(url)
    server.sql(f'CREATE ROLE clerk_zhao LOGIN IN ROLE "{name}_desk"')
    server.sql(f'CREATE ROLE boss_qian LOGIN IN ROLE "{name}_owner"')
    # As if the database were three versions older: without what the directory's upgrade, the
    # passwords' and the audit chain's add.
    older = SCHEMA_VERSION - 3
    raw.rows(url, "DROP TABLE customer_alias; DROP TABLE database_mark; DROP INDEX customer_name; "
                  "ALTER TABLE staff DROP COLUMN phone; ALTER TABLE customer DROP COLUMN salutation; "
                  "DROP TABLE credential; ALTER TABLE audit DROP COLUMN chain; "
                  f"UPDATE schema_version SET version = {older}")
    clerk, boss = server.url(name, user="clerk_zhao"), server.url(name, user="boss_qian")
    code, out, err = run(capsys, "followups", "--db", clerk, "--lang", "en")
    assert (code, out) == (1, "")
    assert err == (f"error: the database schema {older} needs the upgrade to {SCHEMA_VERSION}, "
                   "which only a member of its owner role may run\n")
    assert raw.rows(url, "SELECT version FROM schema_version") == [(older,)]
    assert run(capsys, "followups", "--db", boss)[0] == 0
    assert raw.rows(url, "SELECT version FROM schema_version") == [(SCHEMA_VERSION,)]
    assert raw.rows(url, "SELECT tableowner FROM pg_tables WHERE tablename = 'customer_alias'") == [(f"{name}_owner",)]
    assert run(capsys, "staff", "list", "--db", clerk)[0] == 0  # the desk reads the new column
    assert raw.rows(clerk, "SELECT COUNT(*) FROM customer_alias") == [(0,)]
    # The trail was chained by the upgrade; the desk may seal its rows but change nothing else.
    assert raw.rows(clerk, "SELECT COUNT(*) FROM audit WHERE chain IS NULL") == [(0,)]
    with pytest.raises(Exception, match="permission denied"):
        raw.rows(clerk, "UPDATE audit SET actor = 'someone'")


@pytest.mark.parametrize("argv", [
    ["attendance", "--month", "2026-10", "--format", "json"],
    ["ledger", "--month", "2026-10", "--format", "json"],
    ["report", "--month", "2026-10", "--format", "json"],
    ["staff", "list", "--format", "json"],
    ["calendar", "show", "--from", "2026-10-01", "--to", "2026-10-07", "--format", "json"],
    ["export", "projects", "--format", "jsonl"],
    ["check"],
])
def test_every_reading_command_works_on_a_server(server, capsys, argv):
    url = server.empty()
    assert run(capsys, "init", "--db", url, "--supervisor", "王", "--login", "wang")[0] == 0
    code, out, err = run(capsys, *argv, "--db", url, "--lang", "en")
    assert (code, err) == (0, ""), err


def test_a_server_is_backed_up_on_the_server_said_in_one_line(server, capsys, tmp_path):
    url = server.empty()
    assert run(capsys, "init", "--db", url, "--supervisor", "王", "--login", "wang")[0] == 0
    code, out, err = run(capsys, "backup", "--db", url, "-o", str(tmp_path / "copy.db"), "--lang", "en")
    assert (code, out) == (1, "") and "pg_dump" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "copy.db").exists()
    (tmp_path / "old.db").write_bytes(b"")
    code, out, err = run(capsys, "restore", str(tmp_path / "old.db"), "--db", url, "--lang", "en")
    assert (code, out) == (1, "") and "pg_restore" in err


def test_every_import_works_on_a_server(server, capsys, tmp_path, as_os_login):
    as_os_login("wang")  # the supervisor init makes: who imports comes from the OS login
    url = server.empty()
    assert run(capsys, "init", "--db", url, "--supervisor", "王", "--login", "wang")[0] == 0
    files = {
        "staff": "name,role,department,phone,login\n陈思远,设计师,设计部,13812345678,\n张伟,客服,客服部,,zhangw\n",
        "customers": "name,phone,address,source\n周伟涛,13912340000,正阳县,广告\n",
        "projects": "customer,phone,address,designer,handover_at\n周伟涛,13912340000,正阳县,陈思远,2026-10-08 10:00\n",
        "contracts": "customer,phone,address,designer,signed_on,amount,deposit\n"
                     "周伟涛,13912340000,正阳县,陈思远,2026-10-09,\"12,800.00\",¥2000\n",
        "punches": "姓名,打卡时间\n张伟,2026/10/8 8:03\n张伟,2026/10/8 17:31\n",
    }
    for kind, text in files.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        code, out, err = run(capsys, "import", kind, str(path), "--db", url, "--lang", "en")
        assert (code, err) == (0, ""), (kind, err)
    code, out, _ = run(capsys, "ledger", "--month", "2026-10", "--db", url, "--format", "json")
    assert code == 0 and '"total": "12800.00"' in out
    code, out, _ = run(capsys, "attendance", "--month", "2026-10", "--db", url, "--format", "json")
    assert code == 0 and "张伟" in out
