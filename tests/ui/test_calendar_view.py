"""The calendar view (F12, Ctrl+T): a month of open and closed days, a supervisor's changes with
the follow-ups they move; and the header's warning about estimated holidays."""
from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len

from callcenter import i18n
from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.services import calendar, customers, followups, projects
from callcenter.ui.app import create_app
from callcenter.ui.describe import day_why
from callcenter.ui.screens.calendar import CalendarScreen
from callcenter.ui.screens.settings import SettingsScreen
from db import reading
from db.models import CalendarDay, FollowUp, Project
from tests.ui.conftest import (
    SIZE,
    add_customer,
    notifications,
    screen_text,
    settle,
    until,
)
from tests.ui.test_closed_times import at, working_days


def today() -> date:
    return local(now_utc(), "Asia/Shanghai").date()


async def open_calendar(app, pilot) -> None:
    await pilot.press("f12")
    await settle(pilot)
    assert isinstance(app.screen, SettingsScreen)
    app.screen.query_one("#editor").focus()  # the key works from inside the editor too
    await pilot.press("ctrl+t")
    await settle(pilot)
    assert isinstance(app.screen, CalendarScreen)


async def go_to(app, pilot, day: date) -> None:
    screen = app.screen
    while (screen.first.year, screen.first.month) != (day.year, day.month):
        await pilot.press("pagedown" if (screen.first.year, screen.first.month) < (day.year, day.month) else "pageup")
        await settle(pilot)
    for _ in range(abs(day.day - 1 - screen.chosen)):
        await pilot.press("down" if day.day - 1 > screen.chosen else "up")
    await settle(pilot)
    assert screen.days[screen.chosen].day == day


async def answer(app, pilot, text: str) -> None:
    app.screen.query_one("DeskInput").value = text
    await pilot.press("ctrl+s")
    await settle(pilot)


def problem(app) -> str:
    return str(app.screen.query_one("#problem").render())


async def test_a_supervisor_closes_clears_and_opens_days_and_follow_ups_move(database, desk, clerk):
    target = working_days(2)[0]
    with reading():
        project_id = Project.get(Project.customer == add_customer("王芳", "13912340000")).id
    projects.save_milestones(clerk, project_id, at(target, 8, 30), {}, None, None)  # due 11:30 that day
    with reading():
        planned = FollowUp.get(FollowUp.project == project_id).due_at
    assert planned == at(target, 11, 30)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_calendar(app, pilot)
        await go_to(app, pilot, target)
        await pilot.press("c")
        await settle(pilot)
        await answer(app, pilot, "盘点")
        assert problem(app) == f"{target.isoformat()} 已关闭，1 条回访重新安排"
        weekday = t(f"weekday_short.{target.isoweekday()}")
        assert f"{target.day:2d} {weekday} 休息 主管关闭：盘点" in screen_text(app)
        with reading():
            row = CalendarDay.get(CalendarDay.day == target)
            assert (row.open, row.reason) == (False, "盘点")
            assert FollowUp.get(FollowUp.project == project_id).due_at > at(target, 23, 59)

        await pilot.press("x")
        await settle(pilot)
        assert problem(app) == f"{target.isoformat()} 已恢复常规日历，1 条回访重新安排"
        with reading():
            assert CalendarDay.select().count() == 0
            assert FollowUp.get(FollowUp.project == project_id).due_at == planned
        await pilot.press("x")  # nothing to clear: one line, nothing written
        await settle(pilot)
        assert problem(app) == f"{target.isoformat()} 没有主管的开放或关闭记录"

        rest_day = next(today() + timedelta(days=n) for n in range(2, 30)
                        if calendar.load().why(today() + timedelta(days=n)) == "rest_day")
        await go_to(app, pilot, rest_day)
        await pilot.press("o")
        await settle(pilot)
        await answer(app, pilot, "加班")
        assert problem(app) == f"{rest_day.isoformat()} 已开放营业，0 条回访重新安排"
        assert f"{rest_day.day:2d} {t(f'weekday_short.{rest_day.isoweekday()}')} 营业 主管开放：加班" in screen_text(app)

        past = today() - timedelta(days=1)
        await go_to(app, pilot, past)
        await pilot.press("c")
        await settle(pilot)
        await answer(app, pilot, "")
        assert problem(app).startswith(f"{past.isoformat()} 已经过去")
    with reading():
        assert [(d.day, d.open, d.reason) for d in CalendarDay.select()] == [(rest_day, True, "加班")]


