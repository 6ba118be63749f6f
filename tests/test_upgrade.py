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


def _dump(path, sql):
    with sqlite3.connect(path) as con:
        return con.execute(sql).fetchall()


def _upgraded(tmp_path, edit: str | None = None) -> Path:
    path = tmp_path / "old.db"
    shutil.copy(FIXTURE, path)
    if edit is not None:
        with sqlite3.connect(path) as con:
            con.execute(edit)
    return path


def test_version_3_puts_open_due_times_and_deadlines_on_the_company_clock(tmp_path):
    from datetime import timedelta

    from callcenter.rules.company_clock import due
    from callcenter.rules.followup_plan import plan
    from callcenter.rules.workcal import WorkCalendar
    from callcenter.services import followups
    from callcenter.services import settings as settings_service
    from db.models import Complaint, FollowUp, Project

    path = _upgraded(tmp_path)
    untouched = "SELECT * FROM {} ORDER BY id"
    done_before = _dump(path, "SELECT * FROM follow_up WHERE status != 'open' ORDER BY id")
    finished_before = _dump(path, "SELECT * FROM complaint WHERE status NOT IN ('new', 'in_progress') ORDER BY id")
    others = {table: _dump(path, untouched.format(table)) for table in ("call", "customer", "project", "acceptance")}
    open_before = dict(_dump(path, "SELECT id, due_at FROM follow_up WHERE status = 'open'"))
    db.open_database(path)
    try:
        settings = settings_service.load()
        calendar = WorkCalendar.from_settings(settings)
        with db.reading():
            wanted = {}
            for project in Project.select():
                for planned in plan(followups.milestones_of(project, settings), calendar):
                    wanted[(project.id, planned.key)] = planned.due_at
            planned_open = list(FollowUp.select().where((FollowUp.status == "open") & FollowUp.project.is_null(False)
                                                        & FollowUp.reason.in_(followups.PLANNED)))
            complaints = list(Complaint.select().where(Complaint.status.in_(("new", "in_progress"))))
    finally:
        db.close_database()
    assert planned_open and complaints
    for followup in planned_open:
        assert followup.due_at == wanted[(followup.project_id, followup.key)], followup.key
    for complaint in complaints:
        assert complaint.deadline_at == due(complaint.received_at, timedelta(hours=24), calendar)
    moved = {fid for fid, due_at in _dump(path, "SELECT id, due_at FROM follow_up WHERE status = 'open'")
             if open_before[fid] != due_at}
    assert moved  # the demo's Sunday evenings and Mondays were there to move
    audited = {int(entity_id) for (entity_id,) in _dump(
        path, "SELECT entity_id FROM audit WHERE actor = 'upgrade' AND entity = 'followup'")}
    assert audited == moved
    # done work, finished complaints and everything else stay as they were
    assert _dump(path, "SELECT * FROM follow_up WHERE status != 'open' ORDER BY id") == done_before
    assert _dump(path, "SELECT * FROM complaint WHERE status NOT IN ('new', 'in_progress') ORDER BY id") == finished_before
    # (later versions add columns at the end: the columns there before are compared)
    assert {table: [row[:len(others[table][0])] for row in _dump(path, untouched.format(table))]
            for table in others} == others
    assert _dump(path, "SELECT count(*) FROM calendar_day") == [(0,)]


def _script_after_editing(tmp_path, stage: str, edited: str) -> tuple[Path, dict]:
    """The script lines after upgrading the version-1 file in which a supervisor had edited one."""
    import json

    path = _upgraded(tmp_path, f"UPDATE setting SET value = json_set(value, '$.{stage}', '{edited}') "
                               "WHERE key = 'script'")
    db.open_database(path)
    db.close_database()
    return path, json.loads(_dump(path, "SELECT value FROM setting WHERE key = 'script'")[0][0])


