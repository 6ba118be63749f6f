"""Keys that never surprise: lists page and jump, row changes ask, focus shows, fields appear in Tab order."""
from __future__ import annotations

from datetime import timedelta

from callcenter.rules.clock import now_utc
from callcenter.ui.screens.call import CallScreen
from callcenter.ui.screens.modals import Confirm
from db import reading
from db.models import Customer, Message, Praise, Rating, Staff
from tests.ui.conftest import SIZE, screen_text, settle, type_text
from tests.ui.test_followups import open_first_followup, project_with_handover


def add_messages(clerk, count: int) -> None:
    start = now_utc() - timedelta(hours=count)
    with reading():
        for n in range(count):
            Message.create(recipient="工程部", caller_name=f"客户{n:03d}", content=f"留言{n:03d}",
                           created_at=start + timedelta(minutes=n), created_by=clerk.id)


async def test_lists_page_with_pgdn_pgup_and_jump_with_home_end(database, desk, clerk):
    add_messages(clerk, 120)  # three pages of 50
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        table = app.screen.table
        assert table.current().content == "留言000"
        await pilot.press("end")
        assert table.current().content == "留言049"  # the last row read, not a sideways scroll
        await pilot.press("pagedown")  # past the last row: the next page
        await settle(pilot)
        assert table.page.number == 1 and table.current().content == "留言050"
        await pilot.press("pagedown")
        assert table.current().content > "留言050"  # a screenful down within the page
        await pilot.press("home")
        await settle(pilot)
        assert table.page.number == 0 and table.current().content == "留言000"
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await settle(pilot)
        assert table.page.number == 1
        await pilot.press("home")
        await settle(pilot)
        await pilot.press("pageup")  # before the first row of page 0: nowhere to go
        assert table.page.number == 0 and table.current().content == "留言000"


async def test_forwarding_praise_asks_and_names_the_row(database, desk, clerk):
    now = now_utc()
    with reading():
        staff = Staff.create(name="周设计", role="designer", created_at=now)
        customer = Customer.create(name="王芳", created_at=now, updated_at=now)
        for n in range(3):
            Praise.create(staff=staff, customer=customer, text=f"表扬{n}", created_at=now - timedelta(hours=3 - n),
                          created_by=clerk.id)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", "p")
        await settle(pilot)
        await pilot.press("end", "f")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "表扬2" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
    with reading():
        assert Praise.select().where(Praise.forwarded_at.is_null(False)).count() == 0


async def test_the_focused_choice_row_is_marked(database, desk, clerk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        app.screen.query_one("#category").focus()
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "1.咨询" in line]
        assert lines and lines[0].lstrip().startswith("▶类别")
        app.screen.query_one("#notes").focus()
        await pilot.pause()
        assert "▶" not in screen_text(app)


async def test_call_back_later_takes_the_typed_time_and_rates_nobody(database, desk, clerk):
    project_with_handover(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_followup(app, pilot)
        assert not app.screen.query_one("#rate_designer").display  # no survey before the customer is reached
        app.screen.query_one("#outcome").focus()
        await pilot.press("3")  # 稍后再打: the call-back field appears and takes the keys
        await settle(pilot)
        await type_text(pilot, "+3h")
        assert app.screen.query_one("#callback_text").value == "+3h"
        assert app.screen.query_one("#outcome").value == "call_back"
        assert not app.screen.query_one("#rate_designer").display
        await pilot.press("ctrl+s", "ctrl+s")  # a time when the company is closed is kept on the second Ctrl+S
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen), screen_text(app)
    with reading():
        assert Rating.select().count() == 0


async def test_transfer_choices_say_what_they_do_and_esc_decides_nothing(database, desk, clerk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        await pilot.press("enter")  # the first department
        await settle(pilot)
        shown = screen_text(app)
        assert "已接通" in shown and "无人接听，记录留言" in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen) and app.screen.query_one("#message").has_class("hidden")


async def test_the_footer_lists_the_desk_keys_first_wraps_rather_than_cuts_and_takes_clicks(database, desk):
    from callcenter import i18n
    from callcenter.ui.screens.followups import FollowUpsScreen
    from callcenter.ui.widgets.footer import DeskFooter

    i18n.set_language("en")  # the longer labels
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        footer = app.screen.query_one(DeskFooter)
        lines = str(footer.render()).splitlines()
        assert lines[0].startswith("F1 Help F2 Call F3 Follow-up") and "F12 Setup" in lines[0]
        assert len(lines) == footer.size.height == 2 and all(len(line) <= 80 for line in lines)
        assert "^s Save" in lines[1] and "esc Leave" in lines[1] and "F10 Points" in lines[1]
        await pilot.press("escape")
        await settle(pilot)
        footer = app.screen.query_one(DeskFooter)
        await pilot.click(footer, offset=(len("F1 Help F2 Call "), 0))  # on "F3 Follow-up"
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)
