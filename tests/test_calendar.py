"""The company calendar: a supervisor opens or closes a day, open follow-ups move with it, and
`callcenter calendar` on the command line. Real database files; days chosen relative to today."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

import db
from callcenter import cli
from callcenter.rules.clock import now_utc
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import (
    calendar,
    complaints,
    customers,
    followups,
    projects,
)
from callcenter.services.errors import Refused
from db.models import Audit, CalendarDay, Complaint, FollowUp
from tests import raw

pytestmark = pytest.mark.engines  # each test on SQLite and on PostgreSQL (tests/conftest.py)

SH = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()


def today() -> date:
    return now_utc().astimezone(SH).date()


def a_plain_week() -> date:
    """A Sunday at least a week ahead whose Saturday to Wednesday hold no public holiday."""
    day = today() + timedelta(days=7)
    while day.isoweekday() != 7 or not all(CAL.is_working_day(day + timedelta(days=i)) for i in (-1, 0, 2, 3)):
        day += timedelta(days=1)
    return day


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH).astimezone(timezone.utc)


def plan_of(project_id):
    with db.reading():
        return {f.key: (f.status, f.due_at) for f in FollowUp.select().where(FollowUp.project == project_id)}


def kept(path) -> tuple:
    """What a refused change must leave as it was: days, trail, staff and every due time."""
    return (table_rows(path, "SELECT (SELECT count(*) FROM calendar_day), (SELECT count(*) FROM audit), "
                             "(SELECT count(*) FROM staff)"),
            table_rows(path, "SELECT id, due_at FROM follow_up ORDER BY id"))


def table_rows(path, sql):
    with raw.connect(path) as con:
        return con.execute(sql).fetchall()


@pytest.fixture
def site(database, clerk):
    """A site a week or more ahead: the handover on a Saturday at 10:00, the first acceptance on the
    Sunday after at 16:00 (so its call runs over the Monday, the rest day)."""
    sunday = a_plain_week()
    customer = customers.create(clerk, "张三", "", "广告", "138 1234 5678")
    project = projects.create(clerk, customer, "正阳县建设路1号")
    projects.save_milestones(clerk, project, local(sunday - timedelta(days=1), 10), {"开工": local(sunday, 16)},
                             None, None)
    return {"project": project, "sunday": sunday, "monday": sunday + timedelta(days=1)}


# ---- the service ----------------------------------------------------------------------------


def test_opening_a_monday_re_plans_what_it_moves_audited_and_clearing_puts_it_back(clerk, site):
    sunday, monday = site["sunday"], site["monday"]
    before = plan_of(site["project"])
    # Saturday 10:00 + 3 h = 13:00, lunch: 13:30; Sunday 16:00 + 72 h, Monday not counted: Thursday 16:00
    assert before["handover"] == ("open", local(sunday - timedelta(days=1), 13, 30))
    assert before["acceptance:开工"] == ("open", local(monday + timedelta(days=3), 16))

    change = calendar.open_day(clerk, monday, "装修旺季加班")
    assert change.moved == 1
    after = plan_of(site["project"])
    assert after["acceptance:开工"] == ("open", local(monday + timedelta(days=2), 16))  # Monday counts now
    assert after["handover"] == before["handover"]
    with db.reading():
        trail = [(a.entity, a.action, a.actor) for a in Audit.select().where(Audit.action.in_(("set", "replan")))]
        assert trail == [("calendar", "set", "wang"), ("followup", "replan", "wang")]
        day = CalendarDay.get_by_id(monday)
        assert (day.open, day.reason, day.updated_by) == (True, "装修旺季加班", "wang")
    [shown] = calendar.show(monday, monday)
    assert (shown.open, shown.why, shown.why_text, shown.hours) == (
        True, "opened", "opened: 装修旺季加班", (("08:00", "12:00"), ("13:30", "17:30")))

    assert calendar.clear_day(clerk, monday).moved == 1
    assert plan_of(site["project"]) == before
    assert calendar.show(monday, monday)[0].why_text == "rest_day"


def test_closing_a_day_moves_open_follow_ups_but_never_done_ones_or_complaint_deadlines(clerk, site):
    sunday = site["sunday"]
    with db.writing():  # the handover call was made
        FollowUp.update(status="done").where((FollowUp.project == site["project"]) & (FollowUp.key == "handover")).execute()
    customer = customers.create(clerk, "李四", "", "网络", "0396-2345678")
    cid = complaints.file(clerk, complaints.ComplaintDraft(
        respondent_id=clerk.id, respondent_role="other", kind="质量", description="墙面开裂",
        complainant_customer_id=customer))
    with db.reading():
        deadline = Complaint.get_by_id(cid).deadline_at
    closed = calendar.close_day(clerk, sunday + timedelta(days=2), "停电")  # the Tuesday
    assert closed.moved == 1
    after = plan_of(site["project"])
    assert after["handover"][0] == "done" and after["handover"][1] == local(sunday - timedelta(days=1), 13, 30)
    # Sunday 16:00: 8 h on Sunday, Monday and Tuesday closed, Wednesday, Thursday, then 16 h on Friday
    assert after["acceptance:开工"] == ("open", local(sunday + timedelta(days=5), 16))
    with db.reading():
        assert Complaint.get_by_id(cid).deadline_at == deadline


def test_a_warranty_call_moves_off_a_day_that_is_closed(clerk, database):
    customer = customers.create(clerk, "王五", "", "广告", "139 1234 5678")
    project = projects.create(clerk, customer, "正阳县人民路2号")
    final = now_utc().replace(microsecond=0) - timedelta(days=10)
    projects.save_milestones(clerk, project, final - timedelta(days=60), {}, final, None)
    first = plan_of(project)["warranty:1"][1]
    day = first.astimezone(SH).date()
    calendar.close_day(clerk, day, "盘点")
    moved = plan_of(project)["warranty:1"][1]
    assert moved == CAL.end_of_day(WorkCalendar(closed=frozenset({day})).next_working_day(day))
    assert moved > first


@pytest.mark.parametrize("act, day, reason, code", [
    ("open", lambda s: s["sunday"], "", "calendar.already_open"),
    ("close", lambda s: s["monday"], "", "calendar.already_closed"),
    ("clear", lambda s: s["sunday"], "", "calendar.nothing_to_clear"),
    ("close", lambda s: s["sunday"], "长" * 61, "field.too_long"),
    ("close", lambda s: today() - timedelta(days=1), "", "calendar.past"),
    ("close", lambda s: date(1999, 12, 31), "", "calendar.out_of_range"),
    ("open", lambda s: date(2101, 1, 3), "", "calendar.out_of_range"),
])
def test_bad_changes_are_refused_with_nothing_written(clerk, site, database, act, day, reason, code):
    before = kept(database)
    change = {"open": calendar.open_day, "close": calendar.close_day, "clear": calendar.clear_day}[act]
    with pytest.raises(Refused) as refused:
        change(clerk, day(site), reason)
    assert refused.value.code == code
    assert kept(database) == before


def test_only_a_supervisor_changes_the_calendar(clerk, site, desk_user):
    li = desk_user("li")
    with pytest.raises(Refused) as refused:
        calendar.open_day(li, site["monday"], "")
    assert refused.value.code == "calendar.supervisor_only"


def test_show_names_holidays_and_marks_estimates(database):
    days = {d.day: d for d in calendar.show(date(2026, 9, 30), date(2026, 10, 2))}
    assert [d.why_text for d in days.values()] == ["working", "holiday: 国庆节", "holiday: 国庆节"]
    assert days[date(2026, 10, 1)].hours == () and not days[date(2026, 10, 1)].open
    later = calendar.show(date(2027, 2, 6), date(2027, 2, 6))[0]
    assert (later.open, later.estimated, later.why_text) == (False, True, "holiday (estimated): 春节")
    with pytest.raises(Refused) as refused:
        calendar.show(date(2026, 10, 2), date(2026, 10, 1))
    assert refused.value.code == "calendar.bad_range"


def test_the_plan_reaching_estimated_years_is_told(clerk, database):
    assert calendar.estimates_reached() is None  # nothing planned
    customer = customers.create(clerk, "王五", "", "广告", "139 1234 5678")
    project = projects.create(clerk, customer, "正阳县人民路2号")
    final = now_utc().replace(microsecond=0) - timedelta(days=10)
    projects.save_milestones(clerk, project, final - timedelta(days=60), {}, final, 24)
    year = calendar.estimates_reached()
    assert year is not None and year > 2026  # chinese-calendar's official data ends with 2026 here


def test_a_due_time_explained_in_one_line(database):
    seen = calendar.explain_due(datetime(2026, 11, 29, 16, tzinfo=SH), timedelta(hours=3))
    assert calendar.describe(seen, "交底") == "交底 周日 16:00 → 下班后，顺延到 周二 08:00（不计休息日 11 月 30 日）"
    lunch = calendar.explain_due(datetime(2026, 1, 13, 10, tzinfo=SH), timedelta(hours=3))
    assert calendar.describe(lunch, "交底") == "交底 周二 10:00 → 午休时间，顺延到 周二 13:30"
    from callcenter import i18n

    i18n.set_language("en")
    plain = calendar.explain_due(datetime(2026, 12, 12, 10, tzinfo=SH), timedelta(hours=72))
    assert calendar.describe(plain, "Acceptance") == (
        "Acceptance Sat 10:00 → Wed 10:00 (closed days not counted: 12/14)")


def test_the_follow_up_line_names_the_day_of_the_handover(clerk, site):
    from callcenter.rules.text import fill
    from callcenter.services import settings as settings_service

    settings = settings_service.load()
    row = next(r for r in followups.queue(clerk.id).rows if r.key == "handover")
    values = followups.script_values(row, settings.zone)
    saturday = site["sunday"] - timedelta(days=1)
    assert values == {"stage": "", "event_date": f"{saturday.month} 月 {saturday.day} 日"}
    line = fill(settings.script("followup_handover"), company="红家", customer="张三", clerk="王", **values)
    assert f"{saturday.month} 月 {saturday.day} 日的设计交底进行得顺利吗" in line and "今天" not in line


# ---- the command line -------------------------------------------------------------------------


def run(capsys, *args):
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_calendar_show_as_json_and_as_a_table(database, capsys):
    code, out, err = run(capsys, "calendar", "show", "--db", str(database), "--from", "2026-09-30", "--to",
                         "2026-10-01", "--format", "json")
    assert (code, err) == (0, "")
    assert [json.loads(line) for line in out.splitlines()] == [
        {"date": "2026-09-30", "open": True, "hours": [["08:00", "12:00"], ["13:30", "17:30"]], "why": "working"},
        {"date": "2026-10-01", "open": False, "hours": [], "why": "holiday: 国庆节"},
    ]
    code, out, err = run(capsys, "calendar", "show", "--db", str(database), "--from", "2026-11-29", "--to",
                         "2026-11-30", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Day", "Open", "Hours", "Why"]
    assert lines[1].split() == ["2026-11-29", "Sun", "open", "08:00-12:00", "13:30-17:30", "working"]
    assert lines[2].split() == ["2026-11-30", "Mon", "closed", "rest", "day"]


def test_calendar_open_and_close_from_the_command_line(site, database, capsys, as_os_login):
    as_os_login("wang")
    monday = site["monday"].isoformat()
    code, out, err = run(capsys, "calendar", "open", monday, "--db", str(database), "--reason", "加班")
    assert (code, out, err) == (0, f"{monday} 已开放营业，1 条回访重新安排\n", "")
    code, out, _ = run(capsys, "calendar", "show", "--db", str(database), "--from", monday, "--to", monday,
                       "--format", "json")
    assert json.loads(out)["why"] == "opened: 加班"
    code, out, err = run(capsys, "calendar", "clear", monday, "--db", str(database), "--lang", "en")
    assert (code, out) == (0, f"{monday} is back to the usual calendar; 1 follow-ups re-planned\n")
    code, out, err = run(capsys, "calendar", "close", monday, "--db", str(database), "--lang", "en")
    assert (code, out, err) == (2, "", f"error: {monday} is already closed\n")


@pytest.mark.parametrize("args, code, message", [
    (["open", "2026-02-30"], 2, "error: not a date: 2026-02-30"),
    (["close", "next monday"], 2, "error: not a date: next monday"),
    (["show", "--from", "2026-13-01"], 2, "error: not a date: 2026-13-01"),
    (["open", "1999-12-27"], 2, "error: the date must fall between 2000 and 2100"),
    (["close", "2101-01-04"], 2, "error: the date must fall between 2000 and 2100"),
    (["close", "{sunday}", "--reason", "长" * 61], 2, "error: Reason is too long: at most 60 characters"),
    (["open", "{sunday}"], 2, "error: {sunday} is already open"),
    (["close", "{monday}"], 2, "error: {monday} is already closed"),
    (["clear", "{sunday}"], 2, "error: {sunday} was neither opened nor closed by a supervisor"),
    (["close", "{sunday}", "li"], 1, "error: only a supervisor can run calendar close"),
])
def test_bad_calendar_commands_say_one_line_and_write_nothing(site, database, capsys, args, code, message, desk_user,
                                                              as_os_login):
    desk_user("li")  # a clerk, not a supervisor
    days = {"sunday": site["sunday"].isoformat(), "monday": site["monday"].isoformat()}
    args = [a.format(**days) for a in args]
    clerk = args[-1] == "li"
    as_os_login(args.pop() if clerk else "wang")  # who is at the keyboard
    (days_before, audit_before, staff_before), *due_before = kept(database)[0][0], kept(database)[1]
    got, out, err = run(capsys, "calendar", *args, "--db", str(database), "--lang", "en")
    assert (got, out, err) == (code, "", message.format(**days) + "\n")
    # Nothing changed; a role refused is in the trail.
    assert kept(database) == ([(days_before, audit_before + clerk, staff_before)], *due_before)


def test_an_unanswered_call_retries_on_the_company_clock_and_moves_with_the_calendar(clerk, site):
    from callcenter.services import settings as settings_service
    from db.models import Call

    sunday, monday = site["sunday"], site["monday"]
    settings = settings_service.load()
    customer = customers.create(clerk, "赵六", "", "广告", "137 1234 5678")
    followup_id = followups.add_manual(clerk, customer, followups.ManualDraft(now_utc() + timedelta(hours=1)))
    with db.writing():  # the call that rang out on Sunday at 17:00 (written straight in: a later date)
        call = Call.create(started_at=local(sunday, 16, 59), ended_at=local(sunday, 17), direction="out",
                           customer=customer, clerk=clerk.id)
        followups.record_outcome(clerk, followup_id, "no_answer", call.id, None, settings)
    with db.reading():
        assert FollowUp.get_by_id(followup_id).due_at == local(monday + timedelta(days=1), 8)  # 19:00: closed
    calendar.open_day(clerk, monday, "")
    with db.reading():
        assert FollowUp.get_by_id(followup_id).due_at == local(monday, 8)  # the next opening is Monday's now


def test_due_times_explained_for_the_follow_up_queue_and_the_complaint_screen(clerk, site):
    sunday = site["sunday"]
    rows = {r.key: r for r in followups.queue(clerk.id).rows}
    seen = followups.explain_due(rows["acceptance:开工"])
    assert (seen.start, seen.skipped, seen.moved) == (local(sunday, 16), (site["monday"],), "")
    assert seen.due == rows["acceptance:开工"].due_at
    assert followups.explain_due(rows["handover"]).moved == "break"  # Saturday 13:00 is lunch
    customer = customers.create(clerk, "李四", "", "网络", "0396-2345678")
    cid = complaints.file(clerk, complaints.ComplaintDraft(
        respondent_id=clerk.id, respondent_role="other", kind="质量", description="墙面开裂",
        complainant_customer_id=customer))
    row = complaints.detail(cid).row
    assert complaints.explain_deadline(row).due == row.deadline_at
    complaints.set_deadline(clerk, cid, row.deadline_at + timedelta(hours=5))
    assert complaints.explain_deadline(complaints.detail(cid).row) is None  # a supervisor's, not the clock's


def test_the_queue_says_why_the_company_clock_moved_a_due_time(clerk, site):
    rows = {r.key: r for r in followups.queue(clerk.id).rows}
    lines = followups.moved_dues(list(rows.values()))
    assert lines[rows["handover"].id].startswith("交底 周六 ") and "午休时间，顺延到 周六 13:30" in lines[rows["handover"].id]
    assert lines[rows["acceptance:开工"].id] == calendar.describe(followups.explain_due(rows["acceptance:开工"]), "开工验收")
    assert "（不计休息日" in lines[rows["acceptance:开工"].id]
    assert all(lines.get(r.id) is None for r in rows.values() if r.key.startswith("warranty"))
