"""Demo data (deterministic, valid, realistic) and the calls export (JSON lines, CSV, date filters)."""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import db
from callcenter.exchange.writers import open_writer
from callcenter.rules.clock import parse_day
from callcenter.rules.followup_plan import Milestones, check, plan
from callcenter.rules.phone import parse_phone
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import calls, demo, export, staff
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused

ROOT = Path(__file__).resolve().parent.parent
ZONE = "Asia/Shanghai"
TODAY = date(2026, 11, 27)  # a Friday
CUSTOMERS, CALLS = 200, 2000
TABLES = ("staff", "customer", "customer_key", "project", "acceptance", "call", "follow_up", "rating", "message")


def filled(path, seed=1, customers=CUSTOMERS, calls_=CALLS):
    db.open_database(path, create=True)
    assert demo.is_empty()
    assert demo.fill(customers, calls_, seed, today=TODAY) == (customers, calls_)
    return path


def dump(path) -> dict[str, list]:
    with sqlite3.connect(path) as conn:
        return {table: conn.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall() for table in TABLES}


def query(path, sql, *params):
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """One demo database for the read-only checks; each test rebinds the models to it."""
    path = filled(tmp_path_factory.mktemp("demo") / "demo.db")
    yield path


@pytest.fixture
def opened(demo_db):
    db.open_database(demo_db)
    return demo_db


def run_cli(tmp_path, *args):
    """The real command line, in a child process with its own config and data folders."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    return subprocess.run([sys.executable, "-m", "callcenter", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


# Demo data

def test_same_seed_gives_the_same_rows_and_another_seed_other_rows(tmp_path, demo_db):
    again = dump(filled(tmp_path / "again.db"))
    assert again == dump(demo_db)
    other = dump(filled(tmp_path / "other.db", seed=2))
    assert other["customer"] != again["customer"] and other["call"] != again["call"]


def test_sizes_and_people(opened):
    counts = {table: query(opened, f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in TABLES}
    assert counts["customer"] == CUSTOMERS and counts["call"] == CALLS
    assert counts["customer_key"] >= CUSTOMERS
    roles = dict(query(opened, "SELECT role, COUNT(*) FROM staff GROUP BY role"))
    # three clerks and the supervisor, and the demo clerk once someone not in the directory came in
    assert roles["clerk"] in (4, 5) and roles["admin_assistant"] == 1 and roles["deputy_gm"] == 1
    assert roles["designer"] >= 3 and roles["qc_inspector"] >= 2 and roles["project_manager"] >= 2
    assert sorted(query(opened, "SELECT login FROM staff WHERE is_supervisor")) == [("assistant",), ("deputy",), ("supervisor",)]
    per_customer = dict(query(opened, "SELECT n, COUNT(*) FROM (SELECT c.id, COUNT(p.id) n FROM customer c "
                                      "LEFT JOIN project p ON p.customer_id = c.id GROUP BY c.id) GROUP BY n"))
    assert set(per_customer) == {0, 1, 2} and per_customer[1] > per_customer[0] + per_customer[2]
    linked = query(opened, "SELECT AVG(customer_id IS NOT NULL) FROM call")[0][0]
    assert 0.8 < linked < 0.97
    open_, relayed = query(opened, "SELECT SUM(relayed_at IS NULL), SUM(relayed_at IS NOT NULL) FROM message")[0]
    assert open_ >= 3 and relayed >= 10


def test_anyone_comes_into_a_demo_database_as_the_demo_clerk_without_being_added(opened):
    before = query(opened, "SELECT count(*) FROM staff")[0][0]
    zhang = staff.sign_in("zhang")
    assert (zhang.login, zhang.is_supervisor) == (staff.DEMO_LOGIN, False)
    assert staff.sign_in("li_si") == zhang
    assert query(opened, "SELECT login FROM staff WHERE login IN ('zhang', 'li_si')") == []
    assert query(opened, "SELECT count(*) FROM staff")[0][0] <= before + 1  # the demo clerk, once
    assert query(opened, "SELECT name FROM database_mark") == [("demo",)]


def test_fill_refuses_a_database_with_customers(opened):
    with pytest.raises(Refused) as refused:
        demo.fill(10, 10, today=TODAY)
    assert refused.value.code == "demo.not_empty"


def test_every_phone_parses_to_its_stored_number(opened):
    for raw, e164, last4 in query(opened, "SELECT phone_raw, phone_e164, phone_last4 FROM customer"):
        phone = parse_phone(raw, "CN", "0396")
        assert (phone.e164, phone.last4) == (e164, last4), raw
    assert len({e164 for _, e164, _ in query(opened, "SELECT phone_raw, phone_e164, 1 FROM customer")}) == CUSTOMERS
    for raw, e164 in query(opened, "SELECT DISTINCT phone_raw, phone_e164 FROM call WHERE phone_raw != ''"):
        assert parse_phone(raw, "CN", "0396").e164 == e164, raw
    copied = query(opened, "SELECT COUNT(*) FROM call JOIN customer c ON c.id = call.customer_id "
                           "WHERE call.phone_raw != c.phone_raw OR call.phone_e164 IS NOT c.phone_e164")
    assert copied == [(0,)]
    typed = [raw for (raw,) in query(opened, "SELECT phone_raw FROM customer")]
    for form in (lambda r: r.startswith("+86"), lambda r: r.startswith("(0396)"), lambda r: "-" in r,
                 lambda r: " " in r, lambda r: r.isdigit() and len(r) == 7, lambda r: r.isdigit() and len(r) == 11):
        assert any(form(raw) for raw in typed)


def test_calls_fall_in_opening_hours_of_the_last_year_and_today_has_some(opened):
    zone = ZoneInfo(ZONE)
    for started, ended in query(opened, "SELECT started_at, ended_at FROM call"):
        moment = datetime.fromtimestamp(started, zone)
        assert TODAY - timedelta(days=364) <= moment.date() <= TODAY
        assert time(8) <= moment.time() < time(12) or time(13, 30) <= moment.time() < time(17, 30)
        assert ended > started
    today = calls.contacts_on(TODAY, ZONE)
    assert today.rows and all(row.started_at.astimezone(zone).date() == TODAY for row in today.rows)


def test_without_a_day_the_demo_ends_now(tmp_path):
    """Today's calls are in the past, unless the desk has been open less than an hour (then its first)."""
    db.open_database(tmp_path / "now.db", create=True)
    demo.fill(20, 300)
    zone = ZoneInfo(ZONE)
    today = datetime.now(zone).date()
    latest = max(datetime.now(timezone.utc), at(today, 9))
    assert query(tmp_path / "now.db", "SELECT MAX(started_at) FROM call")[0][0] <= latest.timestamp()
    assert calls.contacts_on(today, ZONE).rows


