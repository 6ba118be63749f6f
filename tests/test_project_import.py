"""`callcenter import projects`: customers, projects and milestones from CSV, bad rows reported by line."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import db
from callcenter import i18n
from callcenter.rules.clock import now_utc
from callcenter.rules.followup_plan import Milestones, plan
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import customers, importing, projects
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused
from db.models import Staff
from tests import raw

pytestmark = pytest.mark.engines  # each test on SQLite and on PostgreSQL (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
ZONE = ZoneInfo("Asia/Shanghai")
HEADER = ("customer,phone,address,designer,qc_inspector,project_manager,handover_at,acceptances,"
          "final_acceptance_at,warranty_months")
GOOD = [
    "张三,138 1234 5678,正阳县建设路1号,陈思远,周建军,赵长海,2026-03-02 09:30,"
    "开工:2026-03-06 10:00;水电:2026-03-20 14:00,,",
    '李四,0396-2345678,"驿城区乐山大道8号,3栋",林雨桐,,,2026-02-10T10:00:00+08:00,'
    "开工:2026-02-14 09:00;水电:2026-02-28 09:00;防水:2026-03-08 09:00;泥瓦:2026-03-20 09:00;"
    "木工:2026-04-02 09:00;油漆:2026-04-15 09:00;安装:2026-04-25 09:00,2026-05-06 10:00,12",
    "王五,+86 139 0000 1111,,,,,,,,",
]
TABLES = ("customer", "customer_key", "project", "acceptance", "follow_up", "audit")


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZONE).astimezone(timezone.utc)


@pytest.fixture
def people(database):
    """The staff the rows name, as the demo has them."""
    now = now_utc()
    for name, role in (("陈思远", "designer"), ("林雨桐", "designer"), ("周建军", "qc_inspector"),
                       ("赵长海", "project_manager"), ("孙志刚", "project_manager")):
        Staff.create(name=name, role=role, created_at=now)
    return database


def run(actor, *lines: str, header: str = HEADER, update: bool = False):
    reported = []
    text = "\n".join((header, *lines)) + "\n"
    result = importing.run("projects", actor, io.BytesIO(text.encode()), update=update,
                           report=lambda problem: reported.append((problem.line, problem.code)))
    return result, reported


def counts(path) -> dict[str, int]:
    with raw.connect(path) as conn:
        return {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in TABLES}


def query(path, sql, *params):
    return raw.rows(path, sql, *params)


# The service


def test_good_rows_make_customers_projects_milestones_and_the_plan(people, clerk):
    result, reported = run(clerk, *GOOD)
    assert (result.imported, result.failed, reported) == (3, 0, [])
    zhang = customers.find_by_phone("+8613812345678")
    assert zhang.name == "张三" and zhang.address == "正阳县建设路1号"
    assert [p.designer for p in zhang.projects] == ["陈思远"]
    detail = projects.detail(zhang.projects[0].id)
    assert detail.handover_at == local("2026-03-02 09:30")  # company zone: no offset given
    assert detail.acceptances == {"开工": local("2026-03-06 10:00"), "水电": local("2026-03-20 14:00")}
    assert detail.final_acceptance_at is None and detail.warranty_months is None
    assert {role: s and s[1] for role, s in detail.staff.items()} == {
        "designer": "陈思远", "qc_inspector": "周建军", "project_manager": "赵长海"}
    settings = settings_service.load()
    expected = plan(Milestones(detail.handover_at, tuple(detail.acceptances.items()), None, 24),
                    WorkCalendar.from_settings(settings))
    assert sorted((f.reason, f.stage, f.due_at) for f in detail.plan) == sorted(
        (p.reason, p.stage, p.due_at) for p in expected)

    li = customers.find_by_phone("+863962345678")
    assert li.projects[0].address == "驿城区乐山大道8号,3栋"  # a quoted comma stays in the cell
    detail = projects.detail(li.projects[0].id)
    assert detail.handover_at == datetime(2026, 2, 10, 2, tzinfo=timezone.utc)  # its own offset
    assert len(detail.acceptances) == 7 and detail.final_acceptance_at == local("2026-05-06 10:00")
    assert detail.warranty_months == 12
    reasons = [f.reason for f in detail.plan]
    assert reasons.count("handover") == 1 and reasons.count("acceptance") == 8 and reasons.count("warranty") == 3

    wang = customers.find_by_phone("+8613900001111")
    assert [p.address for p in wang.projects] == [""]  # no milestones: a project, no plan
    assert projects.detail(wang.projects[0].id).plan == ()


def test_the_customer_is_found_by_phone_however_it_is_typed(people, clerk):
    existing = customers.create(clerk, "张三", "", "老客户", "13812345678")
    result, _ = run(clerk, GOOD[0].replace("138 1234 5678", "+86 138-1234-5678"))
    assert result.imported == 1
    card = customers.card(existing)
    assert card.name == "张三" and len(card.projects) == 1  # the customer as stored, the project added
    assert counts(people)["customer"] == 1


def test_a_phone_on_file_under_another_name_is_a_conflict_not_a_merge(people, clerk):
    existing = customers.create(clerk, "张三丰", "", "老客户", "13812345678")
    before = counts(people)
    result, reported = run(clerk, GOOD[0])
    assert (result.imported, result.failed, reported) == (0, 1, [(2, "import.conflict")])
    assert counts(people) == before
    result, reported = run(clerk, GOOD[0], update=True)  # a supervisor overwrites it deliberately
    assert (result.imported, reported) == (1, [])
    assert customers.card(existing).name == "张三" and len(customers.card(existing).projects) == 1


def test_the_same_phone_under_two_names_in_one_file_is_a_conflict(people, clerk):
    result, reported = run(clerk, GOOD[0], GOOD[0].replace("张三", "张三丰"))
    assert (result.imported, result.failed, reported) == (1, 1, [(3, "import.same_key_in_file")])


def test_every_problem_of_a_row_is_reported(people, clerk):
    result, reported = run(clerk, "张三,95588,甲,无名氏,,,0001-03-02 09:30,开工:0206-03-06 10:00,3月2日,两年")
    assert result.failed == 1
    assert reported == [(2, "import.phone_not_personal"), (2, "import.unknown_designer"), (2, "date.out_of_range"),
                        (2, "date.out_of_range"), (2, "date.unreadable"), (2, "cell.not_number")]


@pytest.mark.parametrize("row, code", [
    ("张三,138 1234 5678,甲,无名氏,,,,,,", "import.unknown_designer"),
    ("张三,138 1234 5678,甲,周建军,,,,,,", "import.unknown_designer"),  # a QC inspector, not a designer
    ("张三,138 1234 5678,甲,,,陈思远,,,,", "import.unknown_project_manager"),
    ("张三,138 1234 5678,甲,,,,2026-03-10 09:00,开工:2026-03-01 09:00,,", "milestone.acceptance_before_handover"),
    ("张三,138 1234 5678,甲,,,,2026-03-10 09:00,,2026-03-01 09:00,", "milestone.final_before_handover"),
    ("张三,138 1234 5678,甲,,,,下周三,,,", "date.unreadable"),
    ("张三,138 1234 5678,甲,,,,2026-02-30 09:00,,,", "date.unreadable"),
    ("张三,138 1234 5678,甲,,,,,开工:昨天,,", "date.unreadable"),
    ("张三,138 1234 5678,甲,,,,,开工,,", "import.bad_acceptance"),
    ("张三,138 1234 5678,甲,,,,,竣工:2026-03-01 09:00,,", "import.unknown_stage"),
    ("张三,138 1234 5678,甲,,,,,开工:2026-03-01 09:00;开工:2026-03-02 09:00,,", "milestone.duplicate_stage"),
    ("张三,138 1234 5678,甲,,,,2026-03-10 09:00,,,0", "milestone.bad_warranty"),
    ("张三,138 1234 5678,甲,,,,2026-03-10 09:00,,,-6", "milestone.bad_warranty"),
    ("张三,138 1234 5678,甲,,,,2026-03-10 09:00,,,两年", "cell.not_number"),
    ("张三,138 1234 5678,甲,,,,2099-03-10 09:00,,,", "milestone.too_far"),
    ("张三,138 1234,甲,,,,,,,", "phone.invalid"),
    ("张三,电话没有,甲,,,,,,,", "phone.letters"),
    ("张三,95588,甲,,,,,,,", "import.phone_not_personal"),
    ("张三,,甲,,,,,,,", "import.phone_required"),
    (",138 1234 5678,甲,,,,,,,", "customer.name_required"),
    ("张三,138 1234 5678," + "长" * 201 + ",,,,,,,", "field.too_long"),
])
def test_a_bad_row_is_reported_with_its_line_and_reason_and_nothing_of_it_is_kept(people, clerk, row, code):
    before = counts(people)
    result, reported = run(clerk, row)
    assert (result.imported, result.failed) == (0, 1)
    assert reported == [(2, code)]
    assert counts(people) == before  # not even the customer of a row whose milestones are wrong
    assert code in i18n.CATALOG  # the reason reads as a sentence, in both languages


def test_bad_rows_among_good_ones_keep_their_own_line_numbers(people, clerk):
    rows = [
        GOOD[0],                                                   # line 2
        "赵六,139 1111 2222,\"多行\n地址\",无名氏,,,,,,",              # lines 3-4: unknown designer
        "",                                                        # line 5: blank, skipped
        "孙七,139 1111 3333,乙,,,,2026-03-10 09:00,开工:2026-03-01 09:00,,",  # line 6
        GOOD[2],                                                   # line 7
        "周八,139 1111 4444,丙,,,,not a time,,,",                   # line 8
        ",139 1111 5555,丁,,,,,,,",                                 # line 9
    ]
    result, reported = run(clerk, *rows)
    assert (result.imported, result.failed) == (2, 4)
    assert reported == [(3, "import.unknown_designer"), (6, "milestone.acceptance_before_handover"),
                        (8, "date.unreadable"), (9, "customer.name_required")]
    assert counts(people)["customer"] == 2


def test_importing_the_same_rows_twice_changes_nothing(people, clerk):
    assert run(clerk, *GOOD)[0].failed == 0
    once = counts(people)
    plan_once = query(people, "SELECT id, project_id, key, due_at, status FROM follow_up ORDER BY id")
    result, reported = run(clerk, *GOOD)
    assert (result.imported, result.failed, reported) == (3, 0, [])
    assert counts(people) == once  # the audit trail too: nothing was written
    assert query(people, "SELECT id, project_id, key, due_at, status FROM follow_up ORDER BY id") == plan_once


def test_a_later_file_moves_milestones_and_empty_cells_keep_what_is_stored(people, clerk):
    run(clerk, GOOD[0])
    project_id = customers.find_by_phone("+8613812345678").projects[0].id
    # Only the new acceptance and a moved one; handover and staff cells left empty.
    result, _ = run(clerk, "张三,13812345678,正阳县建设路1号,,,孙志刚,,水电:2026-03-21 14:00;防水:2026-03-30 10:00,,")
    assert result.imported == 1
    detail = projects.detail(project_id)
    assert detail.handover_at == local("2026-03-02 09:30")
    assert detail.acceptances == {"开工": local("2026-03-06 10:00"), "水电": local("2026-03-21 14:00"),
                                  "防水": local("2026-03-30 10:00")}
    assert detail.staff["designer"][1] == "陈思远" and detail.staff["project_manager"][1] == "孙志刚"
    rows = query(people, "SELECT key, due_at FROM follow_up WHERE project_id = ? ORDER BY key", project_id)
    assert [key for key, _ in rows] == ["acceptance:开工", "acceptance:水电", "acceptance:防水", "handover"]
    # Saturday 14:00 + 72 h on the company clock: Monday 03-23 does not count
    assert dict(rows)["acceptance:水电"] == int(local("2026-03-25 14:00").timestamp())


def test_a_file_without_the_required_columns_is_refused_whole(people, clerk):
    with pytest.raises(Refused) as refused:
        run(clerk, "张三,甲", header="customer,address")
    assert refused.value.code == "file.bad_header"
    with pytest.raises(Refused) as refused:
        importing.run("projects", clerk, io.BytesIO(b""))
    assert refused.value.code == "file.empty"
    assert counts(people)["customer"] == 0


def test_header_names_in_any_order_and_case(people, clerk):
    result, _ = run(clerk, "13812345678,张三,2026-03-02 09:30", header=" Phone ,CUSTOMER,Handover_At")
    assert result.imported == 1
    card = customers.find_by_phone("+8613812345678")
    assert card.name == "张三" and projects.detail(card.projects[0].id).handover_at == local("2026-03-02 09:30")


# The command line


def cli(tmp_path, *args):
    env = dict(os.environ, HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), LOGNAME="importer", USER="importer")  # not who it is
    return subprocess.run([sys.executable, "-m", "callcenter", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=60)


def write(path: Path, lines, *, bom: bool, encoding: str = "utf-8") -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\r\n".join((HEADER, *lines)) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_cli_imports_with_or_without_bom_and_twice_changes_nothing(people, tmp_path, bom, os_user):
    db.close_database()
    csv_file = write(tmp_path / "projects.csv", GOOD, bom=bom)
    first = cli(tmp_path, "import", "projects", "--db", str(people), str(csv_file), "--lang", "en")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "3 rows imported, 0 rows failed" and first.stderr == ""
    once = counts(people)
    assert once["customer"] == 3 and once["project"] == 3 and once["acceptance"] == 9 and once["follow_up"] > 10
    again = cli(tmp_path, "import", "projects", "--db", str(people), str(csv_file), "--lang", "en")
    assert again.returncode == 0 and again.stdout == first.stdout
    assert counts(people) == once
    # The importer is the OS account (by its user id; $USER and $LOGNAME say nothing): the first
    # desk user of a database without one, so its supervisor.
    assert query(people, "SELECT DISTINCT actor FROM audit WHERE entity = 'project'") == [(os_user,)]


def test_cli_reports_bad_rows_on_stderr_imports_the_rest_and_exits_1(people, tmp_path):
    db.close_database()
    rows = [GOOD[0], "李四,13912345678,甲,无名氏,,,,,,", "王五,139 1111 2222,乙,,,,2026-03-10 09:00,开工:2026-03-01 09:00,,",
            "赵六,139 1111 3333,丙,,,,3月2日,,,", "孙七,139 1111 4444,丁,,,,2026-03-10 09:00,,,0",
            "周八,12,戊,,,,,,,", ",139 1111 5555,己,,,,,,,"]
    result = cli(tmp_path, "import", "projects", "--db", str(people), str(write(tmp_path / "p.csv", rows, bom=True)),
                 "--lang", "en")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'line 3, designer "无名氏": no designer named 无名氏',
        "line 4: an acceptance is dated before the design handover; please check the dates",
        'line 5, handover_at "3月2日": cannot read this time (e.g. 2026-12-01 08:03, 2026/12/1 8:03)',
        "line 6: the warranty must be 1 to 120 months",
        'line 7, phone "12": this is not a valid phone number; please check it',
        """line 8, customer "": the customer's name is required""",
    ]
    assert result.stdout.strip() == "1 rows imported, 6 rows failed"
    assert counts(people)["customer"] == 1
    zh = cli(tmp_path, "import", "projects", "--db", str(people), str(tmp_path / "p.csv"))
    assert zh.returncode == 1 and zh.stderr.splitlines()[0] == "第 3 行，designer「无名氏」：没有这位设计师：无名氏"
    assert zh.stdout.strip() == "已导入 1 行，失败 6 行"