def test_version_3_replaces_the_follow_up_lines_nobody_edited_and_keeps_edited_ones(tmp_path):
    from db.defaults import DEFAULTS

    edited = "您好，{customer}。今天的交底还好吗？"
    path, script = _script_after_editing(tmp_path, "followup_acceptance", edited)
    assert script["followup_handover"] == DEFAULTS["script"]["followup_handover"]
    assert "{event_date}" in script["followup_handover"] and "今天" not in script["followup_handover"]
    assert script["followup_acceptance"] == edited
    assert script["greeting"] == DEFAULTS["script"]["greeting"]
    closed_on_holidays = _dump(path, "SELECT value FROM setting WHERE key = 'closed_on_holidays'")
    assert closed_on_holidays == [("true",)]


def test_month_end_upgrade_adds_its_tables_and_the_payment_plan_and_touches_nothing_else(tmp_path):
    path = _upgraded(tmp_path)
    calls_before = _dump(path, "SELECT * FROM call ORDER BY id")
    db.open_database(path)
    db.close_database()
    tables = {name for (name,) in _dump(path, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"punch", "leave", "punch_proof", "contract", "month_paper"} <= tables
    assert _dump(path, "SELECT count(*) FROM contract") == [(0,)]
    assert _dump(path, "SELECT count(*) FROM setting WHERE key = 'payment_plan'") == [(1,)]
    assert _dump(path, "SELECT * FROM call ORDER BY id") == calls_before


def test_version_5_the_directory_the_demo_mark_and_the_seeds_words_where_nobody_edited(tmp_path):
    import json

    from db.defaults import DEFAULTS, OLD_LINES

    edited_points = ["谈房子", "不谈其他公司"]
    path = _upgraded(tmp_path, "UPDATE setting SET value = '" + json.dumps(edited_points, ensure_ascii=False)
                     + "' WHERE key = 'talking_points'")
    roles_before = dict(_dump(path, "SELECT login, role FROM staff WHERE login IS NOT NULL"))
    assert roles_before["assistant"] == "assistant" and roles_before["supervisor"] == "supervisor"
    db.open_database(path)
    db.close_database()
    roles = dict(_dump(path, "SELECT login, role FROM staff WHERE login IS NOT NULL"))
    assert roles["assistant"] == "admin_assistant" and roles["supervisor"] == "clerk"
    assert _dump(path, "SELECT login FROM staff WHERE is_supervisor ORDER BY login") == [
        ("assistant",), ("deputy",), ("supervisor",)]  # the flag says who supervises, as before
    assert _dump(path, "SELECT name FROM database_mark") == [("demo",)]  # `callcenter demo` made it
    assert _dump(path, "SELECT count(*) FROM customer WHERE salutation = ''") == _dump(path, "SELECT count(*) FROM customer")
    assert _dump(path, "SELECT count(*) FROM customer_alias") == [(0,)]
    settings = {key: json.loads(value) for key, value in _dump(path, "SELECT key, value FROM setting")}
    assert settings["talking_points"] == edited_points  # a supervisor's list stays
    for key in ("polite", "checklist", "forbidden"):
        assert settings[key] == DEFAULTS[key], key
    for stage in OLD_LINES["script"]:
        assert settings["script"][stage] == DEFAULTS["script"][stage], stage
    assert settings["source_required"] is True


def test_version_5_leaves_an_edited_script_line_alone(tmp_path):
    edited = "您好，{customer}，我是{company}客服部的{clerk}。"
    _, script = _script_after_editing(tmp_path, "followup_manual", edited)
    assert script["followup_manual"] == edited
    assert "客服{clerk}" not in script["followup_warranty"]


def test_the_password_upgrade_adds_an_empty_credential_table_and_no_shared_account(tmp_path):
    path = _upgraded(tmp_path)
    db.open_database(path)
    db.close_database()
    assert _dump(path, "SELECT count(*) FROM credential") == [(0,)]
    assert _dump(path, "SELECT value FROM setting WHERE key = 'shared_logins'") == [("[]",)]
    columns = [row[1] for row in _dump(path, "PRAGMA table_info(credential)")]
    assert columns == ["id", "staff_id", "digest", "salt", "failures", "locked_until", "set_at"]