def test_projects_carry_milestones_and_exactly_their_planned_follow_ups(opened):
    settings = settings_service.load()
    calendar = WorkCalendar.from_settings(settings)
    end = at(TODAY, 17, 30)
    today = at(TODAY, 0)
    stored = {}
    for project, key, reason, stage, due, status, done_at in query(
            opened, "SELECT project_id, key, reason, stage, due_at, status, done_at FROM follow_up "
                    "WHERE reason IN ('handover', 'acceptance', 'warranty')"):
        stored.setdefault(project, {})[key] = (reason, stage, due)
        assert status in ("open", "done")
        assert status == "open" or due < today.timestamp()  # today's and later ones are all open
        assert (done_at is not None) == (status == "done")
    stages = {}
    for project, stage, when in query(opened, "SELECT project_id, stage, at FROM acceptance ORDER BY at"):
        stages.setdefault(project, []).append((stage, datetime.fromtimestamp(when, timezone.utc)))
    kinds = {"handover": 0, "some acceptances": 0, "finished": 0}
    for project, handover, final, months in query(
            opened, "SELECT id, handover_at, final_acceptance_at, warranty_months FROM project"):
        if handover is None:
            assert project not in stages and project not in stored
            continue
        utc = lambda stamp: datetime.fromtimestamp(stamp, timezone.utc) if stamp else None  # noqa: E731
        milestones = Milestones(utc(handover), tuple(stages.get(project, ())), utc(final),
                                months or settings["warranty_months"])
        check(milestones, end)  # realistic: in order, nothing after the demo's end
        assert max([handover, final or 0] + [int(t.timestamp()) for _, t in milestones.acceptances]) <= end.timestamp()
        expected = {p.key: (p.reason, p.stage, int(p.due_at.timestamp())) for p in plan(milestones, calendar)}
        assert stored.get(project) == expected, project
        kinds["handover"] += 1
        kinds["some acceptances"] += bool(milestones.acceptances) and final is None
        kinds["finished"] += final is not None
    projects_ = query(opened, "SELECT COUNT(*) FROM project")[0][0]
    assert kinds["handover"] > projects_ * 0.6 and kinds["some acceptances"] and kinds["finished"]
    statuses = dict(query(opened, "SELECT status, COUNT(*) FROM follow_up GROUP BY status"))
    assert statuses["done"] > statuses["open"] > 0
    overdue = query(opened, "SELECT COUNT(*) FROM follow_up WHERE status = 'open' AND due_at < ?", today.timestamp())
    assert overdue[0][0] > 0
    manual = query(opened, "SELECT assignee_id, note, due_at FROM follow_up WHERE reason = 'manual'")
    assert len(manual) >= 8 and all(assignee and note for assignee, note, _ in manual)
    assert any(today.timestamp() <= due < (today + timedelta(days=1)).timestamp() for _, _, due in manual)


