"""The desk's top line: company, clerk, date and the live counts a clerk must not miss."""
from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.widget import Widget

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.rules.text import one_line


class DeskHeader(Widget):
    DEFAULT_CSS = """
    DeskHeader { dock: top; height: 1; background: $primary; color: $text; }
    """

    def __init__(self, company: str, clerk: str, zone: str, supervisor: bool):
        super().__init__()
        self.company = company
        self.clerk = clerk
        self.zone = zone
        self.supervisor = supervisor
        self.open_messages: int | None = None

    def set_counts(self, open_messages: int) -> None:
        if open_messages != self.open_messages:  # no repaint, no bytes over SSH, when nothing changed
            self.open_messages = open_messages
            self.refresh()

    def render(self) -> Text:
        today: datetime = local(now_utc(), self.zone)
        weekday = t(f"weekday.{today.isoweekday()}")
        role = t("header.supervisor") if self.supervisor else t("header.clerk")
        text = Text(t("header.line", company=one_line(self.company), role=role, clerk=one_line(self.clerk),
                      date=f"{today:%Y-%m-%d}", weekday=weekday))
        if self.open_messages is not None:
            style = "bold reverse" if self.open_messages else ""
            text.append(" │ ")
            text.append(t("header.messages", count=self.open_messages), style=style)
        return text
