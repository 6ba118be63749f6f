"""The people view from F12, and the caller's name matched against customers on file, at 80x24."""
from __future__ import annotations

from callcenter.ui.screens.call import CallScreen
from callcenter.ui.screens.people import PeopleScreen
from db import reading
from db.models import Call, Customer, Staff
from tests.ui.conftest import SIZE, add_customer, ring, screen_text, settle, type_text


async def test_a_supervisor_adds_and_deactivates_a_person_from_f12(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        app.screen.query_one("#editor").focus()  # the editor takes letters: the key is a Ctrl one
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert "^o" not in screen_text(app)
        await pilot.press("ctrl+n")
        await type_text(pilot, "陈思远")
        await pilot.press("tab", "1")  # role: designer
        await pilot.press("tab")
        await type_text(pilot, "设计部")
        await pilot.press("tab")
        await type_text(pilot, "138123")  # not a phone number
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "这不是有效的电话号码" in screen_text(app)
        with reading():
            assert not Staff.select().where(Staff.name == "陈思远").exists()  # refused: nothing written
        phone = app.screen.query_one("#p_phone")
        phone.value = "13812345678"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = screen_text(app)
        assert "已保存：陈思远" in shown and "设计师" in shown and "13812345678" in shown

        table = app.screen.query_one("#people")
        table.focus()
        with reading():
            order = [s.name for s in Staff.select().order_by(Staff.active.desc(), Staff.name, Staff.id)]
        table.move_cursor(row=order.index("陈思远"))
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert "已停用：陈思远" in screen_text(app)
    with reading():
        person = Staff.get(Staff.name == "陈思远")
        assert (person.role, person.department, person.phone, person.active) == ("designer", "设计部", "13812345678",
                                                                                  False)


async def test_the_last_supervisor_cannot_deactivate_themself(database, desk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f12")
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("ctrl+r", "y")
        await settle(pilot)
        assert "这是最后一位在职主管" in screen_text(app)
    with reading():
        assert Staff.get(Staff.login == "wang").active


async def test_a_new_callers_name_lists_the_customers_of_that_name_first(database, desk):
    with reading():
        first = add_customer("陈强玉", "0396-2345678", with_project=False)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("ctrl+n")  # no caller ID
        await type_text(pilot, "陈强玉")
        await settle(pilot)
        assert "同名客户：" in screen_text(app) and "0396 234 5678" in screen_text(app)
        app.screen.query_one("#category").focus()
        await pilot.press("1")
        await pilot.press("ctrl+s")  # neither picked nor said to be another: refused, all kept
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        assert "已有名为 陈强玉 的客户" in screen_text(app)
        app.screen.query_one("#same_name").focus()
        await pilot.press("1")  # the one on file
        await settle(pilot)
        assert "然后：陈强玉，您好" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        assert Customer.select().count() == 1
        assert Call.get().customer_id == first


async def test_a_supervisor_edits_and_merges_a_customer_from_its_screen(database, desk):
    from callcenter.ui.screens.customer import CustomerScreen
    from db.models import CustomerAlias

    with reading():
        keep = add_customer("陈强玉", "0396-2345678", with_project=False)
        gone = add_customer("陈强玉", "138 1234 5678", with_project=False)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(CustomerScreen(keep))
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        address = app.screen.query_one("#c_address")
        address.value = "正阳县建设路1号"
        app.screen.query_one("#c_salutation").focus()
        await pilot.press("2")  # 先生
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen) and "正阳县建设路1号" in screen_text(app)

        await pilot.press("m")
        await settle(pilot)
        await pilot.press("ctrl+s")  # the name as the search
        await settle(pilot)
        await pilot.press("enter")  # the other 陈强玉
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CustomerScreen)
    with reading():
        kept = Customer.get_by_id(keep)
        assert (kept.address, kept.salutation) == ("正阳县建设路1号", "先生")
        assert Customer.select().count() == 1
        assert CustomerAlias.get_by_id(gone).customer_id == keep


async def test_a_clerk_of_a_department_is_offered_its_greeting_for_calls_put_through(database, clerk):
    from callcenter.services import staff
    from callcenter.ui.app import create_app

    staff.edit(clerk, clerk.id, staff.PersonFields("王丽", "clerk", "客户服务部", login="wang", is_supervisor=True))
    app = create_app(staff.sign_in("wang"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        shown = screen_text(app)
        assert "话术：您好，红家装饰有限公司。" in shown and "转来的电话：您好，客户服务部。" in shown


async def test_the_caller_card_shows_open_complaints_with_time_left_and_open_follow_ups(database, clerk, desk):
    from datetime import timedelta

    from callcenter.rules.clock import now_utc
    from callcenter.services import complaints, customers, followups, staff
    from callcenter.services.complaints import ComplaintDraft

    customer = customers.create(clerk, "王芳", "", "广告", "139 1234 0000")
    pm = staff.add(clerk, staff.PersonFields("赵长海", "project_manager"))
    complaints.file(clerk, ComplaintDraft(respondent_id=pm, respondent_role="project_manager", kind="工期",
                                          description="工期延误5天", complainant_customer_id=customer))
    followups.add_manual(clerk, customer, followups.ManualDraft(now_utc() + timedelta(days=2), "回电"))
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        shown = await ring(pilot, "13912340000")
        assert "未结投诉 #1 工期（剩 " in shown and "工期延误5天" in shown
        assert "待回访 " in shown and "约定回访" in shown
