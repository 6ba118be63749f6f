"""Who is at the desk and the command line: the OS login, or a staff login and password on an OS
account several people share; --agent only on a demo database; writing commands need their role."""
from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

import db
from callcenter import cli
from callcenter.rules import passwords
from callcenter.rules.text import comparable
from callcenter.services import settings as settings_service
from callcenter.services import signin, staff
from callcenter.services.errors import Refused

PASSWORD = "前台-correct-horse"


def run(capsys, *args: str) -> tuple[int, str, list[str]]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def trail(path, action: str | None = None) -> list[tuple]:
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT actor, entity, entity_id, action, after FROM audit ORDER BY id").fetchall()
    return [row for row in rows if action is None or row[3] == action]


def credential(path) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT digest, salt, failures, locked_until FROM credential").fetchall()


@pytest.fixture
def shared(database, clerk, desk_user):
    """The front-desk PC's OS account `front` is shared; li (a clerk) has a password."""
    settings_service.save(clerk, "shared_logins", ["front"])
    li = desk_user("li")
    signin.set_password(clerk, "li", PASSWORD)
    return li


@pytest.mark.parametrize("text, kept", [
    ("wang", "wang"), (" ｗａｎｇ ", "wang"), ("王\u200b芳", None), ("王芳\u202e", None), ("\u2066li", None),
    ("Ｌｉ Ｘｉｕｙｉｎｇ", "Li Xiuying"), ("\ufeffzhang", None),
])
def test_names_and_logins_are_compared_folded_and_invisible_characters_refused(text, kept):
    assert comparable(text) == kept


def test_a_look_alike_login_is_the_same_login_and_cannot_be_added_twice(clerk):
    with pytest.raises(Refused) as caught:
        staff.add(clerk, staff.PersonFields("另一个王", "clerk", login="ｗａｎｇ"))
    assert caught.value.code == "staff.duplicate_login"
    with pytest.raises(Refused) as caught:
        staff.add(clerk, staff.PersonFields("王\u200d芳", "clerk"))
    assert caught.value.code == "staff.invisible"


def test_the_password_is_kept_as_a_salted_scrypt_digest(database, shared):
    [(digest, salt, failures, locked)] = credential(database)
    assert PASSWORD not in digest and len(bytes.fromhex(salt)) == passwords.SALT_BYTES
    assert bytes.fromhex(digest) == passwords.digest(PASSWORD, bytes.fromhex(salt))
    assert (failures, locked) == (0, None)
    assert signin.with_password("li", PASSWORD, by="front").login == "li"


def test_five_wrong_passwords_lock_the_login_for_five_minutes_each_one_audited(database, shared, monkeypatch):
    for left in (4, 3, 2, 1):
        with pytest.raises(Refused) as caught:
            signin.with_password("li", "wrong-password", by="front")
        assert (caught.value.code, caught.value.params["left"]) == ("signin.wrong_password", left)
    with pytest.raises(Refused) as caught:
        signin.with_password("li", "wrong-password", by="front")
    assert caught.value.code == "signin.locked_now"
    with pytest.raises(Refused) as caught:  # even the right one, while locked
        signin.with_password("li", PASSWORD, by="front")
    assert (caught.value.code, caught.value.params["minutes"]) == ("signin.locked", 5)
    refused = trail(database, "refused")
    assert len(refused) == 6 and {row[0] for row in refused} == {"front"} and {row[2] for row in refused} == {"li"}
    later = signin.now_utc() + timedelta(minutes=5, seconds=1)
    monkeypatch.setattr(signin, "now_utc", lambda: later)
    assert signin.with_password("li", PASSWORD, by="front").login == "li"
    assert credential(database)[0][2:] == (0, None)


@pytest.mark.parametrize("login, password, code", [
    ("ghost", PASSWORD, "signin.unknown_login"),
    ("wang", PASSWORD, "signin.no_password"),  # a desk user without a password yet
    ("li", "", "signin.wrong_password"),
])
def test_a_refused_sign_in_is_one_refusal_and_one_audit_row(database, shared, login, password, code):
    before = len(trail(database))
    with pytest.raises(Refused) as caught:
        signin.with_password(login, password, by="front")
    assert caught.value.code == code
    assert trail(database)[before:] == [("front", "sign_in", login, "refused", trail(database)[-1][4])]
    assert code in trail(database)[-1][4]


