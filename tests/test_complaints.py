"""Complaints (rules 11-13) and praise (rule 19), against a real database: deadlines and escalation
at chosen moments, no double escalation across processes, the reopen path, supervisors' rights,
praise forwarding, the staff view, and `callcenter complaints`."""
from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import traceback
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import db
from callcenter.rules import complaints as rules
from callcenter.rules.clock import now_utc
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import complaints, praise, signin, staff_view
from callcenter.services import settings as settings_service
from callcenter.services.complaints import ComplaintDraft
from callcenter.services.errors import Refused
from db import engine
from db.models import (
    COMPLAINT_DUE_WHERE,
    COMPLAINT_OPEN_WHERE,
    Audit,
    Call,
    Complaint,
    ComplaintAction,
    Customer,
    FollowUp,
    Praise,
    Project,
    Rating,
    Staff,
)
from tests import raw

pytestmark = pytest.mark.engines  # each test on SQLite and on PostgreSQL (tests/conftest.py)

ROOT = Path(__file__).resolve().parent.parent
UTC = timezone.utc
SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)


# ---- the rules, table-driven ------------------------------------------------------------------

CALENDAR = WorkCalendar()


def at(*args) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


def deadline_of(received: datetime, hours: int = 24) -> datetime:
    """The deadline on the company clock (the rule's own table is tests/test_company_clock.py)."""
    return rules.deadline(received, hours, CALENDAR)


@pytest.mark.parametrize("received, hours, deadline", [
    (at(2026, 11, 29, 17), 24, at(2026, 12, 1, 17)),  # Sunday 17:00: Monday does not count
    (at(2026, 12, 1, 20), 24, at(2026, 12, 3, 8)),  # Wednesday 20:00 is after closing
    (at(2026, 12, 2, 9, 30), 24, at(2026, 12, 3, 9, 30)),
    (at(2026, 12, 2, 9, 30), 8, at(2026, 12, 3, 8)),  # 17:30 is closing time: Thursday 08:00
])
def test_deadline_is_the_receipt_plus_the_setting_on_the_company_clock(received, hours, deadline):
    assert rules.deadline(received, hours, CALENDAR) == deadline


DUE = at(2026, 11, 29, 16)  # a Sunday; the deputy GM's turn comes 24 counted hours later: Tuesday 16:00


@pytest.mark.parametrize("now, level", [
    (DUE - timedelta(hours=3), 0),
    (DUE - SECOND, 0),
    (DUE, 1),  # at the deadline itself: overdue, to the administrative assistant
    (DUE + SECOND, 1),
    (DUE + timedelta(hours=24), 1),  # Monday 16:00: the rest day does not count
    (at(2026, 12, 1, 16) - SECOND, 1),
    (at(2026, 12, 1, 16), 2),  # a further 24 counted hours: to the deputy general manager
    (DUE + timedelta(days=30), 2),
])
def test_target_level_at_each_step(now, level):
    assert rules.target_level(DUE, now, 24, False, CALENDAR) == level
    assert rules.target_level(DUE, now, 24, True, CALENDAR) == 0


@pytest.mark.parametrize("now", [at(2026, 11, 30, 10), at(2026, 12, 1, 15, 59, 59), at(2026, 12, 1, 16),
                                 at(2026, 12, 1, 19), at(2026, 12, 2, 7)])
def test_the_level_two_cutoff_agrees_with_target_level(now):
    cutoff = datetime.fromtimestamp(rules.level_two_cutoff(now, 24, CALENDAR), UTC)
    assert rules.target_level(cutoff, now, 24, False, CALENDAR) == 2
    assert rules.target_level(cutoff + SECOND, now, 24, False, CALENDAR) == 1


@pytest.mark.parametrize("left, urgency", [
    (timedelta(hours=5), "ok"),
    (timedelta(hours=2), "ok"),
    (timedelta(hours=2) - SECOND, "soon"),  # amber under 2 hours
    (SECOND, "soon"),
    (timedelta(0), "overdue"),  # red from the deadline on
    (-timedelta(hours=30), "overdue"),
])
def test_urgency(left, urgency):
    assert rules.urgency(DUE, DUE - left) == urgency


