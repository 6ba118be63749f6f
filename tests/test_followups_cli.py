"""`callcenter followups`: the open follow-ups at a moment, as JSON lines or a table a person reads."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import unicodedata
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import db
from callcenter.services import customers, followups, projects
from db.models import FollowUp

pytestmark = pytest.mark.engines  # each test on SQLite and on PostgreSQL (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
ZONE = ZoneInfo("Asia/Shanghai")
FIELDS = {"id", "project", "customer", "phone_e164", "reason", "stage", "due_at", "status", "overdue", "assignee"}


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(timezone.utc)


@pytest.fixture
def desk(database, clerk, desk_user):
    """张三's site with a handover and one acceptance, 李四's call promised by clerk li, and a done one."""
    zhang = customers.create(clerk, "张三", "", "广告", "138 1234 5678")
    site = projects.create(clerk, zhang, "正阳县建设路1号")
    projects.save_milestones(clerk, site, local("2026-03-02 09:30"), {"开工": local("2026-03-06 10:00")}, None, None)
    li = desk_user("li")
    lisi = customers.create(clerk, "李四", "", "网络", "0396-2345678")
    with db.writing():  # a past due time: the service refuses those when typed, so straight in
        followups.insert_manual(li, lisi, followups.ManualDraft(local("2026-03-05 15:00"), "回电商量报价"))
        done = followups.insert_manual(clerk, lisi, followups.ManualDraft(local("2026-03-01 10:00"), "已经打过"))
        FollowUp.update(status="done").where(FollowUp.id == done).execute()
    db.close_database()
    return database


def cli(tmp_path, *args, user: str = "nobody"):
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), LOGNAME=user, USER=user)
    return subprocess.run([sys.executable, "-m", "callcenter", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def records(result) -> list[dict]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_json_lines_carry_every_field_in_due_order_with_zone_offsets(desk, tmp_path):
    rows = records(cli(tmp_path, "followups", "--db", str(desk), "--format", "json", "--at", "2026-03-06 00:00"))
    assert all(FIELDS <= set(row) for row in rows)
    assert [(r["reason"], r["stage"], r["due_at"], r["overdue"]) for r in rows] == [
        # a Monday handover counts from Tuesday 00:00 and waits for 08:00 (the company clock)
        ("handover", "", "2026-03-03T08:00:00+08:00", True),
        ("manual", "", "2026-03-05T15:00:00+08:00", True),
        ("acceptance", "开工", "2026-03-10T10:00:00+08:00", False),  # Friday + 72 h, Monday not counted
    ]
    handover, manual, acceptance = rows
    assert handover["project"] == acceptance["project"] == "正阳县建设路1号" and manual["project"] is None
    assert handover["customer"] == "张三" and handover["phone_e164"] == "+8613812345678"
    assert manual["customer"] == "李四" and manual["phone_e164"] == "+863962345678"
    assert manual["assignee"] == "li" and handover["assignee"] is None and manual["note"] == "回电商量报价"
    assert {r["status"] for r in rows} == {"open"}  # the done one is not listed
    assert len({r["id"] for r in rows}) == 3 and all(isinstance(r["overdue"], bool) for r in rows)


def test_overdue_means_due_before_the_moment_and_an_offset_is_honoured(desk, tmp_path):
    def overdue(at):
        return [r["overdue"] for r in records(cli(tmp_path, "followups", "--db", str(desk), "--format", "json",
                                                  "--at", at))]

    assert overdue("2026-03-05T07:00:00+00:00") == [True, False, False]  # 15:00 in Shanghai: due, not overdue
    assert overdue("2026-03-05 15:00:01") == [True, True, False]
    assert overdue("2026-03-01") == [False, False, False]  # a bare date: its midnight, company zone


def test_mine_lists_what_is_assigned_to_the_clerk(desk, tmp_path, os_user):
    mine = records(cli(tmp_path, "followups", "--db", str(desk), "--format", "json", "--mine", "--agent", "li"))
    assert [(r["customer"], r["assignee"]) for r in mine] == [("李四", "li")]
    # Without --agent: the OS account running the command, by its user id; $USER is anyone's to set.
    spoofed = cli(tmp_path, "followups", "--db", str(desk), "--format", "json", "--mine", "--lang", "en", user="li")
    assert spoofed.returncode == 1 and spoofed.stderr.splitlines() == [
        f"error: no desk user has the login {os_user} (--agent)"]
    assert records(cli(tmp_path, "followups", "--db", str(desk), "--format", "json", "--mine", "--agent", "wang")) == []
    unknown = cli(tmp_path, "followups", "--db", str(desk), "--mine", "--agent", "ghost", "--lang", "en")
    assert unknown.returncode == 1 and unknown.stdout == ""
    assert unknown.stderr.splitlines() == ["error: no desk user has the login ghost (--agent)"]


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("lang, heading, reasons, late, summary", [
    ("zh", ["到期", "逾期", "事由", "客户", "电话", "阶段", "工地/备注"], ["交底回访", "约定回访", "验收回访"], "逾期",
     "共 3 条待办回访，其中逾期 2 条"),
    ("en", ["Due", "Late", "Purpose", "Customer", "Phone", "Stage", "Project/note"],
     ["Handover", "Arranged", "Acceptance"], "late", "3 open follow-ups, 2 overdue"),
])
def test_the_table_reads_in_aligned_columns(desk, tmp_path, lang, heading, reasons, late, summary):
    result = cli(tmp_path, "followups", "--db", str(desk), "--at", "2026-03-06 00:00", "--lang", lang)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == heading and lines[-1] == summary
    rows = lines[1:-1]
    assert [row[:16] for row in rows] == ["2026-03-03 08:00", "2026-03-05 15:00", "2026-03-10 10:00"]  # local time
    for row, reason in zip(rows, reasons):
        assert reason in row
    assert [late in row[16:24] for row in rows] == [True, True, False]
    assert "张三" in rows[0] and "138 1234 5678" in rows[0] and "正阳县建设路1号" in rows[0]
    assert "开工" in rows[2] and "0396 234 5678" in rows[1] and rows[1].endswith("回电商量报价")
    # Every row's phone starts in the same terminal column as the heading's, Chinese names and all.
    starts = {width(row[:row.index(phone)]) for row, phone in
              zip(rows, ("138 1234 5678", "0396 234 5678", "138 1234 5678"))}
    assert starts == {width(lines[0][:lines[0].index(heading[4])])}


def test_nothing_open_gives_the_heading_and_a_zero_count(database, tmp_path):
    result = cli(tmp_path, "followups", "--db", str(database), "--lang", "en")
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "0 open follow-ups, 0 overdue"
    assert cli(tmp_path, "followups", "--db", str(database), "--format", "json").stdout == ""


def test_bad_usage_and_a_bad_moment_exit_2_with_one_line(database, tmp_path):
    assert cli(tmp_path, "followups", "--db", str(database), "--format", "xml").returncode == 2
    assert cli(tmp_path, "followups", "--db", str(database), "--at").returncode == 2
    bad = cli(tmp_path, "followups", "--db", str(database), "--at", "someday")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and bad.stdout == ""