def test_ratings_rate_the_project_people_on_outgoing_calls(opened):
    rows = query(opened, "SELECT r.score, r.role, r.staff_id, p.designer_id, p.qc_inspector_id, p.project_manager_id, "
                         "c.direction, c.customer_id = p.customer_id, r.at = c.ended_at, c.started_at > p.handover_at "
                         "FROM rating r JOIN call c ON c.id = r.call_id JOIN project p ON p.id = r.project_id")
    assert len(rows) >= 20
    for score, role, person, designer, qc, pm, direction, same_customer, same_time, after in rows:
        assert 1 <= score <= 5 and direction == "out" and same_customer and same_time and after
        assert person == {"designer": designer, "qc_inspector": qc, "project_manager": pm}[role]
    assert {role for _, role, *_ in rows} == {"designer", "qc_inspector", "project_manager"}
    assert len({score for score, *_ in rows}) >= 3


def test_checklists_match_their_counts(opened):
    items = json.loads(query(opened, "SELECT value FROM setting WHERE key = 'checklist'")[0][0])
    rows = query(opened, "SELECT channel, checklist, checklist_ticked, checklist_total FROM call")
    for channel, checklist, ticked, total in rows:
        ticks = json.loads(checklist)
        assert (sum(ticks.values()), len(ticks)) == (ticked, total)
        assert list(ticks) == (items if channel == "phone" else [])
    assert {channel for channel, *_ in rows} == {"phone", "visit", "fax"}


# Export

CALL_COLUMNS = [column.name for column in export.KINDS["calls"].columns]


def export_calls(fmt: str, start=None, end=None) -> tuple[int, str]:
    """(rows, text) of the calls exported as `fmt` into memory."""
    out = io.BytesIO()
    writer = open_writer(fmt, out, export.KINDS["calls"].columns, ZoneInfo(ZONE))
    count = export.export("calls", writer, ZONE, start, end)
    writer.close()
    return count, out.getvalue().decode("utf-8-sig")


def test_export_json_has_every_field_with_zone_offsets(opened):
    count, text = export_calls("jsonl")
    assert count == CALLS
    records = [json.loads(line) for line in text.splitlines()]
    assert len(records) == CALLS and all(list(r) == CALL_COLUMNS for r in records)
    assert [r["started_at"] for r in records] == sorted(r["started_at"] for r in records)
    assert all(r["started_at"].endswith("+08:00") and r["ended_at"].endswith("+08:00") for r in records)
    first = query(opened, "SELECT id, started_at FROM call ORDER BY started_at, id LIMIT 1")[0]
    assert records[0]["id"] == first[0]
    assert datetime.fromisoformat(records[0]["started_at"]).timestamp() == first[1]
    assert {r["clerk"] for r in records} == {"wang", "li", "zhou"}
    assert any(r["customer"] is None for r in records) and any(r["customer"] for r in records)
    for r in records:
        expected = round(r["checklist_ticked"] / r["checklist_total"], 3) if r["checklist_total"] else None
        assert r["checklist_score"] == expected


