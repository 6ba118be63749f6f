"""Month end at the desk (F11): attendance, the ledger with its form, the work report, driven by keys."""
from __future__ import annotations

from datetime import date

from callcenter.rules.clock import now_utc
from callcenter.services import attendance, month
from callcenter.ui.screens.attendance import AttendanceScreen
from callcenter.ui.screens.ledger import LedgerScreen
from callcenter.ui.screens.month_end import MonthEndScreen, default_month
from callcenter.ui.screens.month_report import MonthReportScreen
from db import reading
from db.models import Contract, Punch, Staff
from tests.ui.conftest import SIZE, screen_text, settle, type_text


def _staff(*names_roles):
    with reading():
        now = now_utc()
        for name, role in names_roles:
            Staff.create(name=name, role=role, created_at=now)


async def _to(pilot, app, key: str, month_text: str = "2026-09"):
    await pilot.press("f11")
    await settle(pilot)
    assert isinstance(app.screen, MonthEndScreen)
    await pilot.press("m")
    await settle(pilot)
    app.screen.query_one("DeskInput").value = month_text
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


async def test_attendance_view_shows_the_commands_numbers_and_takes_a_punch(database, desk):
    _staff(("张伟", "clerk"))
    app = desk()
    async with app.run_test(size=(160, 30)) as pilot:
        await _to(pilot, app, "a")
        assert isinstance(app.screen, AttendanceScreen)
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("DeskInput").value = "张伟 2026-09-01 08:07"
        await pilot.press("enter")
        await settle(pilot)
        with reading():
            assert Punch.select().count() == 1
        expected = next(p for p in attendance.month(date(2026, 9, 1)) if p.person == "张伟").row(date(2026, 9, 1))
        line = next(line for line in screen_text(app).splitlines() if "张伟" in line)
        assert line.split()[-1] == str(expected["fine_yuan"]) and expected["late_minutes"] == 7
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("DeskInput").value = "无名 2026-09-01 08:07"
        await pilot.press("enter")
        await settle(pilot)
        assert "无名" in screen_text(app)  # the refusal on the problem line
        await pilot.press("h")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert month.paper("attendance", date(2026, 9, 1)).handed_in_at is not None
        assert "已上交" in screen_text(app)


async def test_a_signing_typed_in_the_form_shows_in_the_ledger(database, desk):
    _staff(("陈思远", "designer"))
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await _to(pilot, app, "l")
        assert isinstance(app.screen, LedgerScreen)
        await pilot.press("n")
        await settle(pilot)
        values = {"customer": "李四", "phone": "13812345678", "address": "幸福路1号", "designer": "陈思远",
                  "signed_on": "2026-09-05", "amount": "12.8.0"}
        for field, value in values.items():
            app.screen.query_one(f"#{field}").value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "12.8.0" in screen_text(app)  # refused; everything typed is still there
        app.screen.query_one("#amount").value = "1.28万"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert "12,800.00" in screen_text(app)
        with reading():
            assert Contract.get().amount_fen == 1_280_000


async def test_report_view_keeps_the_summary_until_handed_in(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await _to(pilot, app, "r")
        assert isinstance(app.screen, MonthReportScreen)
        assert len(app.screen.query_one("#per_day").data) == 30  # September's days, for the sparkline
        app.screen.query_one("#summary").focus()
        await type_text(pilot, "ok")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert month.paper("report", date(2026, 9, 1), app.clerk.id).summary == "ok"
        await pilot.press("ctrl+t")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert month.paper("report", date(2026, 9, 1), app.clerk.id).handed_in_at is not None
        assert app.screen.query_one("#summary").read_only


def test_the_month_being_handed_in_is_last_month_until_the_2nd():
    assert default_month(date(2026, 12, 2)) == date(2026, 11, 1)
    assert default_month(date(2027, 1, 1)) == date(2026, 12, 1)
    assert default_month(date(2026, 12, 3)) == date(2026, 12, 1)


async def test_month_end_screen_reminds_from_the_28th_until_handed_in(database, desk):
    from callcenter.rules.clock import local

    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f11")
        await settle(pilot)
        today = local(now_utc(), app.settings.zone).date()
        due = today.day >= 28 or today.day <= 2
        assert ("提醒" in screen_text(app)) == due
        assert screen_text(app).count("未上交") == 3
