"""A time typed in plain words (+3h, 明天 10:00, tomorrow 9:30), shown back as an absolute time."""
from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui.backend import Guarded
from callcenter.ui.widgets.desk_input import DeskInput


def read_when(text: str, zone: str) -> datetime:
    """The moment `text` names; WhenError (with a catalog code) when it names none or the past."""
    from callcenter.rules.relative_time import parse_when

    return parse_when(text, now_utc(), zone)


def shown(moment: datetime, zone: str) -> str:
    at = local(moment, zone)
    return t("when.shown", at=f"{at:%Y-%m-%d %H:%M}", weekday=t(f"weekday.{at.isoweekday()}"))


class WhenField(Guarded, Vertical):
    """The input and, under it, what it means or why it cannot be read."""

    DEFAULT_CSS = """
    WhenField { height: auto; }
    WhenField > Static { height: 1; padding: 0 1; color: $text-muted; }
    WhenField > Static.error { color: $error; }
    """

    def __init__(self, zone: str, *, id: str | None = None, placeholder: str = ""):
        super().__init__(id=id)
        self.zone = zone
        self.placeholder = placeholder or t("when.hint")

    def compose(self) -> ComposeResult:
        yield DeskInput(placeholder=self.placeholder, id=f"{self.id}_text" if self.id else None)
        yield Static()

    def on_input_changed(self) -> None:
        self.value()  # the message goes on up: a call screen keeps its draft from it

    def value(self) -> datetime | None:
        """The moment, or None (and the reason shown) when it cannot be read; empty gives None quietly."""
        from callcenter.rules.relative_time import WhenError

        text = self.query_one(DeskInput).value
        preview = self.query_one(Static)
        if not text.strip():
            preview.update("")
            return None
        try:
            moment = read_when(text, self.zone)
        except WhenError as error:
            preview.add_class("error")
            preview.update(Text(t(error.code)))
            return None
        preview.remove_class("error")
        preview.update(Text(shown(moment, self.zone)))
        return moment
