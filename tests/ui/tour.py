"""Every screen of the desk, each reached by keys from the first screen as a clerk would, on the
demo database (as a supervisor, so every key and list is there)."""
from __future__ import annotations

from dataclasses import dataclass

from tests.ui.conftest import settle, type_text


@dataclass(frozen=True)
class Typed:
    text: str  # "{known}": a demo customer's number, found when the demo is made


@dataclass(frozen=True)
class Focus:
    selector: str  # a row that digits act on once it has the focus, as Tab would give it


KNOWN_CALL = ("f2", Typed("{known}"), "enter")
CUSTOMER = ("f5", Typed("{known_last4}"), "enter", "enter")

SIGN_IN = "sign_in"  # the one screen before anyone is signed in (a shared account, the browser)

TOUR: dict[str, tuple] = {
    SIGN_IN: (),
    "home": (),
    "call_empty": ("f2",),
    "call_known": KNOWN_CALL,
    "call_new_number": ("f2", Typed("13912345678"), "enter"),
    "call_no_caller_id": ("f2", "ctrl+n"),
    "call_talking_points": (*KNOWN_CALL, "f10"),
    "call_forbidden": (*KNOWN_CALL, "f9"),
    "call_transfer": (*KNOWN_CALL, "f8"),
    "leave_call": (*KNOWN_CALL, "escape"),
    "help_on_call": (*KNOWN_CALL, "f1"),
    "followups": ("f3",),
    "followup_call": ("f3", "enter"),
    "followup_call_back_later": ("f3", "enter", Focus("#outcome"), "3"),
    "complaints": ("f4",),
    "complaints_next_view": ("f4", "v"),
    "complaint": ("f4", "enter"),
    "complaint_note": ("f4", "enter", "a"),
    "complaint_deadline": ("f4", "enter", "d"),
    "new_complaint": ("f4", "n"),
    "staff_dispute": ("f4", "m"),
    "praise": ("f4", "p"),
    "staff_view": ("f4", "s"),
    "search": ("f5", Typed("{known_last4}")),
    "customer": CUSTOMER,
    "customer_form": (*CUSTOMER, "e"),
    "project": (*CUSTOMER, "p"),
    "plan_followup": (*CUSTOMER, "f"),
    "customer_merge": (*CUSTOMER, "m"),
    "messages": ("f6",),
    "message_read": ("f6", "enter"),
    "settings": ("f12",),
    "calendar": ("f12", "ctrl+t"),
    "people": ("f12", "ctrl+o"),
    "month_end": ("f11",),
    "month_pick": ("f11", "m"),
    "attendance": ("f11", "a"),
    "ledger": ("f11", "l"),
    "contract_form": ("f11", "l", "n"),
    "month_report": ("f11", "r"),
    "help_keys": ("f1",),
}


async def walk(pilot, name: str, known: str) -> None:
    """To the screen `name`, each key's work done before the next key."""
    await pilot.pause(0.4)  # the first page comes a moment after the first frame
    await settle(pilot)
    for step in TOUR[name]:
        if isinstance(step, Typed):
            await type_text(pilot, step.text.format(known=known, known_last4=known[-4:]))
        elif isinstance(step, Focus):
            pilot.app.screen.query_one(step.selector).focus()
        else:
            await pilot.press(step)
        await settle(pilot)
