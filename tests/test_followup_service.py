"""Re-planning, visibility and outcomes of follow-ups, against a real database."""
from __future__ import annotations

from datetime import timedelta

import pytest

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.company_clock import due
from callcenter.rules.workcal import WorkCalendar
from callcenter.services import followups, projects
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused
from callcenter.services.followups import ManualDraft
from db.models import Audit, Customer, FollowUp, Project

pytestmark = pytest.mark.engines  # each test on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def project(database, clerk):
    now = now_utc()
    with db.writing():
        customer = Customer.create(name="王芳", phone_raw="13912340000", phone_e164="+8613912340000",
                                   phone_last4="0000", created_at=now, updated_at=now)
    return projects.create(clerk, customer.id, "正阳县幸福小区 1 栋")


def clock(start, hours: int):
    """`hours` after `start` on the company clock (its own table: tests/test_company_clock.py)."""
    return due(start, timedelta(hours=hours), WorkCalendar())


def plan_of(project_id):
    with db.reading():
        return {f.key: (f.status, f.due_at) for f in FollowUp.select().where(FollowUp.project == project_id)}


def test_replan_moves_open_keeps_done_cancels_removed_and_never_duplicates(clerk, project):
    t0 = now_utc().replace(microsecond=0) - timedelta(days=10)
    projects.save_milestones(clerk, project, t0, {"开工": t0 + timedelta(days=1), "水电": t0 + timedelta(days=5)}, None, None)
    first = plan_of(project)
    assert set(first) == {"handover", "acceptance:开工", "acceptance:水电"}
    assert first["handover"][1] == clock(t0, 3)
    assert first["acceptance:水电"][1] == clock(t0 + timedelta(days=5), 72)

    with db.writing():  # the handover call was made
        FollowUp.update(status="done").where((FollowUp.project == project) & (FollowUp.key == "handover")).execute()
    moved = t0 + timedelta(hours=1)
    projects.save_milestones(clerk, project, moved, {"开工": t0 + timedelta(days=2)}, None, None)
    second = plan_of(project)
    assert second["handover"] == ("done", clock(t0, 3))  # done stays as it was
    assert second["acceptance:开工"] == ("open", clock(t0 + timedelta(days=2), 72))  # open moves
    assert second["acceptance:水电"][0] == "cancelled"  # milestone removed
    projects.save_milestones(clerk, project, moved, {"开工": t0 + timedelta(days=2)}, None, None)
    assert plan_of(project) == second  # saving again changes nothing
    with db.reading():
        assert FollowUp.select().count() == 3
        assert Audit.select().where(Audit.entity == "project").count() == 4  # create + 3 saves


def test_milestones_out_of_order_save_nothing(clerk, project):
    t0 = now_utc() - timedelta(days=3)
    with pytest.raises(Refused) as refused:
        projects.save_milestones(clerk, project, t0, {"开工": t0 - timedelta(days=1)}, None, None)
    assert refused.value.code == "milestone.acceptance_before_handover"
    with pytest.raises(Refused) as refused:
        projects.save_milestones(clerk, project, t0, {}, None, 0)
    assert refused.value.code == "milestone.bad_warranty"
    with db.reading():
        assert Project.get_by_id(project).handover_at is None and FollowUp.select().count() == 0


def test_personal_followup_becomes_anyones_when_long_overdue(clerk, project, desk_user):
    other = desk_user("li")
    settings = settings_service.load()
    with db.reading():
        customer_id = Project.get_by_id(project).customer_id
    due = now_utc() + timedelta(hours=1)
    followups.add_manual(clerk, customer_id, ManualDraft(due, "回电报价", personal=True))
    hours = settings["followup_takeover_hours"]
    assert [r.note for r in followups.queue(clerk.id, due - timedelta(minutes=5)).rows] == ["回电报价"]
    assert followups.queue(other.id, due - timedelta(minutes=5)).rows == []
    assert followups.queue(other.id, due + timedelta(hours=hours - 1)).rows == []
    visible = followups.queue(other.id, due + timedelta(hours=hours, minutes=1)).rows
    assert [(r.note, r.overdue) for r in visible] == [("回电报价", True)]


def test_no_answer_retries_in_working_hours_then_closes(clerk, project):
    settings = settings_service.load()
    with db.reading():
        customer_id = Project.get_by_id(project).customer_id
    followup_id = followups.add_manual(clerk, customer_id, ManualDraft(now_utc() + timedelta(minutes=5)))
    for attempt in range(1, settings["no_answer_attempts"] + 1):
        with db.writing():
            followups.record_outcome(clerk, followup_id, "no_answer", None, None, settings)
        with db.reading():
            row = FollowUp.get_by_id(followup_id)
        assert row.attempts == attempt
        if attempt < settings["no_answer_attempts"]:
            assert row.status == "open" and row.due_at >= now_utc() + timedelta(hours=settings["no_answer_retry_hours"]) - timedelta(seconds=5)
    assert row.status == "done" and row.outcome == "no_answer"
    with pytest.raises(Refused):
        with db.writing():
            followups.record_outcome(clerk, followup_id, "reached", None, None, settings)


def test_a_manual_followup_in_the_past_is_refused(clerk, project):
    with db.reading():
        customer_id = Project.get_by_id(project).customer_id
    with pytest.raises(Refused) as refused:
        followups.add_manual(clerk, customer_id, ManualDraft(now_utc() - timedelta(hours=1)))
    assert refused.value.code == "when.past"


def test_ratings_from_a_call_that_never_reached_the_customer_are_refused(clerk, project):
    from callcenter.services import calls
    from callcenter.services.calls import CallDraft
    from db.models import Rating, Staff

    customer_id = Project.get_by_id(project).customer_id
    followup_id = followups.add_manual(clerk, customer_id, ManualDraft(now_utc() + timedelta(minutes=5)))
    with db.writing():
        designer = Staff.create(name="周设计", role="designer", created_at=now_utc())
    start = now_utc()
    draft = CallDraft(started_at=start, ended_at=start, direction="out", category="回访", customer_id=customer_id,
                      phone_text="13912340000",
                      followup_id=followup_id, outcome="no_answer", project_id=project,
                      ratings=[(designer.id, "designer", 3)])
    with pytest.raises(Refused) as refused:
        calls.save(clerk, draft)
    assert refused.value.code == "survey.not_reached"
    with db.reading():
        assert Rating.select().count() == 0