def test_the_services_conditions_match_the_partial_indexes(database):
    assert complaints._OPEN_LITERAL in COMPLAINT_OPEN_WHERE
    assert COMPLAINT_DUE_WHERE.startswith(COMPLAINT_OPEN_WHERE)
    for query, index in ((complaints._rows(complaints.OPEN).order_by(Complaint.deadline_at).limit(5), "complaint_open"),
                         (Complaint.select().where(complaints.DUE & (Complaint.deadline_at <= 5)), "complaint_due")):
        sql, params = query.sql()
        with db.reading(), db.database.atomic():
            server = engine.is_server(db.database)
            if server:  # a few rows: the planner would scan; can a partial index serve?
                db.database.execute_sql("SET LOCAL enable_seqscan = off")
            plan = engine.plan(db.database, sql, params)
        # With no statistics PostgreSQL may take the other index on the open ones: as partial, as good.
        assert index in plan or (server and index == "complaint_open" and "complaint_escalated" in plan)


# ---- a small company ------------------------------------------------------------------------


@pytest.fixture
def company(database, clerk, desk_user):
    """Project staff, the two people complaints escalate to, a customer with a project, and a
    clerk who is no supervisor (the fixture's `clerk` is the first desk user, so a supervisor)."""
    now = now_utc()
    people = {}
    with db.writing():
        for key, name, role in (("designer", "陈思远", "designer"), ("qc", "周建军", "qc_inspector"),
                                ("pm", "赵长海", "project_manager"), ("pm2", "孙志刚", "project_manager"),
                                ("assistant", "何丽萍", "admin_assistant"), ("deputy", "高振华", "deputy_gm")):
            people[key] = Staff.create(name=name, role=role, created_at=now).id
        customer = Customer.create(name="王芳", phone_raw="13912340000", phone_e164="+8613912340000",
                                   phone_last4="0000", created_at=now, updated_at=now)
        project = Project.create(customer=customer.id, address="正阳县幸福小区 1 栋", designer=people["designer"],
                                 qc_inspector=people["qc"], project_manager=people["pm"], created_at=now)
    people.update(customer=customer.id, project=project.id, supervisor=clerk, clerk=desk_user("li"))
    assert clerk.is_supervisor and not people["clerk"].is_supervisor
    return people


def draft(company, **changes) -> ComplaintDraft:
    values = dict(respondent_id=company["pm"], respondent_role="project_manager", kind="工期",
                  description="工期延误5天", complainant_customer_id=company["customer"], project_id=company["project"])
    values.update(changes)
    return ComplaintDraft(**values)


def counts(path) -> tuple:
    with raw.connect(path) as con:
        return tuple(con.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                     for table in ("complaint", "complaint_action", "praise", "follow_up", "audit"))


def actions_of(complaint_id):
    return [(action, text, level) for _, _, action, text, level in complaints.detail(complaint_id).actions]


# ---- filing ---------------------------------------------------------------------------------