def test_export_csv_header_and_rows(opened):
    count, text = export_calls("csv")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert count == CALLS and rows[0] == CALL_COLUMNS and len(rows) == CALLS + 1


def test_export_rejects_an_unknown_format(opened):
    with pytest.raises(ValueError):
        open_writer("xml", io.BytesIO(), export.KINDS["calls"].columns, ZoneInfo(ZONE))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(ZONE)).astimezone(timezone.utc)


def save_call(clerk, started: datetime, notes: str = "") -> int:
    draft = calls.CallDraft(started_at=started, ended_at=started + timedelta(minutes=3),
                            phone_text="138 1234 5678", category="咨询", notes=notes)
    return calls.save(clerk, draft)


def test_date_filters_include_the_to_day_in_the_company_zone(database, clerk, tmp_path):
    days = [date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30), date(2026, 12, 1)]
    ids = [save_call(clerk, at(days[0], 23, 59)), save_call(clerk, at(days[1], 0, 0)),
           save_call(clerk, at(days[2], 23, 59)), save_call(clerk, at(days[3], 0, 0))]
    start, end = parse_day("2026-11-27", ZONE), parse_day("2026-11-30", ZONE, end=True)
    count, text = export_calls("jsonl", start, end)
    assert count == 2
    assert [json.loads(line)["id"] for line in text.splitlines()] == ids[1:3]
    result = run_cli(tmp_path, "export", "calls", "--db", str(database), "--from", "2026-11-27", "--to", "2026-11-30")
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ids[1:3]
    result = run_cli(tmp_path, "export", "calls", "--db", str(database), "--from", "2026-11-30")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ids[2:]


NASTY = '[bold red]备注[/]\x1b[31m红字\x1b[0m, "引号"\n第二行\r\n第三行\t制表 \\ \u2028 end'


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_notes_of_any_kind_round_trip(database, clerk, fmt):
    call_id = save_call(clerk, at(TODAY, 9, 30), NASTY)
    _, text = export_calls(fmt)
    if fmt == "jsonl":
        lines = text.split("\n")
        assert len(lines) == 2 and lines[1] == "" and "\x1b" not in text  # one line, escapes escaped
        record = json.loads(lines[0])
    else:
        header, row = list(csv.reader(io.StringIO(text, newline="")))
        record = dict(zip(header, row))
    assert record["notes"] == NASTY and str(record["id"]) == str(call_id)
    assert record["started_at"] == "2026-11-27T09:30:00+08:00"


# The real command line

def test_cli_demo_then_export(tmp_path):
    path = tmp_path / "cli.db"
    result = run_cli(tmp_path, "demo", "--db", str(path), "--customers", "50", "--calls", "500")
    assert result.returncode == 0, result.stderr
    assert query(path, "SELECT COUNT(*) FROM call") == [(500,)]
    out = tmp_path / "calls.csv"
    result = run_cli(tmp_path, "export", "calls", "--db", str(path), "--format", "csv", "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "500 rows exported"
    assert len(list(csv.reader(out.open(encoding="utf-8", newline="")))) == 501
    again = run_cli(tmp_path, "demo", "--db", str(path), "--customers", "5", "--calls", "5")
    assert again.returncode == 1 and len(again.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [("--format", "xml"), ("--from",), ("--bogus",)])
def test_cli_export_bad_usage_exits_2(tmp_path, args):
    result = run_cli(tmp_path, "export", "calls", "--db", str(tmp_path / "x.db"), *args)
    assert result.returncode == 2


def test_cli_export_bad_date_exits_1(tmp_path):
    result = run_cli(tmp_path, "export", "calls", "--db", str(tmp_path / "x.db"), "--from", "27/11/2026")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
