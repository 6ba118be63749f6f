"""The phone field is parsed as the clerk types: no half-typed number may stop the desk.

Real-world numbers are typed one key at a time, each key sent the way the terminal driver
reports it; every prefix must reach the call screen's own Changed handler, and after each
number the desk still runs, the call screen is still up, and the field holds what was typed.
"""
from __future__ import annotations

from textual import events
from textual._context import active_message_pump
from textual.keys import _character_to_key
from textual.widgets import Input

from callcenter.ui.screens.call import CallScreen
from tests.ui.conftest import SIZE, settle, until

NUMBERS = [
    "0086 139 1234 5678",  # international prefix 00 then China: "008" is a prefix
    "00 86 139 1234 5678",
    "008613912345678",
    "0086-10-8888-8888",
    "+86 138-1234-5678",
    "+86 (396) 234-5678",
    # A Chinese input method's full-width forms. (Its ideographic space is left out: Textual's
    # Input drops it as unprintable before the phone field's handler could see it.)
    "＋８６－１３８－１２３４－５６７８",
    "０１３８１２３４５６７８",
    "（０３９６）２３４５６７８",
    "(0396)2345678",
    "0396-2345678",
    "0396-2345678 转 801",
    "0396 234 5678 ext. 801",
    "0396-2345678-801",
    "2345678分机801",
    "13812345678#801",
    "139.1234.5678",
    "010-12345678",
    "0755-8888 8888",
    "95588",
    "10086",
    "110",
    "12345",
    "400-888-1234",
    "800-810-0000",
    "00852 2345 6789",
    "+852 9123 4567",
    "001 212 555 0100",
    "+1 (212) 555-0100",
    "0044 20 7946 0958",
    "+81 3-1234-5678",
]


def key_event(char: str) -> events.Key:
    """One key as the terminal driver reports it: its name and the character typed.

    Not Pilot's press(): it drops the character of keys it cannot name back, such as the
    full-width ＋ and （ of a Chinese input method, which a real terminal does send.
    """
    return events.Key(char if char.isalnum() else _character_to_key(char), char)


async def test_every_prefix_of_real_numbers_keeps_the_desk_running(database, desk):
    reached: list[str] = []  # the phone field's values as they reach the call screen's handler

    def hook(message) -> None:
        if (isinstance(message, Input.Changed) and message.input.id == "phone"
                and isinstance(active_message_pump.get(), CallScreen)):
            reached.append(message.value)

    app = desk()
    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        field = app.screen.query_one("#phone", Input)
        for number in NUMBERS:
            field.value = ""
            await pilot.pause()
            assert app.focused is field
            reached.clear()
            # The keys of one number go in a burst, as from a fast typist: one wait per number.
            for char in number:
                app._driver.send_message(key_event(char))
            await until(pilot, lambda: len(reached) >= len(number) or not app.is_running)
            assert app.is_running, f"the desk stopped while {number!r} was typed"
            assert isinstance(app.screen, CallScreen), number
            assert reached == [number[:length] for length in range(1, len(number) + 1)]
            assert field.value == number
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, CallScreen)
