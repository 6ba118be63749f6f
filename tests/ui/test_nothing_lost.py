"""Nothing a clerk types is lost: failures become one line, the call is kept as a draft, quitting asks."""
from __future__ import annotations

import sqlite3

from callcenter.services import drafts
from callcenter.ui.screens.call import CallScreen
from callcenter.ui.screens.modals import Confirm
from db import reading
from db.models import Call, Draft
from tests.ui.conftest import SIZE, notifications, screen_text, settle, type_text, until
from tests.ui.test_followups import open_first_followup, project_with_handover


def draft_row(clerk_id: int):
    with reading():
        return Draft.get_or_none(Draft.staff == clerk_id)


async def start_call(app, pilot, phone: str = "13800138000", notes: str = "问报价") -> None:
    await pilot.press("f2")
    await settle(pilot)
    await type_text(pilot, phone)
    app.screen.query_one("#category").focus()
    await pilot.press("1")  # 咨询
    app.screen.query_one("#notes").focus()
    await type_text(pilot, notes)


async def test_an_unexpected_error_in_a_background_job_is_logged_and_the_desk_stays(database, desk, clerk,
                                                                                    monkeypatch, tmp_path):
    from callcenter.services import complaints

    def broken(*_args):
        raise RuntimeError("the escalation pass broke")

    monkeypatch.setattr(complaints, "escalate_due", broken)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await start_call(app, pilot)
        app.escalate()
        await until(pilot, lambda: any("意外错误" in note for note in notifications(app)))
        assert app.is_running and isinstance(app.screen, CallScreen)
        assert app.screen.query_one("#notes").value == "问报价"
    logs = list((tmp_path / "state").rglob("callcenter.log"))
    assert logs and "the escalation pass broke" in logs[0].read_text(encoding="utf-8")
    assert "Traceback" in logs[0].read_text(encoding="utf-8")


async def test_a_locked_database_keeps_the_call_and_says_try_again(database, desk, clerk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await start_call(app, pilot)
        other_desk = sqlite3.connect(database, timeout=0)  # another clerk's long write holds the lock
        other_desk.execute("BEGIN IMMEDIATE")
        try:
            app.escalate()  # a background pass meets the lock too, and must stay quiet
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "数据库正忙" in screen_text(app), seconds=12)
            assert isinstance(app.screen, CallScreen) and app.screen.query_one("#notes").value == "问报价"
        finally:
            other_desk.rollback()
            other_desk.close()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CallScreen)
    with reading():
        assert Call.get().notes == "问报价"


async def test_the_call_is_kept_as_a_draft_and_offered_back_at_the_next_start(database, desk, clerk):
    from callcenter.rules.clock import now_utc
    from db.models import Complaint, Staff

    with reading():
        Staff.create(name="周设计", role="designer", created_at=now_utc())
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await start_call(app, pilot, notes="厨房漏水")
        await settle(pilot)
        app.screen.query_one("#new_name").value = "李四"
        app.screen.query_one("#new_source").focus()
        await pilot.press("2")  # 广告
        app.screen.query_one("#category").focus()
        await pilot.press("2")  # 投诉: the complaint form opens
        await settle(pilot)
        app.screen.query_one("#description").value = "水管接口渗水"
        app.screen.query_one("#kind").focus()
        await pilot.press("1")  # 质量
        app.screen.query_one("#respondent").focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # the one designer
        await settle(pilot)
        app.screen.query_one("#checklist").focus()
        await pilot.press("1", "2")
        await pilot.press("f7")  # on hold
        assert app.screen.query_one("#respondent").person.name == "周设计"
        await until(pilot, lambda: draft_row(clerk.id) is not None and "周设计" in draft_row(clerk.id).data
                    and "[0, 1]" in draft_row(clerk.id).data)
        started = app.screen.query_one("ScriptLine").started_at
    # The desk is gone without a save (a crash, a kill, a power cut): the next start offers the call.
    again = desk()
    async with again.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(again.screen, Confirm))
        await pilot.pause()
        assert "未保存" in screen_text(again)
        await pilot.press("y")
        await until(pilot, lambda: isinstance(again.screen, CallScreen))
        await settle(pilot)
        screen = again.screen
        assert screen.query_one("#phone").value == "13800138000"
        assert screen.query_one("#notes").value == "厨房漏水"
        assert screen.query_one("#category").value == "投诉"
        assert screen.query_one("#description").value == "水管接口渗水"
        assert screen.query_one("#respondent").person.name == "周设计"
        assert screen.query_one("#kind").value == "质量"
        assert screen.query_one("#new_name").value == "李四" and screen.query_one("#new_source").value == "广告"
        assert screen.query_one("#checklist").answers()["铃声响三声之内接听"] is True
        assert screen.query_one("ScriptLine").started_at == started.replace(microsecond=0)
        assert any("已恢复" in note for note in notifications(again))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(again.screen, CallScreen), screen_text(again)
    assert draft_row(clerk.id) is None  # saving the call ends its draft
    with reading():
        assert Call.get().notes == "厨房漏水"
        complaint = Complaint.get()
        assert complaint.description == "水管接口渗水" and complaint.complainant_customer.name == "李四"