def test_a_complaint_is_filed_with_its_deadline_log_and_audit(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(hours=3)
    cid = complaints.file(company["clerk"], draft(company, received_at=received, responsible_id=company["pm2"]))
    found = complaints.detail(cid)
    assert found.row.deadline_at == deadline_of(received)
    assert (found.row.status, found.row.urgency, found.row.escalation_level) == ("new", "ok", 0)
    assert (found.row.respondent, found.row.responsible, found.row.complainant) == ("赵长海", "孙志刚", "王芳")
    assert found.row.project == "正阳县幸福小区 1 栋" and not found.row.staff_dispute
    assert actions_of(cid) == [("filed", "", None), ("responsible", "孙志刚", None)]
    with db.reading():
        assert Audit.select().where((Audit.entity == "complaint") & (Audit.entity_id == str(cid))).count() == 1


def test_the_deadline_hours_come_from_the_setting(database, company):
    settings_service.save(company["supervisor"], "complaint_deadline_hours", 8)
    received = now_utc().replace(microsecond=0) - HOUR
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    assert complaints.detail(cid).row.deadline_at == deadline_of(received, 8)


@pytest.mark.parametrize("changes, code", [
    ({"respondent_id": None}, "complaint.respondent_required"),
    ({"description": "   "}, "complaint.description_required"),
    ({"description": "长" * 2001}, "field.too_long"),
    ({"kind": "服务"}, "complaint.bad_kind"),
    ({"respondent_role": "boss"}, "complaint.bad_role"),
    ({"complainant_customer_id": None}, "complaint.complainant_required"),
    ({"complainant_staff_id": -1}, "complaint.complainant_both"),
    ({"received_at": now_utc() + timedelta(hours=1)}, "complaint.received_in_future"),
    ({"respondent_id": 9999}, "staff.unknown"),
    ({"responsible_id": 9999}, "staff.unknown"),
    ({"project_id": 9999}, "complaint.unknown_project"),
])
def test_bad_complaints_are_refused_with_nothing_written(database, company, changes, code):
    before = counts(database)
    with pytest.raises(Refused) as refused:
        complaints.file(company["clerk"], draft(company, **changes))
    assert refused.value.code == code
    assert counts(database) == before


def test_a_refusal_inside_a_callers_transaction_leaves_nothing_behind(database, company):
    """insert() runs inside a call's save: a refusal there rolls the whole save back."""
    settings = settings_service.load()
    before = counts(database)
    with pytest.raises(Refused):
        with db.writing():
            complaints.insert(company["clerk"], draft(company), settings)  # fine, then:
            complaints.insert(company["clerk"], draft(company, respondent_id=9999), settings)
    assert counts(database) == before


# ---- escalation -----------------------------------------------------------------------------


def test_escalation_at_each_step_and_never_twice(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(days=10)
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    due = deadline_of(received)
    assert complaints.escalate_due(due - SECOND) == []
    first = complaints.escalate_due(due)
    assert [(e.complaint_id, e.level, e.to, e.at) for e in first] == [(cid, 1, "何丽萍", due)]
    assert complaints.escalate_due(due) == [] and complaints.escalate_due(due + HOUR) == []
    row = complaints.detail(cid, due + HOUR).row
    assert (row.escalation_level, row.escalated_to, row.urgency) == (1, "何丽萍", "overdue")
    assert complaints.count_for(company["assistant"]) == 1
    assert [r.id for r in complaints.listing(due, for_staff_id=company["assistant"]).rows] == [cid]

    later = deadline_of(due)  # the second step counts its 24 hours on the company clock too
    assert complaints.escalate_due(later - SECOND) == []
    assert [(e.level, e.to) for e in complaints.escalate_due(later)] == [(2, "高振华")]
    assert complaints.escalate_due(later + timedelta(days=3)) == []
    assert complaints.count_for(company["assistant"]) == 0 and complaints.count_for(company["deputy"]) == 1
    escalations = [(a[2], a[3], a[4]) for a in complaints.detail(cid).actions if a[2] == "escalated"]
    assert escalations == [("escalated", "何丽萍", 1), ("escalated", "高振华", 2)]
    with db.reading():
        times = [a.at for a in ComplaintAction.select().where(ComplaintAction.action == "escalated")
                 .order_by(ComplaintAction.id)]
        assert times == [due, later]
        assert Audit.select().where((Audit.entity == "complaint") & (Audit.action == "escalate")).count() == 2


def test_a_complaint_late_past_both_steps_goes_through_level_one_then_two_once(database, company):
    """A missed pass skips no one: the assistant's step is in the log and the audit trail too,
    both dated at the pass that made them (when the complaint was really handed on)."""
    received = now_utc().replace(microsecond=0) - timedelta(days=10)
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    other = complaints.file(company["clerk"], draft(company, received_at=received + timedelta(days=3, hours=12)))
    at = received + timedelta(days=5)  # 4 days late for the first, half a day (level 1 only) for the other
    done = complaints.escalate_due(at)
    assert [(e.complaint_id, e.level, e.to, e.at) for e in done] == [
        (cid, 1, "何丽萍", at), (cid, 2, "高振华", at), (other, 1, "何丽萍", at)]
    assert [a for a in actions_of(cid) if a[0] == "escalated"] == [("escalated", "何丽萍", 1), ("escalated", "高振华", 2)]
    with db.reading():
        rows = (ComplaintAction.select(ComplaintAction.level, ComplaintAction.at)
                .where((ComplaintAction.complaint == cid) & (ComplaintAction.action == "escalated"))
                .order_by(ComplaintAction.id).tuples())
        assert list(rows) == [(1, at), (2, at)]
        audits = [(json.loads(a.before), json.loads(a.after)) for a in Audit.select().where(
            (Audit.entity_id == str(cid)) & (Audit.action == "escalate")).order_by(Audit.id)]
    assert audits == [({"escalation_level": 0}, {"escalation_level": 1, "escalated_to": company["assistant"]}),
                      ({"escalation_level": 1}, {"escalation_level": 2, "escalated_to": company["deputy"]})]
    assert complaints.detail(cid).row.escalated_to == "高振华"
    assert complaints.escalate_due(at) == []


def test_escalating_at_a_later_moment_than_now_is_refused_and_writes_nothing(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(hours=23)
    complaints.file(company["clerk"], draft(company, received_at=received))
    before = counts(database)
    with pytest.raises(Refused) as refused:
        complaints.escalate_due(now_utc() + timedelta(hours=2))
    assert refused.value.code == "complaint.escalate_future"
    assert counts(database) == before
    assert complaints.escalate_due() == []  # now: not late yet


def test_resolved_and_finished_complaints_do_not_escalate(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(days=6)
    cid = complaints.file(company["clerk"], draft(company, received_at=received, responsible_id=company["pm"]))
    complaints.resolve(company["clerk"], cid, "已上门维修")
    assert complaints.escalate_due(received + timedelta(days=5)) == []


def test_escalation_without_anyone_in_the_role_still_raises_the_level_once(database, company):
    with db.writing():
        Staff.update(active=False).where(Staff.role == "admin_assistant").execute()
    received = now_utc().replace(microsecond=0) - timedelta(days=3)
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    assert [(e.level, e.to) for e in complaints.escalate_due(deadline_of(received) + HOUR)] == [(1, "")]
    assert complaints.escalate_due(deadline_of(received) + HOUR) == []
    assert complaints.detail(cid).row.escalated_to == ""


def _escalating_process(path: str, at: str, barrier, results) -> None:
    try:
        import db as database_module
        from callcenter.services import complaints as service

        database_module.open_database(path)
        barrier.wait(timeout=60)
        done = service.escalate_due(datetime.fromisoformat(at))
        results.put(("ok", [(e.complaint_id, e.level) for e in done]))
    except BaseException:  # noqa: BLE001 - every failure goes back to the test
        results.put(("error", traceback.format_exc()))


def test_processes_escalating_together_escalate_each_complaint_once(database, company, tmp_path):
    received = now_utc().replace(microsecond=0) - timedelta(days=10)
    settings = settings_service.load()
    with db.writing():
        ids = [complaints.insert(company["clerk"], draft(company, received_at=received + n * SECOND), settings)
               for n in range(300)]
    signin.enable_cron(company["supervisor"])  # the cron children below run as the OS user, no staff member
    with db.reading():  # just past the last deadline, whatever the time of day on the company clock
        level_one = max(c.deadline_at for c in Complaint.select(Complaint.deadline_at)) + timedelta(minutes=1)
    db.close_database()

    # Four processes released together by a barrier, each running the pass.
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_escalating_process,
                               args=(str(database), level_one.isoformat(), barrier, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    try:
        outcome = [results.get(timeout=120) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    assert [kind for kind, _ in outcome] == ["ok"] * 4, [value for kind, value in outcome if kind != "ok"]
    escalated = sorted(pair for _, done in outcome for pair in done)
    assert escalated == [(cid, 1) for cid in ids]

    # Then four `callcenter complaints --escalate` from cron at once, for level 2.
    level_two = (received + timedelta(days=6)).astimezone(SHANGHAI).isoformat()  # past both steps, any hour
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path / "config"))
    children = [subprocess.Popen([sys.executable, "-m", "callcenter", "complaints", "--db", str(database), "--escalate",
                                  "--at", level_two, "--lang", "en"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8") for _ in range(4)]
    lines = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        lines += out.splitlines()
    assert len(lines) == len(ids) and all("(level 2)" in line for line in lines)
    with raw.connect(database) as con:
        assert con.execute("SELECT level, COUNT(*), COUNT(DISTINCT complaint_id) FROM complaint_action "
                           "WHERE action = 'escalated' GROUP BY level ORDER BY level").fetchall() == [
            (1, 300, 300), (2, 300, 300)]
        assert con.execute("SELECT COUNT(*) FROM audit WHERE action = 'escalate'").fetchone()[0] == 600
        assert con.execute("SELECT COUNT(*) FROM complaint WHERE escalation_level = 2").fetchone()[0] == 300


# ---- working, resolving, confirming ---------------------------------------------------------


def confirmation_followups(cid):
    with db.reading():
        return list(FollowUp.select().where(FollowUp.key == complaints.followup_key(cid)))


def test_resolve_plans_a_confirmation_and_not_satisfied_reopens_with_the_same_deadline(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(hours=5)
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    with pytest.raises(Refused) as refused:  # 责任到人: a named person first
        complaints.resolve(company["clerk"], cid, "已处理")
    assert refused.value.code == "complaint.responsible_required"
    complaints.note(company["clerk"], cid, "已联系项目经理")
    assert complaints.detail(cid).row.status == "in_progress"
    complaints.set_responsible(company["clerk"], cid, company["pm"])
    with pytest.raises(Refused) as refused:
        complaints.resolve(company["clerk"], cid, "  ")
    assert refused.value.code == "complaint.resolution_required"
    before = now_utc()
    complaints.resolve(company["clerk"], cid, "已调整工期并书面告知客户")
    found = complaints.detail(cid)
    assert (found.row.status, found.resolution, found.row.urgency) == ("resolved", "已调整工期并书面告知客户", "closed")

    [followup] = confirmation_followups(cid)
    assert (followup.reason, followup.status, followup.customer_id, followup.project_id) == (
        "complaint", "open", company["customer"], company["project"])
    calendar = WorkCalendar.from_settings(settings_service.load())
    assert followup.due_at >= before.replace(microsecond=0) + HOUR and calendar.is_working_moment(followup.due_at)

    with pytest.raises(Refused) as refused:
        complaints.resolve(company["clerk"], cid, "再次处理")
    assert refused.value.code == "complaint.not_open"

    complaints.confirm(company["clerk"], cid, False, "客户说还在漏水")
    found = complaints.detail(cid)
    assert (found.row.status, found.satisfied) == ("in_progress", False)
    assert found.row.deadline_at == deadline_of(received)  # not reset
    assert actions_of(cid)[-1] == ("reopened", "客户说还在漏水", None)
    [followup] = confirmation_followups(cid)
    assert followup.status == "done"

    complaints.resolve(company["clerk"], cid, "更换水管")
    [followup] = confirmation_followups(cid)  # the same follow-up, open again
    assert followup.status == "open" and followup.attempts == 0
    complaints.confirm(company["clerk"], cid, True)
    found = complaints.detail(cid)
    assert (found.row.status, found.satisfied) == ("confirmed", True)
    with pytest.raises(Refused) as refused:
        complaints.confirm(company["clerk"], cid, True)
    assert refused.value.code == "complaint.not_resolved"
    with pytest.raises(Refused) as refused:
        complaints.set_responsible(company["clerk"], cid, company["pm2"])
    assert refused.value.code == "complaint.finished"
    assert [a[0] for a in actions_of(cid)] == ["filed", "note", "responsible", "resolved", "reopened", "resolved",
                                               "confirmed"]


def test_a_reopened_late_complaint_escalates_at_once(database, company):
    from callcenter.rules.company_clock import latest_start

    # due a minute ago, so late for the assistant and not yet for the deputy GM, whatever today is
    received = latest_start(now_utc().replace(microsecond=0) - timedelta(minutes=1), timedelta(hours=24), CALENDAR)
    cid = complaints.file(company["clerk"], draft(company, received_at=received, responsible_id=company["pm"]))
    complaints.resolve(company["clerk"], cid, "已处理")
    assert complaints.escalate_due() == []
    complaints.confirm(company["clerk"], cid, False)
    assert [(e.complaint_id, e.level) for e in complaints.escalate_due()] == [(cid, 1)]


def test_staff_disputes_are_closed_by_a_supervisor_with_an_opinion(database, company):
    dispute = draft(company, complainant_customer_id=None, complainant_staff_id=company["designer"],
                    respondent_id=company["pm"], kind="其他", description="设计变更没有通知项目经理")
    cid = complaints.file(company["clerk"], dispute)
    row = complaints.detail(cid).row
    assert row.staff_dispute and row.complainant == "陈思远" and row.customer_id is None
    for actor, call, code in (
        (company["clerk"], lambda a: complaints.resolve(a, cid, "已调解"), "complaint.dispute_needs_supervisor"),
        (company["clerk"], lambda a: complaints.close(a, cid, "各自整改"), "complaint.supervisor_only"),
        (company["supervisor"], lambda a: complaints.close(a, cid, " "), "complaint.opinion_required"),
    ):
        before = counts(database)
        with pytest.raises(Refused) as refused:
            call(actor)
        assert refused.value.code == code
        assert counts(database) == before
    complaints.close(company["supervisor"], cid, "设计部出具书面交底，工程部按图施工")
    found = complaints.detail(cid)
    assert (found.row.status, found.resolution) == ("closed", "设计部出具书面交底，工程部按图施工")
    assert actions_of(cid)[-1] == ("closed", "设计部出具书面交底，工程部按图施工", None)
    assert confirmation_followups(cid) == []
    with pytest.raises(Refused) as refused:
        complaints.close(company["supervisor"], cid, "再结一次")
    assert refused.value.code == "complaint.finished"
    with pytest.raises(Refused) as refused:
        complaints.file(company["clerk"], draft(company, complainant_customer_id=None,
                                                complainant_staff_id=company["pm"]))
    assert refused.value.code == "complaint.same_person"


def test_a_supervisor_closes_a_customer_complaint_only_once_it_is_escalated(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(days=30)
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    fresh = complaints.file(company["clerk"], draft(company))
    with pytest.raises(Refused) as refused:
        complaints.close(company["supervisor"], fresh, "结案")
    assert refused.value.code == "complaint.close_not_allowed"
    complaints.escalate_due()
    with pytest.raises(Refused) as refused:
        complaints.close(company["clerk"], cid, "结案")
    assert refused.value.code == "complaint.supervisor_only"
    complaints.close(company["supervisor"], cid, "经副总协调，公司承担返工费用")
    assert complaints.detail(cid).row.status == "closed"


def test_only_a_supervisor_moves_the_deadline_and_never_before_the_receipt(database, company):
    received = now_utc().replace(microsecond=0) - timedelta(hours=40)
    cid = complaints.file(company["clerk"], draft(company, received_at=received))
    before = counts(database)
    with pytest.raises(Refused) as refused:
        complaints.set_deadline(company["clerk"], cid, received + timedelta(hours=48))
    assert refused.value.code == "complaint.supervisor_only"
    with pytest.raises(Refused) as refused:
        complaints.set_deadline(company["supervisor"], cid, received - SECOND)
    assert refused.value.code == "complaint.deadline_before_received"
    assert counts(database) == before
    assert complaints.detail(cid).row.deadline_at == deadline_of(received)
    moved = received + timedelta(hours=48)
    complaints.set_deadline(company["supervisor"], cid, moved)
    assert complaints.detail(cid).row.deadline_at == moved
    assert actions_of(cid)[-1] == ("deadline", moved.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M"), None)
    with db.reading():
        assert Audit.select().where(Audit.action == "deadline").count() == 1
    assert complaints.escalate_due(received + timedelta(hours=30)) == []  # the new deadline counts


# ---- listing --------------------------------------------------------------------------------


def test_listing_puts_open_ones_first_by_deadline_then_the_rest(database, company):
    today = now_utc().replace(microsecond=0)
    late = complaints.file(company["clerk"], draft(company, received_at=today - timedelta(days=30)))
    received = today - timedelta(days=8)
    soon = complaints.file(company["clerk"], draft(company, received_at=received))
    fresh = complaints.file(company["clerk"], draft(company, received_at=today))
    done = complaints.file(company["clerk"], draft(company, received_at=today - timedelta(hours=2),
                                                   responsible_id=company["pm"]))
    complaints.resolve(company["clerk"], done, "已处理")
    now = deadline_of(received) - HOUR  # the list as it was an hour before `soon` was due
    rows = complaints.listing(now).rows
    assert [(r.id, r.urgency) for r in rows] == [(late, "overdue"), (soon, "soon"), (fresh, "ok")]
    everything = complaints.listing(now, open_only=False)
    assert [r.id for r in everything.rows] == [late, soon, fresh, done]
    assert [r.id for r in complaints.listing(now, size=2, open_only=False).rows] == [late, soon]
    second = complaints.listing(now, page=1, size=2, open_only=False)
    assert [r.id for r in second.rows] == [fresh, done] and not second.has_more
    assert [r.id for r in complaints.listing(now, status="resolved").rows] == [done]
    assert complaints.listing(now, for_staff_id=company["assistant"]).rows == []


# ---- praise ---------------------------------------------------------------------------------


def test_praise_is_forwarded_to_planning_once(database, company):
    first = praise.record(company["clerk"], company["designer"], "设计很用心", company["customer"],
                          exchange_meeting=True)
    second = praise.record(company["clerk"], company["qc"], "验收很细致")
    again = praise.record(company["clerk"], company["pm"], "工期准时", company["customer"], exchange_meeting=True)
    assert [r.id for r in praise.unforwarded().rows] == [first, second, again]
    praise.mark_forwarded(company["clerk"], second)
    assert [r.id for r in praise.unforwarded().rows] == [first, again]
    before = counts(database)
    with pytest.raises(Refused) as refused:
        praise.mark_forwarded(company["supervisor"], second)
    assert refused.value.code == "praise.already_forwarded"
    assert counts(database) == before
    with db.reading():
        row = Praise.get_by_id(second)
        assert row.forwarded_by_id == company["clerk"].id and row.forwarded_at is not None
    meeting = praise.exchange_meeting_customers().rows  # one line per customer: the latest
    assert [(r.id, r.customer, r.staff_role) for r in meeting] == [(again, "王芳", "project_manager")]
    for args, code in (((None, "好"), "praise.staff_required"), ((company["pm"], " "), "praise.text_required")):
        with pytest.raises(Refused) as refused:
            praise.record(company["clerk"], *args)
        assert refused.value.code == code
    with pytest.raises(Refused) as refused:
        praise.record(company["clerk"], company["pm"], "很好", exchange_meeting=True)
    assert refused.value.code == "praise.meeting_needs_customer"
    assert counts(database) == before


# ---- the staff view -------------------------------------------------------------------------


def test_the_staff_view_on_a_hand_made_year(database, company):
    start = datetime(2025, 1, 1, tzinfo=SHANGHAI).astimezone(UTC)
    end = datetime(2026, 1, 1, tzinfo=SHANGHAI).astimezone(UTC)
    t = start + timedelta(days=40)
    clerk_id = company["clerk"].id
    d, qc, pm = company["designer"], company["qc"], company["pm"]

    def complaint(respondent, kind, received, status, resolved_after=None):
        return dict(respondent=respondent, respondent_role="designer", kind=kind, description="x", received_at=received,
                    deadline_at=received + timedelta(hours=24), status=status, created_by=clerk_id,
                    complainant_customer=company["customer"],
                    resolved_at=received + resolved_after if resolved_after is not None else None)

    with db.writing():
        Complaint.insert_many([
            complaint(d, "质量", t, "confirmed", timedelta(hours=10)),
            complaint(d, "质量", t, "closed", timedelta(hours=30)),
            complaint(d, "态度", t, "new"),
            complaint(d, "质量", t, "resolved", timedelta(hours=24)),  # exactly 24 h counts as within
            complaint(d, "质量", start - SECOND, "confirmed", timedelta(hours=1)),  # before the period
            complaint(pm, "工期", end, "confirmed", timedelta(hours=1)),  # after it (end is exclusive)
        ]).execute()
        Praise.insert_many([
            {"staff": d, "text": "好", "created_at": t, "created_by": clerk_id},
            {"staff": d, "text": "好", "created_at": t + HOUR, "created_by": clerk_id},
            {"staff": d, "text": "好", "created_at": end + HOUR, "created_by": clerk_id},
        ]).execute()
        call = Call.create(started_at=t, ended_at=t, clerk=clerk_id)
        Rating.insert_many([
            {"call": call.id, "staff": d, "role": "designer", "score": 5, "at": t},
            {"call": call.id, "staff": d, "role": "designer", "score": 4, "at": t},
            {"call": call.id, "staff": d, "role": "designer", "score": 1, "at": start - HOUR},
            {"call": call.id, "staff": qc, "role": "qc_inspector", "score": 3, "at": t},
        ]).execute()

    stats = {s.staff_id: s for s in staff_view.staff_view(start, end)}
    assert [s.role for s in staff_view.staff_view(start, end)] == [
        "designer", "qc_inspector", "project_manager", "project_manager"]
    designer = stats[d]
    assert (designer.name, designer.complaints, designer.praise, designer.ratings) == ("陈思远", 4, 2, 2)
    assert designer.by_kind == {"质量": 3, "态度": 1}
    assert designer.by_status == {"confirmed": 1, "closed": 1, "new": 1, "resolved": 1}
    assert designer.resolved_in_24h == pytest.approx(2 / 3)
    assert designer.rating_avg == pytest.approx(4.5)
    inspector = stats[qc]
    assert (inspector.complaints, inspector.resolved_in_24h, inspector.praise, inspector.rating_avg,
            inspector.ratings) == (0, None, 0, 3.0, 1)
    assert stats[pm].complaints == 0 and stats[pm].by_kind == {} and stats[pm].rating_avg is None


# ---- the command line -----------------------------------------------------------------------


def run_cli(tmp_path, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(tmp_path / "config"))
    return subprocess.run([sys.executable, "-m", "callcenter", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def test_cli_lists_json_with_offsets_and_levels_and_escalates(tmp_path, database, company):
    received = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    with db.writing():
        settings = settings_service.load()
        late = complaints.insert(company["clerk"], draft(company, received_at=received), settings)
        dispute = complaints.insert(company["clerk"], draft(
            company, complainant_customer_id=None, complainant_staff_id=company["qc"],
            respondent_id=company["designer"], respondent_role="designer", kind="其他", description="交底不清",
            received_at=received + HOUR * 23), settings)
    signin.enable_cron(company["supervisor"])  # the escalating child runs as the OS user, no staff member
    db.close_database()
    at = "2026-11-21T10:00:00+08:00"  # 25 h after the first, 2 h after the second
    listed = run_cli(tmp_path, "complaints", "--db", str(database), "--format", "json", "--at", at)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["id"] for r in rows] == [late, dispute]
    first = rows[0]
    assert {"id", "received_at", "deadline_at", "status", "overdue", "escalation_level", "escalated_to", "respondent",
            "respondent_role", "responsible", "complainant", "project"} <= set(first)
    assert (first["received_at"], first["deadline_at"]) == ("2026-11-20T09:00:00+08:00", "2026-11-21T09:00:00+08:00")
    assert (first["overdue"], first["escalation_level"], first["escalated_to"], first["status"]) == (
        True, 0, None, "new")
    assert (first["respondent"], first["respondent_role"], first["complainant"], first["project"]) == (
        "赵长海", "project_manager", "王芳", "正阳县幸福小区 1 栋")
    assert (rows[1]["overdue"], rows[1]["complainant"], rows[1]["project"], rows[1]["staff_dispute"]) == (
        False, "周建军", "正阳县幸福小区 1 栋", True)

    escalated = run_cli(tmp_path, "complaints", "--db", str(database), "--escalate", "--at", at, "--lang", "en")
    assert escalated.returncode == 0, escalated.stderr
    assert escalated.stdout.splitlines() == [
        f"complaint #{late} escalated (level 1): admin assistant 何丽萍"]
    assert run_cli(tmp_path, "complaints", "--db", str(database), "--escalate", "--at", at).stdout == ""
    rows = [json.loads(line) for line in run_cli(tmp_path, "complaints", "--db", str(database), "--format", "json",
                                                  "--at", at).stdout.splitlines()]
    assert (rows[0]["escalation_level"], rows[0]["escalated_to"]) == (1, "何丽萍")

    table = run_cli(tmp_path, "complaints", "--db", str(database), "--at", at, "--lang", "en")
    assert table.returncode == 0 and "late 1:00" in table.stdout and "2 complaints, 1 overdue" in table.stdout
    bad = run_cli(tmp_path, "complaints", "--db", str(database), "--at", "someday")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert run_cli(tmp_path, "complaints", "--db", str(database), "--status", "lost").returncode == 2


# ---- demo data ------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # reads the demo's file
def test_the_demo_has_complaints_in_every_state_praise_and_work_for_the_escalation_pass(database):
    from datetime import date

    from callcenter.services import demo

    demo.fill(400, 3000, seed=3, today=date(2026, 11, 20), complaints=1000)
    close = datetime(2026, 11, 20, 17, 30, tzinfo=SHANGHAI)
    with sqlite3.connect(database) as con:
        def one(sql, *params):
            return con.execute(sql, params).fetchone()[0]
        statuses = dict(con.execute("SELECT status, COUNT(*) FROM complaint GROUP BY status").fetchall())
        assert sum(statuses.values()) == 1000 and {"new", "in_progress", "confirmed", "closed"} <= set(statuses)
        assert one("SELECT COUNT(*) FROM complaint WHERE complainant_staff_id IS NOT NULL") > 10  # staff disputes
        assert one("SELECT COUNT(*) FROM complaint c WHERE NOT EXISTS (SELECT 1 FROM complaint_action a "
                   "WHERE a.complaint_id = c.id AND a.action = 'filed')") == 0
        assert one("SELECT COUNT(*) FROM complaint WHERE status IN ('confirmed', 'resolved') AND NOT EXISTS ("
                   "SELECT 1 FROM follow_up f WHERE f.key = 'complaint:' || complaint.id)") == 0
        assert one("SELECT COUNT(*) FROM complaint WHERE received_at > ?", int(close.timestamp())) == 0
        assert one("SELECT COUNT(*) FROM staff WHERE role = 'admin_assistant'") >= 1
        assert one("SELECT COUNT(*) FROM staff WHERE role = 'deputy_gm'") >= 1
        assert one("SELECT COUNT(*) FROM praise") == 600
        assert 0 < one("SELECT COUNT(*) FROM praise WHERE forwarded_at IS NULL") < 50
        assert one("SELECT COUNT(*) FROM praise WHERE exchange_meeting") > 0
    done = complaints.escalate_due(close)
    assert done and complaints.escalate_due(close) == []
    year = staff_view.staff_view(close - timedelta(days=365), close)
    assert {s.role for s in year} == {"designer", "qc_inspector", "project_manager"}
    assert all(s.complaints > 0 and s.resolved_in_24h is not None for s in year)
