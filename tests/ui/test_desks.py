"""Search, customer card, settings, help and the English interface, driven through the real App."""
from __future__ import annotations

import re

from callcenter import i18n
from callcenter.services import settings as settings_service
from callcenter.ui.app import create_app
from callcenter.ui.screens.customer import CustomerScreen
from db import reading
from db.models import Audit
from tests.ui.conftest import (
    SIZE,
    add_customer,
    notifications,
    screen_text,
    settle,
    type_text,
)

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


async def test_search_by_initials_and_last_four(database, desk):
    with reading():
        add_customer("张三", "0396-2345678")
        add_customer("赵四", "13812340000")
        add_customer("曾丽", "13900009999")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await type_text(pilot, "zs")
        await settle(pilot)
        shown = screen_text(app)
        assert "张三" in shown and "赵四" in shown and "曾丽" not in shown

        app.screen.query_one("#query").value = ""
        await type_text(pilot, "9999")
        await settle(pilot)
        shown = screen_text(app)
        assert "曾丽" in shown and "张三" not in shown

        app.screen.query_one("#query").value = ""
        await type_text(pilot, "cl")  # 曾 also reads ceng
        await settle(pilot)
        assert "曾丽" in screen_text(app)

        await pilot.press("enter", "enter")  # to the results, then open the card
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
        assert "139 0000 9999" in screen_text(app)


async def test_settings_are_for_supervisors_only(database, clerk, desk_user):
    second = desk_user("li")
    assert clerk.is_supervisor and not second.is_supervisor
    app = create_app(second)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        assert "只有主管可以修改公司设置" in notifications(app)
        assert type(app.screen).__name__ == "HomeScreen"


async def test_supervisor_edits_company_name(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await pilot.pause()
        editor = app.screen.query_one("#editor")
        assert editor.text == "红家装饰有限公司"
        editor.load_text("")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "格式不对" in screen_text(app)  # empty refused, text kept for correction
        editor.load_text("蓝家装饰")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape", "f2")
        await settle(pilot)
        assert "您好，蓝家装饰。" in screen_text(app)
    assert settings_service.load().company == "蓝家装饰"
    with reading():
        assert Audit.select().where(Audit.entity == "setting").count() == 1


async def test_help_lists_every_key_and_palette_offers_actions(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await pilot.press("f1")
        await pilot.pause()
        options = app.screen.query_one("OptionList")
        shown = "\n".join(options.get_option_at_index(i).prompt.plain for i in range(options.option_count))
        for expected in ("F7", "保持/恢复", "F8", "转接", "^s", "保存", "^n", "无来电显示", "^p", "F9", "F10", "^g"):
            assert expected.lower() in shown.lower(), expected
        await pilot.press("escape")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "禁语" in commands and "结束语" in commands and "保存" in commands


async def test_english_interface_has_no_chinese_in_fixed_strings(database, clerk):
    # Company wording is data: give the company English data, then any Chinese left is ours.
    english = {
        "company_name": "Red Home Decoration", "departments": ["Design", "Works"],
        "categories": ["Enquiry", "Complaint"], "sources": ["Friend", "Advert"],
        "checklist": ["Answered within three rings", "Greeted"],
        "forbidden": [{"phrase": "Not my job", "instead": "Let me find out"}],
        "polite": ["Sorry to keep you waiting"], "talking_points": ["The company"],
        "complaint_kinds": ["Quality", "Delay"],
        "script": {"greeting": "Hello, {company}.", "greeting_known": "Hello {customer}.", "greeting_out": "Hi, {clerk} here.",
                   "resume": "Thanks for waiting.", "hold": "One moment please.", "transfer": "Putting you through to {department}.",
                   "message": "{department} is out; I will pass it on.", "closing": "Goodbye."},
    }
    for key, value in english.items():
        settings_service.save(clerk, key, value)
    with reading():
        add_customer("Zhang", "13800138000", address="Gate 1", with_project=False, source="Advert")
    i18n.set_language("en")
    app = create_app(clerk)
    seen = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen.append(screen_text(app))
        await pilot.press("f2")
        await type_text(pilot, "13800138000")
        await pilot.press("enter")
        await settle(pilot)
        seen.append(screen_text(app))
        await pilot.press("f8")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("enter", "n")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("f9")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("escape", "f1")
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("escape", "escape")
        await pilot.pause()
        seen.append(screen_text(app))  # the discard question
        await pilot.press("y", "f5")
        await type_text(pilot, "zh")
        await settle(pilot)
        seen.append(screen_text(app))
        await pilot.press("escape", "f6")
        await settle(pilot)
        seen.append(screen_text(app))
        await pilot.press("escape", "f12")
        await pilot.pause()
        seen.append(screen_text(app))
        for keys in (("escape", "f3"), ("escape", "f4"), ("p",), ("escape", "s"), ("escape", "n")):
            await pilot.press(*keys)
            await settle(pilot)
            seen.append(screen_text(app))
    for text in seen:
        assert not CJK.search(text), CJK.findall(text)
    assert "Call desk" == app.title
