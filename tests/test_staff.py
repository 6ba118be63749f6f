"""The staff directory: a supervisor keeps it, bad input is one line with nothing written, the
desk lets in only people in it (anyone, as the demo clerk, on a demo database)."""
from __future__ import annotations

import json
import sqlite3

import pytest

import db
from callcenter import cli
from callcenter.rules.roles import ROLES, role_of
from callcenter.services import staff
from callcenter.services.errors import Refused
from callcenter.services.staff import PersonFields


def dump(path) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return con.execute("SELECT * FROM staff ORDER BY id").fetchall() + con.execute(
            "SELECT count(*) FROM audit").fetchall()


@pytest.mark.parametrize("text, role", [
    ("designer", "designer"), (" 设计师 ", "designer"), ("质检员", "qc_inspector"), ("项目经理", "project_manager"),
    ("行政助理", "admin_assistant"), ("副总经理", "deputy_gm"), ("客服", "clerk"), ("其他", "other"),
    ("QC_Inspector", "qc_inspector"), ("admin assistant", "admin_assistant"), ("ｄｅｓｉｇｎｅｒ", "designer"),
    ("supervisor", None), ("assistant", None), ("经理", None), ("", None),
])
def test_role_names_a_file_may_use(text, role):
    assert role_of(text) == role


def test_every_role_has_a_name_in_both_languages():
    from callcenter.i18n import CATALOG

    assert all(f"role.{role}" in CATALOG for role in ROLES)


def test_a_supervisor_adds_edits_and_deactivates_and_each_change_is_audited(database, clerk):
    pid = staff.add(clerk, PersonFields("陈思远", "设计师", "设计部", "138 1234 5678"))
    assert [(p.name, p.role) for p in staff.people()] == [("wang", "clerk"), ("陈思远", "designer")]
    assert staff.edit(clerk, pid, PersonFields("陈思远", "designer", "设计部", "0396-2345678", "chensy"))
    assert not staff.edit(clerk, pid, PersonFields("陈思远", "designer", "设计部", "0396-2345678", "chensy"))
    assert staff.sign_in("chensy").name == "陈思远"  # a login makes a desk user
    assert staff.set_active(clerk, pid, False)
    assert [p.name for p in staff.people()] == ["wang"]  # out of every pick list
    row = next(r for r in staff.directory() if r.id == pid)
    assert (row.active, row.phone, row.login) == (False, "0396-2345678", "chensy")  # kept, with its history
    with pytest.raises(Refused) as caught:
        staff.sign_in("chensy")
    assert caught.value.code == "staff.inactive_login"
    with db.reading():
        from db.models import Audit

        assert [a.action for a in Audit.select().where(Audit.entity_id == str(pid))] == ["create", "update", "update"]


@pytest.mark.parametrize("fields, code", [
    (PersonFields("", "designer"), "staff.person_name_required"),
    (PersonFields("张三", "经理"), "staff.bad_role"),
    (PersonFields("张三", "designer", login="zhang san"), "staff.login_characters"),
    (PersonFields("张三", "designer", login="x" * 41), "staff.bad_login"),
    (PersonFields("张三", "designer", phone="12345abc"), "phone.letters"),
    (PersonFields("张三", "designer", phone="138123"), "phone.invalid"),
    (PersonFields("张三", "designer", login="wang"), "staff.duplicate_login"),
    (PersonFields("张三", "clerk", is_supervisor=True), "staff.supervisor_needs_login"),
])
def test_bad_input_is_one_line_and_writes_nothing(database, clerk, fields, code):
    before = dump(database)
    with pytest.raises(Refused) as caught:
        staff.add(clerk, fields)
    assert caught.value.code == code
    assert dump(database) == before


def test_the_last_supervisor_cannot_be_deactivated_or_demoted(database, clerk):
    before = dump(database)
    for change in (lambda: staff.set_active(clerk, clerk.id, False),
                   lambda: staff.edit(clerk, clerk.id, PersonFields("wang", "clerk", login="wang"))):
        with pytest.raises(Refused) as caught:
            change()
        assert caught.value.code == "staff.last_supervisor"
    assert dump(database) == before
    other = staff.add(clerk, PersonFields("李秀英", "deputy_gm", login="lixy", is_supervisor=True))
    assert staff.set_active(clerk, clerk.id, False)  # someone else supervises now
    assert staff.sign_in("lixy").is_supervisor and other


def test_only_a_supervisor_changes_the_directory(database, clerk, desk_user):
    li = desk_user("li")
    before = dump(database)
    with pytest.raises(Refused) as caught:
        staff.add(li, PersonFields("张三", "designer"))
    assert caught.value.code == "staff.supervisor_only"
    assert dump(database) == before


def test_a_company_database_refuses_a_login_not_in_the_directory(tmp_path, capsys, as_os_login):
    path = tmp_path / "calls.db"
    assert cli.main(["init", "--db", str(path), "--supervisor", "李秀英", "--login", "lixy"]) == 0
    capsys.readouterr()
    before = dump(path)
    as_os_login("zhang")
    code = cli.main(["calendar", "close", "2099-01-05", "--db", str(path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1  # the wrong person, not bad usage
    assert err == ["错误：员工名录里没有登录名 zhang：请主管把您加进名录"]
    after = dump(path)  # the staff as they were, and the refusal in the trail
    assert (after[:-1], after[-1][0]) == (before[:-1], before[-1][0] + 1)


def test_staff_list_as_a_table_and_as_json(database, clerk, capsys):
    staff.add(clerk, PersonFields("陈思远", "设计师", "设计部", "13812345678"))
    gone = staff.add(clerk, PersonFields("周建军", "质检员", "工程部"))
    staff.set_active(clerk, gone, False)
    db.close_database()
    assert cli.main(["staff", "list", "--db", str(database)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["姓名", "岗位", "部门", "电话", "登录名", "状态"]
    assert lines[1].split() == ["wang", "客服", "wang", "主管"]
    assert lines[2].split() == ["陈思远", "设计师", "设计部", "13812345678", "在职"]
    assert lines[3].split() == ["周建军", "质检员", "工程部", "已停用"]
    assert lines[-1] == "共 3 人"
    assert cli.main(["staff", "list", "--db", str(database), "--format", "json", "--active"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["role"], r["login"], r["active"]) for r in rows] == [
        ("wang", "clerk", "wang", True), ("陈思远", "designer", None, True)]


def test_staff_list_bad_usage_is_exit_2(database, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(["staff", "list", "--db", str(database), "--format", "xml"])
    assert caught.value.code == 2


def test_the_desk_refuses_a_login_not_in_the_directory_before_it_opens(database, clerk, capsys, as_os_login):
    db.close_database()
    as_os_login("zhang")
    assert cli.main(["--db", str(database)]) == 1
    assert capsys.readouterr().err.splitlines() == ["错误：员工名录里没有登录名 zhang：请主管把您加进名录"]
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT login FROM staff").fetchall() == [("wang",)]
