"""Taking calls at 80x24, checked on screen and in the database."""
from __future__ import annotations

import json

from callcenter.ui.screens.call import CallScreen
from db import reading
from db.models import Call, Customer, Message
from tests.ui.conftest import SIZE, add_customer, screen_text, settle, type_text


async def test_complete_call_with_known_customer(database, desk):
    with reading():
        customer_id = add_customer("张三", "0396-2345678")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        assert "您好，红家装饰有限公司。" in screen_text(app)

        await type_text(pilot, "+86 396 234 5678")  # stored as 0396-2345678
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "张三" in shown and "周设计" in shown and "吴质检" in shown and "郑经理" in shown
        # the greeting as said, then the caller by name: no salutation asked yet, so the full name
        assert "话术：您好，红家装饰有限公司。" in shown and "然后：张三，您好，请问有什么可以帮您？" in shown

        app.screen.query_one("#category").focus()
        await pilot.press("1")  # 咨询
        await pilot.press("f7")
        assert "对不起，请稍候。" in screen_text(app)
        assert "保持中" in screen_text(app)
        await pilot.press("f7")
        assert "对不起，让您久等了。" in screen_text(app)

        app.screen.query_one("#notes").focus()
        await type_text(pilot, "问报价")
        app.screen.query_one("#checklist").focus()
        await pilot.press("1", "2", "5")
        await pilot.press("ctrl+g")
        assert "请待对方先挂断电话" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
        assert "问报价" in screen_text(app)  # today's contacts on the home screen

    with reading():
        call = Call.get()
        assert call.customer_id == customer_id
        assert call.phone_e164 == "+863962345678"
        assert call.category == "咨询" and call.notes == "问报价"
        assert (call.checklist_ticked, call.checklist_total) == (3, 6)
        assert json.loads(call.checklist)["铃声响三声之内接听"] is True
        assert call.direction == "in" and call.channel == "phone"
        assert call.ended_at >= call.started_at
        assert Customer.select().count() == 1


async def test_unknown_number_becomes_new_customer(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await type_text(pilot, "138 0013 8000")
        await pilot.press("enter")
        await settle(pilot)
        assert "未找到客户" in screen_text(app)
        assert app.focused.id == "new_name"
        await type_text(pilot, "曾丽")
        shown = screen_text(app)  # the greeting was said: nothing typed is put into it afterwards
        assert "话术：您好，红家装饰有限公司。" in shown and "曾丽，" not in shown and "然后：" not in shown
        await pilot.press("tab")
        await type_text(pilot, "驻马店 2 号")
        await pilot.press("tab", "1", "tab", "2", "tab", "5")  # source 朋友介绍, 女士 (asked once), category 预约
        await pilot.press("ctrl+s")
        await settle(pilot)

    with reading():
        customer = Customer.get()
        assert (customer.name, customer.address, customer.source) == ("曾丽", "驻马店 2 号", "朋友介绍")
        assert customer.salutation == "女士"
        assert customer.phone_e164 == "+8613800138000" and customer.phone_last4 == "8000"
        assert Call.get().customer_id == customer.id and Call.get().category == "预约"


async def test_bad_number_is_refused_and_form_kept(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await type_text(pilot, "12345abc")
        await pilot.press("enter")
        await settle(pilot)
        assert "电话号码只能包含数字" in screen_text(app)
        app.screen.query_one("#category").focus()
        await pilot.press("3")
        app.screen.query_one("#notes").focus()
        await type_text(pilot, "漏水")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)  # still here, nothing thrown away
        assert app.screen.query_one("#phone").value == "12345abc"
        assert app.screen.query_one("#notes").value == "漏水"
        assert app.screen.query_one("#category").value == "报修"
        assert "电话号码只能包含数字" in screen_text(app)

        # Correcting the number lets the same form save.
        phone = app.screen.query_one("#phone")
        phone.value = "13800138000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        assert Call.select().count() == 1 and Call.get().notes == "漏水"


async def test_message_for_absent_person_then_relayed(database, desk, clerk):
    with reading():
        add_customer("李四", "13912345678")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await type_text(pilot, "13912345678")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second department: 工程部
        await pilot.pause()
        assert "我帮您转接工程部" in screen_text(app, app.screen_stack[-2])
        assert "工程部 接听了吗" in screen_text(app) and "无人接听，记录留言" in screen_text(app)
        await pilot.press("down", "enter")  # nobody answers
        await pilot.pause()
        assert "工程部暂时无人接听" in screen_text(app)
        assert app.focused.id == "msg_content"
        await type_text(pilot, "请回电确认开工时间")
        await pilot.press("tab", "space")  # urgent
        app.screen.query_one("#category").focus()
        await pilot.press("1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "留言 1" in screen_text(app)

        await pilot.press("f6")
        await settle(pilot)
        assert "请回电确认开工时间" in screen_text(app)
        await pilot.press("r")
        await settle(pilot)
        assert "请回电确认开工时间" in screen_text(app) and "已经把这条留言转告本人了吗" in screen_text(app)
        await pilot.press("y")  # read in full, then relayed
        await settle(pilot)
        assert "请回电确认开工时间" not in screen_text(app)
        assert "留言 0" in screen_text(app)

    with reading():
        message = Message.get()
        assert (message.recipient, message.caller_name, message.urgent) == ("工程部", "李四", True)
        assert message.callback_e164 == "+8613912345678"
        assert message.call_id == Call.get().id
        assert message.relayed_by_id == clerk.id and message.relayed_at is not None


async def test_typed_markup_and_escapes_stay_literal(database, desk):
    with reading():
        add_customer("[bold red]x[/]\x1b[2J", "13700001111", with_project=False)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await type_text(pilot, "13700001111")
        await pilot.press("enter")
        await settle(pilot)
        shown = screen_text(app)
        assert "[bold red]x[/]␛[2J" in shown
        assert "\x1b" not in shown
        app.screen.query_one("#category").focus()
        await pilot.press("1")
        app.screen.query_one("#notes").value = "[link=x]y[/link]\x1b]0;pwned\x07"  # as a paste would
        await pilot.pause()
        shown = screen_text(app)
        assert "[link=x]y[/link]␛]0;pwned" in shown and "\x1b" not in shown and "\x07" not in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = screen_text(app)
        assert "[link=x]y[/link]␛]0;p" in shown and "\x1b" not in shown  # today's list, cut to its column
    with reading():
        assert Call.get().notes == "[link=x]y[/link]\x1b]0;pwned\x07"  # stored exactly as typed


async def test_escape_asks_before_discarding(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await type_text(pilot, "139")
        await pilot.press("escape")
        await pilot.pause()
        assert "放弃这次通话记录" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, CallScreen) and app.screen.query_one("#phone").value == "139"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, CallScreen)
    with reading():
        assert Call.select().count() == 0


async def test_f9_names_the_company_setting_and_lists_every_polite_expression_of_the_seed(database, clerk):
    from callcenter.services import settings as settings_service
    from callcenter.ui.app import create_app

    settings_service.save(clerk, "company_name", "蓝家装饰有限公司")
    app = create_app(clerk)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        lines = [line.plain for line in app.screen.lines]  # the list scrolls: all its lines, not the first 20
        assert "喂，讲谁/有什么事/哪里。  →  您好，蓝家装饰有限公司。" in lines
        assert not any("红家" in line for line in lines)
        for words in ("停电/停水通知", "请清点一下", "这是业主手册", "维修价格表", "平面结构图"):
            assert any(words in line for line in lines), words
