"""Use cases against a real SQLite file: what they write, what they refuse, what they audit."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from callcenter import i18n
from callcenter.services import calls, customers, messages, settings, staff
from callcenter.services.calls import CallDraft, NewCustomer
from callcenter.services.errors import Refused
from callcenter.services.messages import MessageDraft
from db.defaults import DEFAULTS
from db.models import LIMITS
from tests import raw

pytestmark = pytest.mark.engines  # each test on SQLite and on PostgreSQL (tests/conftest.py)

START = datetime(2025, 3, 4, 2, 15, tzinfo=timezone.utc)  # 10:15 in Shanghai
END = START + timedelta(minutes=3)
TABLES = ("staff", "customer", "customer_key", "project", "call", "message", "setting", "audit")


def rows(path, sql, *args):
    """What is really stored, read past peewee and its pool."""
    return raw.rows(path, sql, *args)


def counts(path) -> dict[str, int]:
    return {table: rows(path, f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in TABLES}


def draft(**changes) -> CallDraft:
    values = dict(started_at=START, ended_at=END, phone_text="138 1234 5678", category="咨询", notes="问报价")
    values.update(changes)
    return CallDraft(**values)


# ---- staff ------------------------------------------------------------------------------


def test_a_database_without_desk_users_takes_its_first_as_supervisor_and_refuses_the_next(database):
    first = staff.sign_in("wang")
    with pytest.raises(Refused) as caught:
        staff.sign_in("li")
    assert caught.value.code == "staff.not_in_directory"
    assert rows(database, "SELECT login, role, is_supervisor FROM staff ORDER BY id") == [("wang", "clerk", 1)]
    assert staff.sign_in(" wang ") == first  # the same person, not a new row
    assert rows(database, "SELECT actor, entity, entity_id, action FROM audit ORDER BY id") == [
        ("wang", "staff", str(first.id), "create")]


@pytest.mark.parametrize("login", ["", "   ", "x" * 41])
def test_a_bad_login_is_refused(database, login):
    with pytest.raises(Refused) as caught:
        staff.sign_in(login)
    assert caught.value.code == "staff.bad_login"
    assert counts(database)["staff"] == 0


def test_people_lists_active_staff_by_role(database, clerk):
    people = staff.people()
    assert [p.name for p in people] == ["wang"]
    assert staff.people(("designer",)) == []


# ---- calls ------------------------------------------------------------------------------


def test_a_call_with_a_new_customer_and_a_message_is_saved_in_one_go(database, clerk):
    before = counts(database)
    message = MessageDraft(recipient="设计部", content="请回电：想改厨房方案", caller_name="张三",
                           callback_text="0396-2345678转801", urgent=True)
    call_id = calls.save(clerk, draft(
        new_customer=NewCustomer("张三", "正阳县幸福路1号", "朋友介绍"),
        checklist={"铃声响三声之内接听": True, "未使用禁语": True, "待对方挂断后再挂机": False},
        hold_seconds=30, message=message,
    ))
    after = counts(database)
    assert {t: after[t] - before[t] for t in TABLES} == {
        "staff": 0, "customer": 1, "customer_key": 1, "project": 0, "call": 1, "message": 1,
        "setting": 0, "audit": 3}

    (customer,) = rows(database, "SELECT id, name, address, source, phone_raw, phone_e164, phone_last4 FROM customer")
    assert customer[1:] == ("张三", "正阳县幸福路1号", "朋友介绍", "138 1234 5678", "+8613812345678", "5678")
    assert rows(database, "SELECT key FROM customer_key WHERE customer_id = ?", customer[0]) == [("zs",)]

    (call,) = rows(database, "SELECT id, customer_id, clerk_id, phone_raw, phone_e164, category, notes, started_at,"
                             " ended_at, checklist_ticked, checklist_total, hold_seconds, checklist FROM call")
    assert call[:7] == (call_id, customer[0], clerk.id, "138 1234 5678", "+8613812345678", "咨询", "问报价")
    assert call[7:12] == (int(START.timestamp()), int(END.timestamp()), 2, 3, 30)
    assert json.loads(call[12])["待对方挂断后再挂机"] is False

    (msg,) = rows(database, "SELECT call_id, recipient, caller_name, callback_raw, callback_e164, content, urgent,"
                            " created_by_id, relayed_at FROM message")
    assert msg == (call_id, "设计部", "张三", "0396-2345678转801", "+863962345678", "请回电：想改厨房方案", 1,
                   clerk.id, None)

    audit = rows(database, "SELECT actor, entity, action, after FROM audit WHERE entity != 'staff' ORDER BY id")
    assert [(a[0], a[1], a[2]) for a in audit] == [
        ("wang", "customer", "create"), ("wang", "call", "create"), ("wang", "message", "create")]
    assert json.loads(audit[0][3])["name"] == "张三"
    assert json.loads(audit[1][3])["customer"] == customer[0]
    assert all(at is not None for (at,) in rows(database, "SELECT at FROM audit"))


def test_a_call_for_a_known_customer_and_the_caller_card(database, clerk):
    customer_id = customers.create(clerk, "曾丽", "驿城区", "广告", "13900001111")
    calls.save(clerk, draft(customer_id=customer_id, phone_text="+86 139-0000-1111"))
    messages.create(clerk, MessageDraft("工程部", "水管漏了", callback_text="139 0000 1111"))
    card = customers.find_by_phone("+8613900001111")
    assert card is not None and card.id == customer_id
    assert [c.category for c in card.contacts] == ["咨询"]
    assert card.contacts[0].clerk == "wang"
    assert card.contacts[0].started_at == START
    assert [m.content for m in card.messages] == ["水管漏了"]
    assert customers.find_by_phone("+8613800000000") is None
    assert customers.card(customer_id + 1000) is None


def test_a_call_without_caller_id_and_a_visit_without_a_number(database, clerk):
    calls.save(clerk, draft(phone_text="", no_caller_id=True))
    calls.save(clerk, draft(phone_text="", channel="visit", category="预约"))
    calls.save(clerk, draft(phone_text="95588", category="其他"))
    assert rows(database, "SELECT channel, phone_raw, phone_e164, customer_id FROM call ORDER BY id") == [
        ("phone", "", None, None), ("visit", "", None, None), ("phone", "95588", None, None)]


def refused_codes():
    return [
        (dict(phone_text="call me"), "phone.letters"),
        (dict(phone_text="12"), "phone.invalid"),
        (dict(phone_text=""), "phone.empty"),
        (dict(category=""), "call.category_required"),
        (dict(category="   "), "call.category_required"),
        (dict(category="类" * (LIMITS["category"] + 1)), "field.too_long"),
        (dict(notes="长" * (LIMITS["notes"] + 1)), "field.too_long"),
        (dict(direction="sideways"), "call.bad_kind"),
        (dict(channel="telegram"), "call.bad_kind"),
        (dict(ended_at=START - timedelta(seconds=1)), "call.bad_times"),
        (dict(hold_seconds=-1), "call.bad_times"),
        (dict(new_customer=NewCustomer("")), "customer.name_required"),
        (dict(new_customer=NewCustomer("名" * (LIMITS["name"] + 1))), "field.too_long"),
        (dict(new_customer=NewCustomer("张三", address="址" * (LIMITS["address"] + 1))), "field.too_long"),
        (dict(new_customer=NewCustomer("张三", source="源" * (LIMITS["source"] + 1))), "field.too_long"),
        (dict(new_customer=NewCustomer("张三", source="广告"), message=MessageDraft("设计部", "")), "message.content_required"),
        (dict(message=MessageDraft("设计部", "   ")), "message.content_required"),
        (dict(message=MessageDraft("", "回电")), "message.recipient_required"),
        (dict(message=MessageDraft("设计部", "容" * (LIMITS["content"] + 1))), "field.too_long"),
        (dict(message=MessageDraft("设" * (LIMITS["recipient"] + 1), "回电")), "field.too_long"),
        (dict(message=MessageDraft("设计部", "回电", caller_name="名" * (LIMITS["name"] + 1))), "field.too_long"),
        (dict(new_customer=NewCustomer("张三", source="广告"), message=MessageDraft("设计部", "回电", callback_text="abc")),
         "phone.letters"),
    ]


@pytest.mark.parametrize("changes, code", refused_codes())
def test_a_refused_call_writes_nothing(database, clerk, changes, code):
    before = counts(database)
    with pytest.raises(Refused) as caught:
        calls.save(clerk, draft(**changes))
    assert caught.value.code == code
    assert counts(database) == before
    # and the refusal reads as a sentence in both languages, naming the field when there is one
    for language in ("zh", "en"):
        i18n.set_language(language)
        text = i18n.refusal(caught.value)
        assert text and text != code and "{" not in text and "field." not in text


def test_over_long_notes_name_the_field_and_limit(database, clerk):
    with pytest.raises(Refused) as caught:
        calls.save(clerk, draft(notes="x" * (LIMITS["notes"] + 1)))
    assert caught.value.params == {"field": "notes", "limit": LIMITS["notes"]}
    i18n.set_language("en")
    assert i18n.refusal(caught.value) == f"Notes is too long: at most {LIMITS['notes']} characters"
    calls.save(clerk, draft(notes="x" * LIMITS["notes"]))  # exactly at the limit is fine
    assert counts(database)["call"] == 1


def test_a_failure_inside_the_transaction_leaves_nothing_behind(database, clerk):
    # A customer id that does not exist fails on the foreign key after the new rows were written.
    before = counts(database)
    with pytest.raises(Exception):
        calls.save(clerk, draft(customer_id=424242, message=MessageDraft("设计部", "回电")))
    assert counts(database) == before


def test_markup_and_escapes_are_stored_exactly_as_typed(database, clerk):
    name = "[bold red]张[/]\x1b[31m三"
    notes = "[link=https://evil.example]点我[/link] \x1b]0;pwned\x07 \x9b2J {company} %s \\n"
    content = "[@click=app.quit]x[/] \x07\x1b[2J"
    call_id = calls.save(clerk, draft(new_customer=NewCustomer(name, "[i]地址[/i]", "广告"), notes=notes,
                                      message=MessageDraft("[b]设计部[/b]", content, caller_name="[dim]")))
    assert rows(database, "SELECT name, address FROM customer") == [(name, "[i]地址[/i]")]
    assert rows(database, "SELECT notes FROM call WHERE id = ?", call_id) == [(notes,)]
    assert rows(database, "SELECT recipient, content, caller_name FROM message") == [("[b]设计部[/b]", content, "[dim]")]
    # services hand it back as typed too; showing it inertly is the screen's job
    (row,) = calls.contacts_on(date(2025, 3, 4), "Asia/Shanghai").rows
    assert (row.customer, row.notes) == (name, notes)
    assert messages.listing().rows[0].content == content


# ---- reading back a page at a time --------------------------------------------------------


def test_contacts_on_a_day_follow_the_company_zone(database, clerk):
    late = datetime(2025, 3, 4, 15, 30, tzinfo=timezone.utc)  # 23:30 on the 4th in Shanghai
    after_midnight = datetime(2025, 3, 4, 16, 30, tzinfo=timezone.utc)  # 00:30 on the 5th
    for moment in (START, late, after_midnight):
        calls.save(clerk, draft(started_at=moment, ended_at=moment + timedelta(minutes=1)))
    day = calls.contacts_on(date(2025, 3, 4), "Asia/Shanghai")
    assert [row.started_at for row in day.rows] == [late, START]  # newest first
    assert day.rows[0].clerk == "wang" and day.rows[0].customer == ""
    assert [r.started_at for r in calls.contacts_on(date(2025, 3, 5), "Asia/Shanghai").rows] == [after_midnight]
    assert [r.started_at for r in calls.contacts_on(date(2025, 3, 4), "UTC").rows] == [after_midnight, late, START]


def test_lists_come_a_page_at_a_time(database, clerk):
    customer_id = customers.create(clerk, "张三", "", "其他", "")
    for n in range(5):
        moment = START + timedelta(minutes=n)
        calls.save(clerk, draft(started_at=moment, ended_at=moment, customer_id=customer_id))
    first = calls.history(customer_id, page=0, size=2)
    second = calls.history(customer_id, page=1, size=2)
    last = calls.history(customer_id, page=2, size=2)
    assert (len(first.rows), first.has_more, second.has_more, len(last.rows), last.has_more) == (2, True, True, 1, False)
    seen = [r.id for page in (first, second, last) for r in page.rows]
    assert len(set(seen)) == 5
    assert [r.started_at for r in first.rows] == [START + timedelta(minutes=4), START + timedelta(minutes=3)]
    assert calls.history(customer_id, page=-1, size=2).number == 0


# ---- messages ----------------------------------------------------------------------------


def test_mark_relayed_records_who_and_when_once(database, clerk, desk_user):
    message_id = messages.create(clerk, MessageDraft("设计部", "请回电"))
    other = desk_user("li")
    assert messages.count_open() == 1
    messages.mark_relayed(other, message_id)
    assert messages.count_open() == 0
    ((relayed_at, relayed_by),) = rows(database, "SELECT relayed_at, relayed_by_id FROM message")
    assert relayed_by == other.id
    assert abs(relayed_at - datetime.now(timezone.utc).timestamp()) < 60
    audit = rows(database, "SELECT actor, action, before, after FROM audit WHERE entity = 'message' ORDER BY id")
    assert [(a[0], a[1]) for a in audit] == [("wang", "create"), ("li", "relay")]
    assert json.loads(audit[1][3])["relayed_by"] == "li"

    with pytest.raises(Refused) as caught:
        messages.mark_relayed(clerk, message_id)
    assert caught.value.code == "message.already_relayed"
    assert rows(database, "SELECT relayed_at, relayed_by_id FROM message") == [(relayed_at, other.id)]
    assert rows(database, "SELECT COUNT(*) FROM audit WHERE action = 'relay'")[0][0] == 1


def test_open_messages_come_urgent_first(database, clerk):
    messages.create(clerk, MessageDraft("设计部", "一般"))
    messages.create(clerk, MessageDraft("工程部", "紧急", urgent=True))
    relayed = messages.create(clerk, MessageDraft("财务", "已转告"))
    messages.mark_relayed(clerk, relayed)
    assert [m.content for m in messages.listing().rows] == ["紧急", "一般"]
    assert len(messages.listing(include_relayed=True).rows) == 3
    assert messages.listing().rows[0].taken_by == "wang"


# ---- settings ----------------------------------------------------------------------------


def test_settings_are_seeded_with_the_company_defaults(database):
    loaded = settings.load()
    assert loaded.company == "红家装饰有限公司"
    assert loaded.zone == "Asia/Shanghai"
    assert loaded.script("hold") == "对不起，请稍候。"
    assert {key for (key,) in rows(database, "SELECT key FROM setting")} == set(DEFAULTS)


def test_a_supervisor_changes_a_setting_and_it_is_audited(database, clerk):
    settings.save(clerk, "company_name", "蓝家装饰")
    assert settings.load().company == "蓝家装饰"
    assert rows(database, "SELECT value, updated_by FROM setting WHERE key = 'company_name'") == [
        (json.dumps("蓝家装饰", ensure_ascii=False), "wang")]
    ((actor, entity_id, before, after),) = rows(
        database, "SELECT actor, entity_id, before, after FROM audit WHERE entity = 'setting'")
    assert (actor, entity_id, json.loads(before), json.loads(after)) == ("wang", "company_name", "红家装饰有限公司", "蓝家装饰")

    script = dict(DEFAULTS["script"], hold="请稍等片刻。")
    settings.save(clerk, "script", script)
    assert settings.load().script("hold") == "请稍等片刻。"
    settings.save(clerk, "work_hours", [["08:30", "12:00"], ["14:00", "18:00"]])
    settings.save(clerk, "forbidden", [{"phrase": "喂？", "instead": "您好。"}])
    settings.save(clerk, "rest_weekday", 7)
    assert settings.load()["rest_weekday"] == 7


def test_a_clerk_who_is_not_a_supervisor_cannot_change_settings(database, clerk, desk_user):
    other = desk_user("li")
    before = counts(database)
    with pytest.raises(Refused) as caught:
        settings.save(other, "company_name", "蓝家装饰")
    assert caught.value.code == "settings.supervisor_only"
    assert counts(database) == before
    assert settings.load().company == "红家装饰有限公司"


@pytest.mark.parametrize(
    "key, value, code",
    [
        ("no_such_setting", "x", "settings.unknown"),
        ("company_name", "", "settings.bad_value"),
        ("company_name", 42, "settings.bad_value"),
        ("company_name", ["红家"], "settings.bad_value"),
        ("departments", "设计部", "settings.bad_value"),
        ("departments", [], "settings.bad_value"),
        ("departments", ["设计部", 3], "settings.bad_value"),
        ("script", "您好", "settings.bad_value"),
        ("script", {"greeting": 1}, "settings.bad_value"),
        ("script", {}, "settings.bad_value"),
        ("work_hours", ["08:00", "12:00"], "settings.bad_value"),
        ("work_hours", [[8, 12]], "settings.bad_value"),
        ("work_hours", [["08:00"]], "settings.bad_value"),
        ("work_hours", [["08:00", "12:00", "13:00"]], "settings.bad_value"),
        ("forbidden", ["你怎么能这样。"], "settings.bad_value"),
        ("forbidden", [{"phrase": 1, "instead": "您好。"}], "settings.bad_value"),
        ("forbidden", [{"phrase": "喂？"}], "settings.bad_value"),
        ("rest_weekday", "1", "settings.bad_value"),
        ("rest_weekday", True, "settings.bad_value"),
        ("rest_weekday", 1.5, "settings.bad_value"),
    ],
)
def test_a_setting_of_the_wrong_shape_is_refused(database, clerk, key, value, code):
    before = counts(database)
    snapshot = rows(database, "SELECT key, value FROM setting ORDER BY key")
    with pytest.raises(Refused) as caught:
        settings.save(clerk, key, value)
    assert caught.value.code == code
    assert counts(database) == before
    assert rows(database, "SELECT key, value FROM setting ORDER BY key") == snapshot


def test_every_default_has_the_shape_a_supervisor_may_save(database, clerk):
    for key, value in DEFAULTS.items():
        settings.save(clerk, key, value)
    assert settings.load().values == DEFAULTS


# ---- customers ---------------------------------------------------------------------------


def test_create_customer_checks_and_audits(database, clerk):
    customer_id = customers.create(clerk, "  解放  ", "正阳县", "网络", "")
    assert rows(database, "SELECT name, phone_raw, phone_e164 FROM customer") == [("解放", "", None)]
    assert {k for (k,) in rows(database, "SELECT key FROM customer_key WHERE customer_id = ?", customer_id)} >= {"jf", "xf"}
    assert rows(database, "SELECT entity, entity_id FROM audit WHERE entity = 'customer'") == [("customer", str(customer_id))]
    before = counts(database)
    for args, code in (((" ", "", "", ""), "customer.name_required"),
                       (("张三", "", "", "138"), "phone.invalid"),
                       (("张三", "", "", "no"), "phone.letters")):
        with pytest.raises(Refused) as caught:
            customers.create(clerk, *args)
        assert caught.value.code == code
    assert counts(database) == before


def test_settings_refuse_values_that_would_break_the_desk(database, clerk):
    from callcenter.services import settings as settings_service
    from callcenter.services.errors import Refused

    for key, value in (("company_zone", "Mars/Base"), ("rest_weekday", 9), ("default_area_code", "abc"),
                       ("phone_region", "china")):
        with pytest.raises(Refused):
            settings_service.save(clerk, key, value)
    settings_service.save(clerk, "rest_weekday", 7)
    assert settings_service.load()["rest_weekday"] == 7


def test_settings_refuse_control_characters(database, clerk):
    from callcenter.services import settings as settings_service
    from callcenter.services.errors import Refused

    with pytest.raises(Refused):
        settings_service.save(clerk, "company_name", "红家\x1b[2J装饰")
    with pytest.raises(Refused):
        settings_service.save(clerk, "script", {"greeting": "您好\x07"})
    assert settings_service.load().company == "红家装饰有限公司"


@pytest.mark.parametrize("name", ["Asia", "a/" * 400 + "b", "Mars/Olympus", "../../etc/passwd"])
def test_a_zone_that_is_no_zone_is_refused_not_raised(clerk, name):
    from callcenter.services import settings as settings_service

    with pytest.raises(Refused) as refused:
        settings_service.save(clerk, "company_zone", name)
    assert refused.value.code == "settings.bad_value"
