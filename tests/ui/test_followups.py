"""Working the follow-up queue end to end: script, outcome, survey, promotions; call back later."""
from __future__ import annotations

import json
from datetime import timedelta

from callcenter.rules.clock import local, now_utc
from callcenter.rules.company_clock import due, latest_start
from callcenter.services import calendar, projects
from callcenter.ui.screens.call import CallScreen
from db import reading
from db.models import Call, FollowUp, Project, Rating, Staff
from tests.ui.conftest import SIZE, add_customer, screen_text, settle, until


def project_with_handover(clerk) -> int:
    """A customer whose design handover was long enough ago that its follow-up, 3 hours after on
    the company clock, fell due two hours ago, whatever day today is."""
    with reading():
        customer_id = add_customer("王芳", "13912340000")
        project_id = Project.get(Project.customer == customer_id).id
    handover = latest_start(now_utc() - timedelta(hours=2), timedelta(hours=3), calendar.load())
    projects.save_milestones(clerk, project_id, handover, {}, None, None)
    return project_id


async def open_first_followup(app, pilot) -> None:
    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CallScreen)


async def test_work_an_overdue_followup_with_a_survey(database, desk, clerk):
    project_id = project_with_handover(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "回访 1" in screen_text(app))  # counts come after the first screen
        await pilot.press("f3")
        await settle(pilot)
        queue = screen_text(app)
        assert "王芳" in queue and "交底回访" in queue and "!" in queue  # overdue
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        shown = screen_text(app)
        with reading():
            day = local(Project.get_by_id(project_id).handover_at, "Asia/Shanghai")
        # the day of the handover, never 今天: the call may be made days later
        line = f"王芳，我是红家装饰有限公司的wang。{day.month} 月 {day.day} 日的设计交底进行得顺利吗"
        assert "".join(line.split()) in "".join(shown.split())  # the line wraps at 80 columns
        assert "周设计" in shown and "吴质检" in shown and "郑经理" in shown

        app.screen.query_one("#outcome").focus()
        await pilot.press("1")  # reached
        app.screen.query_one("#rate_designer").focus()
        await pilot.press("5")
        app.screen.query_one("#rate_qc_inspector").focus()
        await pilot.press("4")
        app.screen.query_one("#rating_comment").value = "设计很用心"
        app.screen.query_one("#promotions").focus()
        await pilot.press("1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
        assert "回访 0" in screen_text(app)

    with reading():
        followup = FollowUp.get(FollowUp.project == project_id)
        call = Call.get()
        assert (followup.status, followup.outcome, followup.call_id) == ("done", "reached", call.id)
        assert call.direction == "out" and call.category == "回访" and call.customer_id == followup.customer_id
        assert json.loads(call.promotions) == ["免费保洁一次"]
        ratings = {(Staff.get_by_id(r.staff_id).name, r.role, r.score, r.comment) for r in Rating.select()}
        assert ratings == {("周设计", "designer", 5, "设计很用心"), ("吴质检", "qc_inspector", 4, "设计很用心")}
        assert all(r.project_id == project_id for r in Rating.select())


async def test_call_back_later_reschedules(database, desk, clerk):
    project_id = project_with_handover(clerk)
    tomorrow = (local(now_utc(), "Asia/Shanghai") + timedelta(days=1)).date()
    if not calendar.load().is_working_day(tomorrow):  # a closed day's time is asked about first
        calendar.open_day(clerk, tomorrow, "")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_followup(app, pilot)
        app.screen.query_one("#outcome").focus()
        await pilot.press("3")  # call back later: the time field opens and takes the focus
        await pilot.pause()
        for char in "明天":
            await pilot.press(char)
        await pilot.press("space", "1", "0", ":", "0", "0")
        await pilot.pause()
        assert f"= {tomorrow:%Y-%m-%d} 10:00" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        followup = FollowUp.get(FollowUp.project == project_id)
        assert followup.status == "open" and followup.outcome == "call_back" and followup.attempts == 1
        due = local(followup.due_at, "Asia/Shanghai")
        assert (due.date(), due.hour, due.minute) == (tomorrow, 10, 0)


async def test_outcome_is_required_and_nothing_is_lost(database, desk, clerk):
    project_with_handover(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_followup(app, pilot)
        app.screen.query_one("#notes").value = "客户在开会"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        assert "请选择回访结果" in screen_text(app)
        assert app.screen.query_one("#notes").value == "客户在开会"
    with reading():
        assert Call.select().count() == 0 and FollowUp.get().status == "open"


async def test_project_screen_edits_milestones_and_shows_the_plan(database, desk):
    with reading():
        customer_id = add_customer("赵敏", "13700002222")
        project_id = Project.get(Project.customer == customer_id).id
    from callcenter.ui.screens.customer import CustomerScreen

    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(CustomerScreen(customer_id))
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        handover = (local(now_utc(), "Asia/Shanghai") - timedelta(days=1)).replace(hour=9, minute=30)
        app.screen.query_one("#handover").value = f"{handover:%Y-%m-%d %H:%M}"
        app.screen.query_one("#stage_0").value = "2026-13-45"  # no such date
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "时间看不懂" in screen_text(app)
        app.screen.query_one("#stage_0").value = f"{handover - timedelta(days=2):%Y-%m-%d %H:%M}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "开工" in screen_text(app) or "验收" in screen_text(app)  # a refusal: 开工 before the handover
        with reading():
            assert FollowUp.select().count() == 0
        app.screen.query_one("#stage_0").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "交底回访" in screen_text(app)
    with reading():
        project = Project.get_by_id(project_id)
        assert local(project.handover_at, "Asia/Shanghai").strftime("%Y-%m-%d %H:%M") == f"{handover:%Y-%m-%d %H:%M}"
        followup = FollowUp.get(FollowUp.project == project_id)
        assert followup.reason == "handover"
        assert followup.due_at == due(project.handover_at, timedelta(hours=3), calendar.load())


async def test_escape_on_a_followup_asks_when_only_the_survey_was_typed(database, desk, clerk):
    project_with_handover(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_followup(app, pilot)
        await pilot.press("escape")  # the number and category it opened with are not typed work
        await pilot.pause()
        assert not isinstance(app.screen, CallScreen)
        await open_first_followup(app, pilot)
        app.screen.query_one("#rating_comment").value = "很满意"
        await pilot.press("escape")
        await pilot.pause()
        assert "放弃这次通话记录" in screen_text(app)