def test_cli_refuses_a_file_it_cannot_use_with_one_line(people, tmp_path):
    db.close_database()
    missing = cli(tmp_path, "import", "projects", "--db", str(people), str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and len(missing.stderr.splitlines()) == 1
    (tmp_path / "cols.csv").write_text("name,tel\n张三,13812345678\n", encoding="utf-8")
    columns = cli(tmp_path, "import", "projects", "--db", str(people), str(tmp_path / "cols.csv"), "--lang", "en")
    assert columns.returncode == 1
    assert columns.stderr.splitlines() == [
        "line 1: unknown column: name", "line 1: unknown column: tel",
        "line 1: missing column: customer", "line 1: missing column: phone",
        "error: the header row has 4 problems; nothing imported"]
    gbk = write(tmp_path / "gbk.csv", [GOOD[2], "赵六,139 1111 2222,正阳县,,,,,,,"], bom=False, encoding="gbk")
    result = cli(tmp_path, "import", "projects", "--db", str(people), str(gbk), "--lang", "en")
    assert (result.returncode, result.stderr) == (0, "")  # what Chinese Excel saves as "CSV" is read
    assert result.stdout.strip() == "2 rows imported, 0 rows failed"
    usage = cli(tmp_path, "import", "invoices", "--db", str(people), str(gbk))
    assert usage.returncode == 2
