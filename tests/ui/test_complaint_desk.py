"""A complaint from inside a call, resolved at the complaints desk, confirmed on the follow-up call."""
from __future__ import annotations

from datetime import timedelta

from callcenter.rules.clock import now_utc
from callcenter.rules.company_clock import due
from callcenter.services import calendar
from callcenter.ui.screens.call import CallScreen
from callcenter.ui.screens.complaint import ComplaintScreen
from db import reading
from db.models import Call, Complaint, FollowUp, Praise
from tests.ui.conftest import SIZE, add_customer, screen_text, settle, type_text


async def take_call(app, pilot, phone: str, category_key: str) -> None:
    await pilot.press("f2")
    await type_text(pilot, phone)
    await pilot.press("enter")
    await settle(pilot)
    app.screen.query_one("#category").focus()
    await pilot.press(category_key)
    await pilot.pause()


async def test_complaint_filed_in_a_call_resolved_and_confirmed(database, desk):
    with reading():
        customer_id = add_customer("张三", "0396-2345678")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await take_call(app, pilot, "03962345678", "2")  # 投诉
        assert "投诉登记" in screen_text(app)
        app.screen.query_one("#respondent").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the caller's designer is listed first
        await pilot.pause()
        app.screen.query_one("#kind").focus()
        await pilot.press("1")  # 质量
        app.screen.query_one("#description").value = "卫生间墙砖空鼓"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)

        with reading():
            complaint = Complaint.get()
            assert complaint.respondent.name == "周设计" and complaint.respondent_role == "designer"
            assert complaint.complainant_customer_id == customer_id and complaint.call_id == Call.get().id
            assert complaint.deadline_at == due(complaint.received_at, timedelta(hours=24), calendar.load())
            assert (complaint.kind, complaint.status) == ("质量", "new")

        await pilot.press("f4")
        await settle(pilot)
        hours = int((complaint.deadline_at - now_utc()).total_seconds() // 3600)  # time left, on the company clock
        shown = screen_text(app)
        assert "卫生间墙砖空鼓" in shown and (f" {hours}:" in shown or f" {hours - 1}:" in shown)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ComplaintScreen)
        await pilot.press("s")  # resolving needs a responsible person first (责任到人)
        await pilot.pause()
        await type_text(pilot, "已返工重贴")
        await pilot.press("enter")
        await settle(pilot)
        assert "责任人" in screen_text(app)
        with reading():
            assert Complaint.get().status == "new"
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        await type_text(pilot, "已返工重贴")
        await pilot.press("enter")
        await settle(pilot)
        assert "已返工重贴" in screen_text(app)
        with reading():
            assert Complaint.get().status == "resolved"
            confirmation = FollowUp.get(FollowUp.reason == "complaint")
            assert confirmation.key == f"complaint:{complaint.id}" and confirmation.status == "open"

        await pilot.press("escape", "escape", "f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        app.screen.query_one("#outcome").focus()
        await pilot.press("1")
        app.screen.query_one("#satisfied").focus()
        await pilot.press("1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        assert Complaint.get().status == "confirmed" and Complaint.get().satisfied is True
        assert FollowUp.get(FollowUp.reason == "complaint").status == "done"


async def test_praise_recorded_on_a_call(database, desk):
    with reading():
        add_customer("李四", "13912345678")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await take_call(app, pilot, "13912345678", "4")  # 表扬
        assert "表扬登记" in screen_text(app)
        app.screen.query_one("#praised").focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#praise_text").value = "设计师很细心"
        app.screen.query_one("#exchange_meeting").value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        praise = Praise.get()
        assert praise.staff.name == "周设计" and praise.text == "设计师很细心" and praise.exchange_meeting
        assert praise.forwarded_at is None and praise.call_id == Call.get().id
