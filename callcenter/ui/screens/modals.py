"""Small dialogs: a yes/no question, a list to read, a list to pick from."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from callcenter.i18n import t
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskModal
from callcenter.ui.text import plain

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 72; max-width: 100%; height: auto; max-height: 23; border: round $accent;
    background: $surface; padding: 0 1; }}
{name} .title {{ text-style: bold; }}
"""


class Confirm(DeskModal[bool]):
    """Answers True for y, False for n/Esc. Enter says yes only when yes destroys nothing:
    a clerk who presses Enter out of habit must not throw away a call."""

    DEFAULT_CSS = MODAL_CSS.format(name="Confirm") + "Confirm .question { text-style: bold; max-height: 18; }"
    BINDINGS = [
        key("y", "answer(True)", "key.yes", "confirm.yes"),
        key("enter", "enter", "key.enter", "confirm.enter", show=False),
        key("n,escape", "answer(False)", "key.no", "confirm.no"),
    ]

    def __init__(self, question: str, *, destructive: bool = False):
        super().__init__()
        self.question = question
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), classes="question")  # a message read in full may take lines
            yield Static(Text(t("confirm.hint_destructive" if self.destructive else "confirm.hint")))

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def action_enter(self) -> None:
        if self.destructive:
            self.app.bell()
        else:
            self.dismiss(True)


class ReadList(DeskModal[None]):
    """Lines to read out or keep in mind: forbidden phrases, talking points, keys."""

    DEFAULT_CSS = MODAL_CSS.format(name="ReadList") + "ReadList OptionList { height: auto; max-height: 20; border: none; }"
    BINDINGS = [key("escape,enter", "close", "key.close", "list.close")]

    def __init__(self, title: str, lines: list[Text]):
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            yield OptionList(*self.lines)

    def action_close(self) -> None:
        self.dismiss(None)


class Pick(DeskModal[str | None]):
    """Choose one of some labelled values; Esc gives None."""

    DEFAULT_CSS = MODAL_CSS.format(name="Pick") + "Pick OptionList { height: auto; max-height: 20; border: none; }"
    BINDINGS = [key("escape", "cancel", "key.cancel", "pick.cancel")]

    def __init__(self, title: str, choices: list[tuple[str, str]]):
        super().__init__()
        self.title_text = title
        self.choices = choices  # (value, label)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            yield OptionList(*[Option(plain(label), id=str(n)) for n, (_, label) in enumerate(self.choices)])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id)][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskText(DeskModal[str | None]):
    """One line of text for an action: a note, a resolution, a handling opinion, a deadline."""

    DEFAULT_CSS = MODAL_CSS.format(name="AskText")
    BINDINGS = [
        key("ctrl+s", "done", "key.save", "ask.save", priority=True),
        key("escape", "cancel", "key.cancel", "ask.cancel", priority=True),
    ]

    def __init__(self, title: str, value: str = "", placeholder: str = ""):
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        from callcenter.ui.widgets.desk_input import DeskInput

        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            yield DeskInput(value=self.value, placeholder=self.placeholder)
            yield Static(Text(t("ask.hint")))

    def on_input_submitted(self) -> None:
        self.action_done()

    def action_done(self) -> None:
        from callcenter.ui.widgets.desk_input import DeskInput

        self.dismiss(self.query_one(DeskInput).value)

    def action_cancel(self) -> None:
        self.dismiss(None)
