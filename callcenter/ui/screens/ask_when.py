"""Ask for one moment (a complaint's deadline), read in plain words, the next opening offered."""
from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from callcenter.i18n import t
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskModal
from callcenter.ui.screens.modals import MODAL_CSS
from callcenter.ui.widgets.when_field import WhenField


class AskWhen(DeskModal[datetime | None]):
    DEFAULT_CSS = MODAL_CSS.format(name="AskWhen") + "AskWhen #why { color: $error; height: auto; }"
    BINDINGS = [
        key("ctrl+s", "done", "key.save", "ask_when.save", priority=True),
        key("escape", "leave", "key.cancel", "ask_when.cancel", priority=True),
    ]

    def __init__(self, title: str, zone: str, value: str = ""):
        super().__init__()
        self.title_text = title
        self.zone = zone
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.title_text), classes="title")
            yield WhenField(self.zone, id="when", value=self.value)
            yield Static(id="why")
            yield Static(Text(t("ask.hint")))

    def on_mount(self) -> None:
        self.query_one("#when DeskInput").focus()
        self.mark_pristine()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_done()  # the field keeps Enter for itself while it offers an opening

    def action_done(self) -> None:
        field = self.query_one(WhenField)
        moment = field.value()
        if moment is None:
            self.query_one("#why", Static).update(Text(t("plan.when_required")))
            return
        if field.confirmed():
            self.dismiss(moment)
