"""Driving the real desk: a real database file, the real App, keys through Pilot."""
from __future__ import annotations

import pytest

from callcenter.rules.clock import now_utc
from callcenter.rules.phone import parse_phone
from callcenter.rules.pinyin import initials_keys
from db.models import Customer, CustomerKey, Project, Staff

SIZE = (80, 24)


def screen_text(app, screen=None) -> str:
    """What a screen shows now, as plain text (its compositor is what the driver writes).

    A modal's compositor holds only the modal: pass the screen below to read that one.
    """
    screen = screen or app.screen
    return "\n".join(strip.text for strip in screen._compositor.render_strips())


def notifications(app) -> list[str]:
    """Toast texts raised so far (headless runs do not draw toasts)."""
    return [note.message for note in app._notifications]


async def settle(pilot) -> None:
    """Let thread workers finish and their results reach the screen."""
    from textual.worker import WorkerCancelled

    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive worker replaced by a newer one: that one counts
            pass
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()


async def until(pilot, condition, seconds: float = 5.0) -> None:
    """Wait for something the desk does on a timer (header counts, escalation) to show."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press("space" if char == " " else char)


async def ring(pilot, number: str) -> str:
    """F2, the caller's number typed and entered: what the call screen then shows."""
    await pilot.press("f2")
    await type_text(pilot, number)
    await pilot.press("enter")
    await settle(pilot)
    return screen_text(pilot.app)


def add_customer(name: str, phone_text: str, address: str = "正阳县幸福小区 1 栋", with_project: bool = True,
                 source: str = "广告") -> int:
    """A customer as the desk would have stored it, with a project and its staff."""
    now = now_utc()
    phone = parse_phone(phone_text, "CN", "0396")
    customer = Customer.create(name=name, address=address, source=source, phone_raw=phone_text,
                               phone_e164=phone.e164, phone_last4=phone.last4, created_at=now, updated_at=now)
    for key in initials_keys(name):
        CustomerKey.create(customer=customer, key=key)
    if with_project:
        staff = {role: Staff.create(name=person, role=role, created_at=now)
                 for role, person in (("designer", "周设计"), ("qc_inspector", "吴质检"), ("project_manager", "郑经理"))}
        Project.create(customer=customer, address=address, designer=staff["designer"],
                       qc_inspector=staff["qc_inspector"], project_manager=staff["project_manager"], created_at=now)
    return customer.id


@pytest.fixture
def desk(database, clerk):
    """A factory for the desk app on the test database, as the command line builds it."""
    from callcenter.ui.app import create_app

    def make():
        return create_app(clerk)

    return make
