"""Month end through the real command line and services: punches and contracts imported (bad rows
by line, all of them), attendance, the ledger and the work report on a real SQLite file."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from callcenter.cli import main
from callcenter.rules.clock import now_utc
from callcenter.services import attendance, contracts, month
from callcenter.services.errors import Refused
from db.models import Staff

ZONE = ZoneInfo("Asia/Shanghai")
MONTH = "2026-09"  # a past month: every day of it is judged


@pytest.fixture
def people(clerk):
    now = now_utc()
    for name, role in (("张伟", "clerk"), ("陈思远", "designer"), ("林雨桐", "designer")):
        Staff.create(name=name, role=role, created_at=now)
    return clerk


def _file(tmp_path, text: str, encoding: str = "utf-8", name: str = "in.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture(autouse=True)
def _wang_at_the_keyboard(as_os_login):
    """Imports run as the OS login wang, the first desk user (a supervisor)."""
    as_os_login("wang")


def _cli(database, capsys, *args):
    code = main([*args, "--db", str(database)])
    out, err = capsys.readouterr()
    return code, out, err


def _fields(out: str, catalog: str) -> list[dict]:
    """CSV rows by field name: the header row is in the clerk's language, as every export's is."""
    from callcenter.i18n import CATALOG, t

    names = {t(key): key.rsplit(".", 1)[1] for key in CATALOG if key.startswith(catalog + ".")}
    return [{names[heading]: value for heading, value in row.items()} for row in csv.DictReader(io.StringIO(out))]


def _count(database, table: str) -> int:
    with sqlite3.connect(database) as con:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


PUNCHES = ("姓名,打卡时间\n"
           " 张伟 ,2026/9/1 8:03\n"  # stray spaces, no seconds, slashes
           "张伟,2026-09-01 17:31:00\n"
           "张伟,2026/9/1 17:31\n"  # the same punch again
           "无名氏,2026/9/1 8:00\n"
           "张伟,明天早上\n"
           ",2026/9/1 8:00\n"
           "张伟,2026/9/7 9:00\n")  # a Monday: the rest day


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_import_punches_reports_every_bad_row_and_keeps_the_good(people, database, tmp_path, capsys, encoding):
    path = _file(tmp_path, PUNCHES, encoding)
    code, out, err = _cli(database, capsys, "import", "punches", path)
    assert code == 1
    assert [line.split("：")[0] for line in err.splitlines()] == ["第 5 行", "第 6 行", "第 7 行", "第 8 行"]
    assert "无名氏" in err and "休息日打卡" in err
    assert "已导入 3 条，重复 1 条，失败 3 行" in out
    assert _count(database, "punch") == 3
    code, out, _ = _cli(database, capsys, "import", "punches", path)
    assert "已导入 0 条，重复 4 条" in out and _count(database, "punch") == 3  # idempotent


def test_import_punches_check_writes_nothing(people, database, tmp_path, capsys):
    path = _file(tmp_path, "name,time\n张伟,2026-09-01 08:00\n")
    code, out, _ = _cli(database, capsys, "import", "punches", path, "--check")
    assert code == 0 and "未写入" in out and _count(database, "punch") == 0


def test_import_refuses_a_file_without_the_columns(people, database, tmp_path, capsys):
    code, _, err = _cli(database, capsys, "import", "punches", _file(tmp_path, "who,when\nx,y\n"))
    assert code == 1 and "打卡时间" in err and _count(database, "punch") == 0


def _punch_rows(database, capsys, *extra):
    code, out, _ = _cli(database, capsys, "attendance", "--month", MONTH, "--format", "json", *extra)
    assert code == 0
    return {row["person"]: row for row in map(json.loads, out.splitlines())}


def test_attendance_month_by_the_seeds_rules(people, database, tmp_path, capsys):
    _cli(database, capsys, "import", "punches", _file(tmp_path, PUNCHES))
    rows = _punch_rows(database, capsys)
    zhang = rows["张伟"]
    open_days = zhang["days_expected"]
    assert open_days > 20
    # Sept 1: 3 minutes late; every other open day without a punch: a whole day each.
    assert (zhang["late"], zhang["late_minutes"], zhang["full_days"]) == (1, 3, open_days - 1)
    assert zhang["fine_yuan"] == 3 + 50 * (open_days - 1)
    assert list(zhang) == list(attendance.SUMMARY_FIELDS)


def test_leave_and_a_proof_change_the_fines(people, database, tmp_path, capsys):
    _cli(database, capsys, "import", "punches", _file(tmp_path, "name,time\n张伟,2026-09-02 17:35\n"))
    zhang = Staff.get(Staff.name == "张伟").id
    before = _punch_rows(database, capsys)["张伟"]
    supervisor = people
    assert attendance.add_proof(supervisor, zhang, date(2026, 9, 2), "in", "门禁坏了")
    assert not attendance.add_proof(supervisor, zhang, date(2026, 9, 2), "in")
    start = datetime(2026, 9, 3, 8, 0, tzinfo=ZONE)
    attendance.add_leave(supervisor, zhang, start, start.replace(hour=17, minute=30), "事假")
    after = _punch_rows(database, capsys)["张伟"]
    assert before["half_days"] == 1 and after["half_days"] == 0
    assert after["forgotten_excused"] == 1
    assert after["full_days"] == before["full_days"] - 1  # Sept 3 on leave
    assert after["fine_yuan"] == before["fine_yuan"] - 30 - 50


def test_leave_and_proofs_are_a_supervisors(people, database, desk_user):

    other = desk_user("li")  # a clerk, not a supervisor
    with pytest.raises(Refused) as refused:
        attendance.add_proof(other, other.id, date(2026, 9, 2), "in")
    assert refused.value.code == "attendance.supervisor_only"


def test_attendance_table_csv_and_json_show_the_same_numbers(people, database, tmp_path, capsys):
    _cli(database, capsys, "import", "punches", _file(tmp_path, PUNCHES))
    as_json = _punch_rows(database, capsys)["张伟"]
    _, out, _ = _cli(database, capsys, "attendance", "--month", MONTH, "--format", "csv")
    as_csv = {row["person"]: row for row in _fields(out, "attendance.col")}["张伟"]
    assert {k: str(v) for k, v in as_json.items()} == as_csv
    _, out, _ = _cli(database, capsys, "attendance", "--month", MONTH)
    line = next(line for line in out.splitlines() if line.startswith("张伟"))
    assert line.split()[-1] == str(as_json["fine_yuan"])
    _, out, _ = _cli(database, capsys, "attendance", "--month", MONTH, "--detail", "--format", "csv")
    details = [row for row in _fields(out, "attendance.col") if row["person"] == "张伟"]
    assert sum(int(row["fine_yuan"]) for row in details) == as_json["fine_yuan"]
    assert {"迟到", "旷工一天", "休息日打卡（保留，不罚）"} <= {row["reason"] for row in details}


def test_attendance_refuses_a_month_that_is_none(people, database, capsys):
    code, _, err = _cli(database, capsys, "attendance", "--month", "2026-13")
    assert code == 2 and "2026-13" in err


CONTRACTS = ("客户,电话,地址,设计师,签单日期,合同金额,定金,备注\n"
             '李四,13812345678,幸福路1号,陈思远,2026-09-05,"12,800.00",¥2000,\n'
             "王五,13912345678,和平路2号,林雨桐,2026/9/6,1.28万,,老客户介绍\n"
             "赵六,13712345678,建设路3号,陈思远,2026-09-07,12.8.0,,\n"
             "钱七,13612345678,建设路4号,无此人,2026-09-08,5000,,\n"
             "孙八,13512345678,建设路5号,陈思远,2026-09-09,¥3000.5,,\n")


def test_import_contracts_reads_amounts_and_refuses_what_is_not_one(people, database, tmp_path, capsys):
    path = _file(tmp_path, CONTRACTS, "gb18030")
    code, out, err = _cli(database, capsys, "import", "contracts", path)
    assert code == 1
    assert [line.split("：")[0] for line in err.splitlines()] == ["第 4 行", "第 5 行"]
    assert "12.8.0" in err and "无此人" in err
    assert "已导入 3 条" in out
    code, out, _ = _cli(database, capsys, "import", "contracts", path)
    assert "已导入 0 条，重复 3 条" in out and _count(database, "contract") == 3
    with sqlite3.connect(database) as con:  # each signing linked to its customer's project, with the designer
        linked = con.execute("SELECT count(*) FROM contract JOIN project ON project.id = contract.project_id "
                             "WHERE project.designer_id = contract.designer_id").fetchone()[0]
    assert linked == 3


def test_import_contracts_check_writes_nothing(people, database, tmp_path, capsys):
    code, out, _ = _cli(database, capsys, "import", "contracts", _file(tmp_path, CONTRACTS), "--check")
    assert code == 1 and "可导入 3 条" in out
    assert (_count(database, "contract"), _count(database, "customer"), _count(database, "project")) == (0, 0, 0)


def test_ledger_by_designer_with_subtotals_and_total(people, database, tmp_path, capsys):
    _cli(database, capsys, "import", "contracts", _file(tmp_path, CONTRACTS))
    code, out, _ = _cli(database, capsys, "ledger", "--month", MONTH, "--format", "json")
    book = json.loads(out)
    assert code == 0 and book["month"] == MONTH and book["total"] == "28600.50"
    assert [(d["name"], d["subtotal"], len(d["signings"])) for d in book["designers"]] == [
        ("林雨桐", "12800.00", 1), ("陈思远", "15800.50", 2)]
    first = book["designers"][1]["signings"][0]
    assert (first["customer"], first["amount"], first["deposit"]) == ("李四", "12800.00", "2000.00")
    assert sum(float(step[2]) for step in first["plan"]) == 12800.0 and len(first["plan"]) == 4
    _, out, _ = _cli(database, capsys, "ledger", "--month", MONTH)
    assert "28,600.50" in out and "陈思远 小计" in out
    _, out, _ = _cli(database, capsys, "ledger", "--month", "2026-08", "--format", "json")
    assert json.loads(out) == {"month": "2026-08", "total": "0.00", "designers": []}


def test_a_signing_typed_at_the_desk_is_one_signing(people, database):
    fields = {"customer": "周九", "phone": "13412345678", "address": "建设路9号", "designer": " 陈思远 ",
              "signed_on": "2026-09-10", "amount": "1.5万", "deposit": "", "notes": ""}
    assert contracts.record(people, fields)
    assert not contracts.record(people, fields)
    assert contracts.ledger(date(2026, 9, 1)).total == 1_500_000


def test_report_json_has_the_months_figures_beside_last_months(people, database, capsys):
    code, out, _ = _cli(database, capsys, "report", "--month", MONTH, "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["month"] == MONTH and report["previous_month"] == "2026-08"
    assert set(report["contacts"]) >= {"total", "by_channel", "by_direction", "by_category", "by_source"}
    assert set(report["complaints"]) >= {"received", "answered_in_time", "escalated", "open_at_end"}
    assert set(report["followups"]) >= {"due", "done_on_time", "done_late", "open"}
    assert set(report["previous"]) == {k for k in report["previous"]} >= {"contacts", "complaints", "followups"}
    assert len(report["contacts"]["per_day"]) == 30
    code, out, _ = _cli(database, capsys, "report", "--month", MONTH, "--format", "md")
    assert code == 0 and out.startswith("# ")
    code, _, err = _cli(database, capsys, "report", "--month", MONTH, "--agent", "nobody")
    assert code == 1 and "nobody" in err


def test_report_counts_a_months_calls(people, database, capsys):
    from callcenter.services import calls as calls_service  # noqa: F401 - the real save is heavy; a row is enough
    from callcenter.services import settings as settings_service
    from db.models import Call

    first, second, *rest = settings_service.load()["checklist"]
    at = datetime(2026, 9, 15, 10, 0, tzinfo=ZONE).astimezone(timezone.utc)
    for channel, ticks in (("phone", {first: True, second: False}), ("phone", {first: False, second: False}),
                           ("visit", {first: True, second: True})):
        Call.create(started_at=at, ended_at=at, channel=channel, clerk=people.id, category="咨询",
                    checklist=json.dumps(ticks, ensure_ascii=False), checklist_ticked=sum(ticks.values()),
                    checklist_total=2)
    _, out, _ = _cli(database, capsys, "report", "--month", MONTH, "--format", "json")
    report = json.loads(out)
    assert report["contacts"]["total"] == 3
    assert report["contacts"]["by_channel"] == {"phone": 2, "visit": 1}
    assert report["contacts"]["per_day"][14] == 3
    items = report["checklist"]["items"]
    assert (items[first], items[second]) == (round(2 / 3, 3), round(1 / 3, 3))
    assert report["checklist"]["scores"] == {"0": 1, "1": 1, "2": 1}
    assert report["previous"]["contacts"]["total"] == 0
    _, out, _ = _cli(database, capsys, "report", "--month", MONTH)
    assert "电话  2（上月 0）" in out and "来访  1（上月 0）" in out


def test_a_handed_in_paper_is_marked_with_its_time_and_no_longer_edited(people, database):
    first = date(2026, 9, 1)
    month.save_text(people, "report", first, "本月总结", "下月计划", people.id)
    handed = month.hand_in(people, "report", first, people.id)
    assert handed.handed_in_at is not None and handed.summary == "本月总结"
    with pytest.raises(Refused):
        month.save_text(people, "report", first, "改", "改", people.id)
    assert month.reminder_due(date(2026, 9, 28)) == first and month.reminder_due(date(2026, 10, 2)) == first
    assert month.reminder_due(date(2026, 9, 15)) is None


def test_a_handed_in_report_keeps_its_figures_for_the_record_and_next_month(people, database, capsys):
    from callcenter.services import report
    from db.models import Call

    first = date(2026, 9, 1)
    report.hand_in(people, first)  # a supervisor: the whole desk's figures
    at = datetime(2026, 9, 15, 10, 0, tzinfo=ZONE).astimezone(timezone.utc)
    Call.create(started_at=at, ended_at=at, clerk=people.id, category="咨询")  # typed in after the hand-in
    _, out, _ = _cli(database, capsys, "report", "--month", "2026-10", "--format", "json")
    assert json.loads(out)["previous"]["contacts"]["total"] == 0  # September as handed in
    _, out, _ = _cli(database, capsys, "report", "--month", MONTH, "--format", "json")
    assert json.loads(out)["contacts"]["total"] == 0 and json.loads(out)["handed_in_at"] is None  # no paper of the desk
    from callcenter.services import settings as settings_service

    counted = report.month_figures(first, people.id, settings_service.load())  # a clerk's scope: never handed in
    assert counted["contacts"]["total"] == 1


def test_an_unclosed_quote_is_reported_with_its_line_and_the_rows_around_it_are_read(people, database, tmp_path,
                                                                                        capsys):
    path = _file(tmp_path, 'name,time\n张伟,2026-09-01 08:00\n"张伟,2026-09-02 08:00\n张伟,2026-09-03 08:00\n')
    code, _, err = _cli(database, capsys, "import", "punches", path)
    assert code == 1 and "第 3 行" in err and "引号" in err
    assert _count(database, "punch") == 2  # as every import: the good rows, and the bad one named


def test_attendance_as_a_spreadsheet_defuses_formulas_and_writes_xlsx(people, database, tmp_path, capsys):
    from db.models import Staff

    Staff.update(name="=HYPERLINK(1)").where(Staff.name == "张伟").execute()
    _, out, _ = _cli(database, capsys, "attendance", "--month", MONTH, "--format", "csv")
    assert "'=HYPERLINK(1)" in out and "\n=HYPERLINK" not in out
    target = tmp_path / "考勤.xlsx"
    code, _, err = _cli(database, capsys, "attendance", "--month", MONTH, "--format", "xlsx", "-o", str(target))
    assert (code, err) == (0, "") and target.read_bytes()[:2] == b"PK"
    code, _, err = _cli(database, capsys, "attendance", "--month", MONTH, "--format", "xlsx")
    assert code == 2 and "-o" in err
    code, _, err = _cli(database, capsys, "ledger", "--month", MONTH, "--format", "csv", "-o", str(database))
    assert code == 1 and _count(database, "staff") > 0  # the database is never the output


def test_the_report_as_a_spreadsheet_has_each_figure_beside_last_months(people, database, tmp_path, capsys):
    from openpyxl import load_workbook

    from callcenter.services import report

    target = tmp_path / "述职报告.xlsx"
    code, _, err = _cli(database, capsys, "report", "--month", MONTH, "--format", "xlsx", "-o", str(target))
    assert (code, err) == (0, "")
    sheet = load_workbook(target, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("项目", "本月", "上月")
    figures = {row[0]: (row + (None,))[1] for row in rows[1:]}  # an empty cell ends a row in the sheet

    expected = report.month_report(date.fromisoformat(MONTH + "-01"), None)
    assert figures["contacts.total"] == expected["contacts"]["total"]
    assert figures["complaints.received"] == expected["complaints"]["received"]
    assert "followups.due" in figures