async def test_a_clerk_reaches_neither_settings_nor_the_calendar(database, clerk, desk_user):
    app = create_app(desk_user("li"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert not isinstance(app.screen, (SettingsScreen, CalendarScreen))


def expected_lines(days) -> list[str]:
    """What each day's cell, the title and the keys say, whole."""
    marks = {True: t("calendar_view.open"), False: t("calendar_view.closed")}
    cells = [f"{d.day.day:2d} {t(f'weekday_short.{d.day.isoweekday()}')} {marks[d.open]} {day_why(d)}".rstrip()
             for d in days]
    return cells + [t("calendar_view.title", year=days[0].day.year, month=days[0].day.month)]


async def test_the_month_fits_80x24_in_both_languages(database, clerk):
    january = date(today().year + 1, 1, 1)  # a year whose holidays may be estimates
    first_open = next(d for d in working_days(2))
    calendar.close_day(clerk, first_open, "年会")
    for language in ("zh", "en"):
        i18n.set_language(language)
        app = create_app(clerk)
        async with app.run_test(size=SIZE) as pilot:
            await open_calendar(app, pilot)
            for month in (today().replace(day=1), first_open.replace(day=1), january):
                await go_to(app, pilot, month)
                shown = screen_text(app)
                lines = shown.splitlines()
                assert len(lines) == 24 and all(cell_len(line) <= 80 for line in lines)
                days = calendar.show(month, month + timedelta(days=len(app.screen.days) - 1))
                for expected in expected_lines(days):
                    assert expected in shown, (language, expected)
                assert str(app.screen.query_one("#detail").render()) in shown  # the chosen day, whole
                keys = str(app.screen.query_one("DeskFooter").render())  # wrapped, never cut
                for label in ("key.prev_month", "key.next_month", "key.open_day", "key.close_day", "key.clear_day"):
                    assert t(label) in keys
            await go_to(app, pilot, first_open)
            assert t("calendar.why.closed", name="年会") in screen_text(app)
            await go_to(app, pilot, today() - timedelta(days=1))
            await pilot.press("x")  # a past day: refused in one line
            await settle(pilot)
            assert problem(app).startswith((today() - timedelta(days=1)).isoformat())
            assert problem(app) in screen_text(app)


async def test_the_header_warns_a_supervisor_once_about_estimated_holidays(database, clerk, desk_user):
    customer = customers.create(clerk, "赵六", "", "广告", "137 1234 5678")
    far = now_utc() + timedelta(days=400)
    followups.add_manual(clerk, customer, followups.ManualDraft(far))
    year = calendar.estimates_reached()
    assert year is not None
    warning = t("calendar.estimates", year=year)
    app = create_app(clerk)
    said = []  # every toast, kept: on a loaded machine the 10 s toast may be gone before the count
    shown = app.notify
    app.notify = lambda message, **options: (said.append(message), shown(message, **options))[1]
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: warning in said)
        for key in ("f3", "escape", "f4", "escape"):  # new screens, new headers: still once
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause(0.6)
        assert said.count(warning) == 1
    clerk_app = create_app(desk_user("li"))
    async with clerk_app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "回访" in screen_text(clerk_app))
        await pilot.pause(1.0)
        await settle(pilot)
        assert warning not in notifications(clerk_app)