def test_a_clerk_sets_only_their_own_password_and_a_supervisor_anyones(database, shared, desk_user):
    zhao = desk_user("zhao")
    with pytest.raises(Refused) as caught:
        signin.set_password(shared, "zhao", PASSWORD)
    assert caught.value.code == "signin.passwd_supervisor_only"
    signin.set_password(zhao, "zhao", "zhao's own secret")
    with pytest.raises(Refused) as caught:
        signin.set_password(zhao, "zhao", "short")
    assert caught.value.code == "signin.password_short"
    assert [row[:4] for row in trail(database, "set_password")][-1] == ("zhao", "staff", str(zhao.id), "set_password")


def test_the_desk_on_a_shared_account_waits_for_a_sign_in_elsewhere_it_is_the_os_login(database, shared):
    assert signin.desk_user("front") is None
    assert signin.desk_user("li").login == "li"


def test_agent_is_refused_on_a_company_database_in_one_line_and_audited(database, shared, capsys, as_os_login):
    db.close_database()
    as_os_login("wang")
    code, out, err = run(capsys, "--db", str(database), "--agent", "li", "--lang", "en")
    assert (code, out) == (1, "")
    assert err == ["error: --agent works only on a demo database; who you are comes from your OS login or a password"]
    assert trail(database)[-1][:4] == ("wang", "sign_in", "agent", "refused")


def test_agent_picks_a_role_on_a_demo_database(tmp_path):
    from callcenter.services import demo

    db.open_database(tmp_path / "demo.db", create=True)
    demo.fill(5, 10, 1)
    assert signin.desk_user("anyone", "supervisor").is_supervisor
    assert signin.desk_user("anyone").login == staff.DEMO_LOGIN


def test_a_clerk_running_a_supervisors_command_gets_one_line_and_an_audit_row(database, shared, capsys, as_os_login,
                                                                              tmp_path):
    db.close_database()
    as_os_login("li")
    path = tmp_path / "staff.csv"
    path.write_text("姓名,岗位\n陈思远,设计师\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "staff", str(path), "--db", str(database), "--lang", "en")
    assert (code, out, err) == (1, "", ["error: only a supervisor can run import"])
    assert trail(database)[-1][:4] == ("li", "sign_in", "import", "refused")
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT count(*) FROM staff WHERE name = '陈思远'").fetchone() == (0,)


def test_a_shared_account_without_a_terminal_is_refused_at_the_command_line(database, shared, capsys, as_os_login):
    db.close_database()
    as_os_login("front")
    code, _, err = run(capsys, "calendar", "close", "2099-01-05", "--db", str(database), "--lang", "en")
    assert (code, err) == (1, ["error: this OS account is shared: sign in with a login and password on a terminal"])


def test_passwd_asks_twice_and_refuses_two_different_passwords(database, clerk, capsys, as_os_login, monkeypatch):
    db.close_database()
    as_os_login("wang")
    answers = iter(["first-password", "other-password", "same-password", "same-password"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, _, err = run(capsys, "passwd", "--db", str(database), "--lang", "en")
    assert (code, err) == (1, ["error: the two passwords differ: nothing changed"])
    assert credential(database) == []
    code, out, _ = run(capsys, "passwd", "--db", str(database), "--lang", "en")
    assert (code, out) == (0, "password set for wang\n")
    assert len(credential(database)) == 1


def test_cron_runs_escalation_as_the_system_identity_once_a_supervisor_enables_it(database, shared, capsys,
                                                                                  as_os_login):
    db.close_database()
    as_os_login("www-data")  # not in the directory
    code, _, err = run(capsys, "complaints", "--escalate", "--db", str(database), "--lang", "en")
    assert code == 1 and "callcenter cron enable" in err[0]
    as_os_login("li")
    code, _, err = run(capsys, "cron", "enable", "--db", str(database), "--lang", "en")
    assert (code, err) == (1, ["error: only a supervisor can run cron"])
    as_os_login("wang")
    assert run(capsys, "cron", "enable", "--db", str(database), "--lang", "en")[:2] == (
        0, "scheduled escalation enabled (system identity cron)\n")
    assert trail(database)[-1][:4] == ("wang", "system", "cron", "enable")
    as_os_login("www-data")
    assert run(capsys, "complaints", "--escalate", "--db", str(database))[0] == 0
