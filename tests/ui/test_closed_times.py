"""The company clock at the desk: F3 says why a due time moved, the complaint screen why its
deadline is that moment, and a typed time the company is closed at gets the next opening offered."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from callcenter import i18n
from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.rules.company_clock import next_opening
from callcenter.services import calendar, complaints, customers, followups, projects
from callcenter.ui.screens.ask_when import AskWhen
from callcenter.ui.screens.call import CallScreen
from callcenter.ui.screens.complaint import ComplaintScreen
from callcenter.ui.screens.customer import CustomerScreen
from callcenter.ui.screens.plan_followup import PlanFollowUp
from db import reading
from db.models import Complaint, FollowUp, Project
from tests.ui.conftest import SIZE, add_customer, screen_text, settle
from tests.ui.test_followups import open_first_followup, project_with_handover

SH = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SH).astimezone(timezone.utc)


def working_days(first_offset: int = 1) -> list[date]:
    """Usual working days from `first_offset` days after today, for three weeks."""
    company = calendar.load()
    today = local(now_utc(), "Asia/Shanghai").date()
    days = (today + timedelta(days=n) for n in range(first_offset, first_offset + 21))
    return [day for day in days if company.why(day) == "working"]


def closed_by_supervisor(clerk) -> date:
    """A usual working day a few days ahead that a supervisor closed for stocktaking."""
    day = working_days(3)[0]
    calendar.close_day(clerk, day, "盘点")
    return day


def flat(text: str) -> str:
    return "".join(text.split())


async def ask(app, pilot, screen, key: str, typed: str) -> None:
    """Open `screen`, press `key` for its time question, and type `typed` into it."""
    await app.push_screen(screen)
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(app.screen, (PlanFollowUp, AskWhen))
    app.screen.query_one("#when_text").value = typed
    await settle(pilot)


def field_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).query_one("Static").render())


async def test_call_back_at_a_closed_day_takes_the_offered_opening_with_enter(database, desk, clerk):
    project_id = project_with_handover(clerk)
    day = closed_by_supervisor(clerk)  # the field's calendar comes from the database
    offer = next_opening(at(day, 10), calendar.load())
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_followup(app, pilot)
        app.screen.query_one("#outcome").focus()
        await pilot.press("3")  # call back later
        await settle(pilot)
        app.screen.query_one("#callback_text").value = f"{day:%Y-%m-%d} 10:00"
        await settle(pilot)
        weekday = "周一 周二 周三 周四 周五 周六 周日".split()
        warning = f"{weekday[day.weekday()]}公司关闭，改为 {weekday[offer.astimezone(SH).weekday()]} 08:00？"
        assert warning in field_text(app, "#callback") and warning in screen_text(app)
        await pilot.press("ctrl+s")  # asked once: nothing saved yet
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        await pilot.press("enter")  # the offer
        await settle(pilot)
        assert app.screen.query_one("#callback_text").value == f"{offer.astimezone(SH):%Y-%m-%d %H:%M}"
        assert "改为" not in field_text(app, "#callback")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        followup = FollowUp.get(FollowUp.project == project_id)
        assert (followup.outcome, followup.due_at) == ("call_back", offer)


async def test_a_planned_call_after_closing_is_kept_as_typed_on_a_second_ctrl_s(database, desk, clerk):
    with reading():
        customer_id = add_customer("赵敏", "13700002222")
    day = working_days()[0]
    typed = at(day, 19)
    offer = next_opening(typed, calendar.load())
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, CustomerScreen(customer_id), "f", f"{day:%Y-%m-%d} 19:00")
        shown = screen_text(app)
        weekday = "周一 周二 周三 周四 周五 周六 周日".split()[offer.astimezone(SH).weekday()]
        assert f"19:00 已下班，改为 {weekday} 08:00？" in shown
        assert "Enter 改用 · 再按 Ctrl+S 保留原时间" in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PlanFollowUp)  # asked
        await pilot.press("ctrl+s")  # kept as typed
        await settle(pilot)
        assert not isinstance(app.screen, PlanFollowUp)
    with reading():
        assert [f.due_at for f in FollowUp.select().where(FollowUp.customer == customer_id)] == [typed]


async def test_an_open_time_is_saved_at_once(database, desk):
    with reading():
        customer_id = add_customer("赵敏", "13700002222")
    day = working_days()[0]
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, CustomerScreen(customer_id), "f", f"{day:%Y-%m-%d} 10:00")
        assert "改为" not in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PlanFollowUp)
    with reading():
        assert [f.due_at for f in FollowUp.select()] == [at(day, 10)]


def handover_follow_ups(clerk) -> tuple[int, int]:
    """Two projects handed over on a working day: at 16:00 (due 19:00, after closing: moved to the
    next opening) and at 08:30 (due 11:30, as counted)."""
    day = working_days()[0]
    ids = []
    for name, phone, hour, minute in (("王芳", "13912340000", 16, 0), ("李静", "13912341111", 8, 30)):
        with reading():
            project_id = Project.get(Project.customer == add_customer(name, phone)).id
        projects.save_milestones(clerk, project_id, at(day, hour, minute), {}, None, None)
        with reading():
            ids.append(FollowUp.get(FollowUp.project == project_id).id)
    return ids[0], ids[1]


async def test_f3_marks_the_moved_due_time_and_says_why_for_the_highlighted_row(database, desk, clerk):
    moved, kept = handover_follow_ups(clerk)
    with reading():
        rows = {r.id: r for r in followups.queue(clerk.id).rows}
    seen = followups.explain_due(rows[moved])
    assert seen.moved == "after_closing"
    why = calendar.describe(seen, "交底")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        kept_line = next(line for line in lines if "李静" in line)
        moved_line = next(line for line in lines if "王芳" in line)
        due = local(rows[moved].due_at, "Asia/Shanghai")
        assert f"*{due:%m-%d %H:%M}" in moved_line and "*" not in kept_line
        order = [r.id for r in followups.queue(clerk.id).rows]
        if order[0] != moved:
            await pilot.press("down")
            await settle(pilot)
        assert f"* {why}" in screen_text(app)  # the highlighted row's explanation, whole, under the table
        await pilot.press("up" if order[0] != moved else "down")
        await settle(pilot)
        assert why not in screen_text(app)  # the other row: nothing moved it


def a_complaint(clerk) -> int:
    customer = customers.create(clerk, "李四", "", "网络", "0396-2345678")
    return complaints.file(clerk, complaints.ComplaintDraft(
        respondent_id=clerk.id, respondent_role="other", kind="质量", description="墙面开裂",
        complainant_customer_id=customer))


async def test_complaint_screen_says_why_and_a_moved_deadline_takes_the_offer(database, desk, clerk):
    complaint_id = a_complaint(clerk)
    row = complaints.detail(complaint_id).row
    why = calendar.describe(complaints.explain_deadline(row), "投诉")
    day = closed_by_supervisor(clerk)
    offer = next_opening(at(day, 10), calendar.load())
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, ComplaintScreen(complaint_id), "d", f"{day:%Y-%m-%d} 10:00")
        assert flat(f"期限依据：{why}") in flat(screen_text(app, app.screen_stack[-2]))  # a long one wraps, whole
        assert "公司关闭，改为" in screen_text(app)
        await pilot.press("enter")  # takes the offer; a second Enter saves it
        await settle(pilot)
        assert app.screen.query_one("#when_text").value == f"{offer.astimezone(SH):%Y-%m-%d %H:%M}"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        assert "期限由主管改定" in screen_text(app)
    with reading():
        assert Complaint.get_by_id(complaint_id).deadline_at == offer


async def test_a_deadline_at_a_closed_time_is_kept_on_the_second_ctrl_s(database, desk, clerk):
    complaint_id = a_complaint(clerk)
    day = closed_by_supervisor(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await ask(app, pilot, ComplaintScreen(complaint_id), "d", f"{day:%Y-%m-%d} 10:00")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, AskWhen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
    with reading():
        assert Complaint.get_by_id(complaint_id).deadline_at == at(day, 10)


async def test_the_deadline_question_and_its_offer_fit_80x24_in_both_languages(database, clerk):
    from callcenter.ui.app import create_app

    complaint_id = a_complaint(clerk)
    day = closed_by_supervisor(clerk)
    for language in ("zh", "en"):
        i18n.set_language(language)
        app = create_app(clerk)
        async with app.run_test(size=SIZE) as pilot:
            await ask(app, pilot, ComplaintScreen(complaint_id), "d", f"{day:%Y-%m-%d} 19:00")
            said = field_text(app, "#when").splitlines()
            assert len(said) == 3  # the time read, the offer, the keys
            shown = screen_text(app)
            for line in said + [t("complaint.ask_deadline"), t("ask.hint")]:
                assert line in shown, (language, line)