async def test_saying_no_to_the_offer_discards_the_draft(database, desk, clerk):
    from callcenter.rules.clock import now_utc

    drafts.keep(clerk.id, {"fields": {"notes": "旧的"}}, now_utc())
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, Confirm))
        await pilot.press("n")
        await settle(pilot)
    assert draft_row(clerk.id) is None


async def test_quitting_with_an_unsaved_call_asks_and_enter_does_not_discard(database, desk, clerk):
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await start_call(app, pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("enter")  # out of habit: not a yes to losing the call
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and app.is_running
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        await pilot.press("escape")  # leaving the call asks too
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert not app.is_running
    kept = draft_row(clerk.id)
    assert kept is not None and "问报价" in kept.data  # quitting keeps it for the next start


async def test_a_followup_with_only_an_outcome_picked_asks_before_leaving(database, desk, clerk):
    project_with_handover(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_followup(app, pilot)
        app.screen.query_one("#outcome").focus()
        await pilot.press("1")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)


async def test_working_a_followup_while_a_call_is_open_is_refused(database, desk, clerk):
    project_with_handover(clerk)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await start_call(app, pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        calls = [screen for screen in app.screen_stack if isinstance(screen, CallScreen)]
        assert len(calls) == 1 and calls[0].followup is None
        assert any("正在通话中" in note for note in notifications(app))


async def test_a_bug_in_a_handler_is_one_line_and_the_field_goes_on_working(database, desk, clerk, monkeypatch,
                                                                            tmp_path):
    from callcenter.services import customers

    real = customers.phone_from_text

    def broken(text, settings):
        if text == "1":
            raise ZeroDivisionError("a parser bug")
        return real(text, settings)

    monkeypatch.setattr(customers, "phone_from_text", broken)
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        await type_text(pilot, "1")
        await settle(pilot)
        assert app.is_running and "意外错误" in screen_text(app)
        await type_text(pilot, "3800138000")  # the phone field still answers
        await settle(pilot)
        assert app.screen.query_one("#phone").value == "13800138000"
        assert "未找到客户" in screen_text(app)
    log = next((tmp_path / "state").rglob("callcenter.log")).read_text(encoding="utf-8")
    assert "a parser bug" in log


async def test_a_broken_config_file_is_said_at_the_desk(database, clerk, tmp_path):
    from callcenter import config
    from callcenter.ui.app import create_app

    path = tmp_path / "config.toml"
    path.write_text('language = "fr"\n', encoding="utf-8")
    app = create_app(clerk, config.load(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        said = notifications(app)
        assert any("config.toml" in note and "language" in note for note in said), said


async def test_the_days_first_desk_writes_a_backup_and_keeps_the_last_ones(database, desk, clerk, monkeypatch,
                                                                           tmp_path):
    import sqlite3 as sqlite

    from callcenter.ui import app as app_module

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(app_module, "DAILY_BACKUP_AFTER", 0.1)
    folder = tmp_path / "data" / "callcenter" / "backups"
    folder.mkdir(parents=True)
    for day in range(1, 20):  # older days' copies: only the setting's 14 newest stay
        (folder / f"daily-2025-01-{day:02d}.db").write_bytes(b"")
    app = desk()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any(p.stat().st_size for p in folder.glob("daily-*.db")))
        await settle(pilot)
    copies = sorted(folder.glob("daily-*.db"))
    assert len(copies) == 14 and copies[-1].stat().st_size > 0
    with sqlite.connect(copies[-1]) as con:
        assert con.execute("SELECT count(*) FROM staff").fetchone()[0] >= 1
