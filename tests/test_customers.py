"""Customers: a source for every new one, no silent twin of the same name, a supervisor's edit
and merge (the merged id still resolves), the salutation asked once, and the card's open work."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.salutation import address
from callcenter.services import calls, complaints, customers, followups, projects
from callcenter.services import settings as settings_service
from callcenter.services.calls import CallDraft, NewCustomer
from callcenter.services.errors import Refused

START = datetime(2025, 3, 4, 2, 15, tzinfo=timezone.utc)
TABLES = ("customer", "customer_alias", "call", "project", "complaint", "follow_up", "audit")


def dump(path) -> dict:
    with sqlite3.connect(path) as con:
        return {table: con.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall() for table in TABLES}


def call(**changes) -> CallDraft:
    values = dict(started_at=START, ended_at=START + timedelta(minutes=2), phone_text="138 1234 5678",
                  category="咨询", notes="问报价")
    values.update(changes)
    return CallDraft(**values)


@pytest.mark.parametrize("name, salutation, said", [
    ("陈强玉", "先生", "陈先生"), ("陈强玉", "女士", "陈女士"), ("陈强玉", "", "陈强玉"),
    ("欧阳娜娜", "女士", "欧阳女士"), ("欧阳", "先生", "欧先生"), (" 王芳 ", "女士", "王女士"),
    ("John Smith", "先生", "John Smith"), ("陈强玉", "小姐", "陈强玉"),
])
def test_how_the_script_addresses_a_customer(name, salutation, said):
    assert address(name, salutation) == said


def test_a_new_customer_needs_a_source_unless_the_setting_says_otherwise(database, clerk):
    before = dump(database)
    with pytest.raises(Refused) as caught:
        calls.save(clerk, call(new_customer=NewCustomer("陈强玉")))
    assert caught.value.code == "customer.source_required"
    from callcenter.i18n import refusal

    assert refusal(caught.value) == "请选择客户来源（设置“新客户必须填写来源”已打开）"  # the setting's name, not its key
    assert dump(database) == before
    settings_service.save(clerk, "source_required", False)
    calls.save(clerk, call(new_customer=NewCustomer("陈强玉")))
    assert len(dump(database)["customer"]) == 1


def test_a_second_customer_of_the_same_name_needs_the_clerk_to_say_so(database, clerk):
    first = calls.save(clerk, call(new_customer=NewCustomer("陈强玉", source="广告")))
    assert [row.name for row in customers.same_name(" 陈强玉 ")] == ["陈强玉"]
    assert customers.same_name("陈强") == []
    before = dump(database)
    with pytest.raises(Refused) as caught:
        calls.save(clerk, call(no_caller_id=True, phone_text="", new_customer=NewCustomer("陈强玉", source="网络")))
    assert caught.value.code == "customer.same_name"
    assert dump(database) == before
    calls.save(clerk, call(no_caller_id=True, phone_text="",
                           new_customer=NewCustomer("陈强玉", source="网络", distinct=True)))
    assert len(customers.same_name("陈强玉")) == 2 and first


def test_the_salutation_is_kept_once_asked(database, clerk):
    calls.save(clerk, call(new_customer=NewCustomer("陈强玉", source="广告", salutation="先生")))
    card = customers.find_by_phone("+8613812345678")
    assert card.salutation == "先生"
    other = customers.create(clerk, "王芳", "", "广告", "139 0000 1111")
    calls.save(clerk, call(phone_text="139 0000 1111", customer_id=other, salutation="女士"))
    assert customers.card(other).salutation == "女士"
    with pytest.raises(Refused) as caught:
        calls.save(clerk, call(phone_text="139 0000 1111", customer_id=other, salutation="小姐"))
    assert caught.value.code == "customer.bad_salutation"


def test_a_supervisor_edits_a_customer_and_a_clerk_may_not(database, clerk, desk_user):
    cid = customers.create(clerk, "陈强王", "正阳县", "广告", "138 1234 5678")
    assert customers.edit(clerk, cid, "陈强玉", "正阳县建设路1号", "网络", "0396-2345678", "先生")
    card = customers.card(cid)
    assert (card.name, card.address, card.source, card.phone_e164, card.salutation) == (
        "陈强玉", "正阳县建设路1号", "网络", "+863962345678", "先生")
    assert [row.id for row in customers.search("cqy")] == [cid]  # the search keys follow the name
    assert not customers.edit(clerk, cid, "陈强玉", "正阳县建设路1号", "网络", "0396-2345678", "先生")
    li = desk_user("li")
    before = dump(database)
    with pytest.raises(Refused) as caught:
        customers.edit(li, cid, "陈", "", "", "", "")
    assert caught.value.code == "customer.supervisor_only"
    assert dump(database) == before


@pytest.fixture
def twins(database, clerk):
    """Two records of one person: a call, a project, a complaint and a follow-up on the second."""
    from callcenter.services.complaints import ComplaintDraft

    keep = customers.create(clerk, "陈强玉", "", "", "138 1234 5678")
    gone = customers.create(clerk, "陈强玉", "正阳县建设路1号", "广告", "")
    calls.save(clerk, call(phone_text="", no_caller_id=True, customer_id=gone))
    project = projects.create(clerk, gone, "正阳县建设路1号")
    from callcenter.services import staff

    pm = staff.add(clerk, staff.PersonFields("赵长海", "project_manager"))
    complaints.file(clerk, ComplaintDraft(respondent_id=pm, respondent_role="project_manager", kind="工期",
                                          description="工期延误", complainant_customer_id=gone, project_id=project))
    followups.add_manual(clerk, gone, followups.ManualDraft(now_utc() + timedelta(days=1), "回电"))
    return keep, gone, project


def test_merging_moves_everything_keeps_the_old_id_as_an_alias_and_is_audited(database, clerk, twins):
    keep, gone, project = twins
    moved = customers.merge(clerk, keep, gone)
    assert moved["call"] == 1 and moved["project"] == 1 and moved["complaint"] == 1 and moved["follow_up"] >= 1
    after = dump(database)
    assert [row[0] for row in after["customer"]] == [keep]
    assert after["customer_alias"][0][:2] == (gone, keep)
    card = customers.card(gone)  # an old export's id
    assert card.id == keep and customers.resolve(gone) == keep and customers.resolve(999) is None
    assert (card.address, card.source) == ("正阳县建设路1号", "广告")  # blanks filled from the merged one
    assert [p.id for p in card.projects] == [project] and card.complaints and card.followups
    with sqlite3.connect(database) as con:
        assert con.execute("SELECT action FROM audit WHERE entity = 'customer' AND entity_id = ? "
                           "ORDER BY id DESC LIMIT 1", (str(keep),)).fetchone() == ("merge",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_merging_into_itself_or_by_a_clerk_is_refused_with_nothing_written(database, clerk, twins, desk_user):
    keep, gone, _ = twins
    li = desk_user("li")
    before = dump(database)
    for actor, a, b, code in ((clerk, keep, keep, "customer.merge_self"), (li, keep, gone, "customer.supervisor_only"),
                              (clerk, keep, 999, "customer.not_found")):
        with pytest.raises(Refused) as caught:
            customers.merge(actor, a, b)
        assert caught.value.code == code
    assert dump(database) == before


def test_a_merge_of_a_merge_still_resolves_the_first_id(database, clerk, twins):
    keep, gone, _ = twins
    third = customers.create(clerk, "陈强玉", "", "", "139 0000 1111")
    customers.merge(clerk, keep, gone)
    customers.merge(clerk, third, keep)
    assert customers.resolve(gone) == third and customers.card(gone).id == third


def test_the_card_lists_open_complaints_and_follow_ups_only(database, clerk, twins):
    _, gone, _ = twins
    card = customers.card(gone)
    assert [c.description for c in card.complaints] == ["工期延误"]
    assert card.complaints[0].deadline_at > START
    assert [f.reason for f in card.followups] == ["manual"]
    complaint_id = card.complaints[0].id
    with db.writing():
        from db.models import Complaint

        Complaint.update(status="closed").where(Complaint.id == complaint_id).execute()
    assert customers.card(gone).complaints == ()
