"""Praise not yet passed to 企划部 (rule 19); F marks one forwarded; M shows the exchange-meeting list."""
from __future__ import annotations

from callcenter.i18n import t
from callcenter.rules.text import one_line
from callcenter.services import praise
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.text import cell, when


class PraiseScreen(ListScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "praise.back"),
        key("f", "forward", "key.forward", "praise.forward"),
        key("m", "toggle_meeting", "key.exchange_list", "praise.meeting"),
    ]

    def __init__(self):
        super().__init__()
        self.meeting = False

    def columns(self):
        return [(t("col.date"), 8), (t("col.staff"), 6), (t("col.role"), 4), (t("col.customer"), 8), ("", 2),
                (t("col.content"), None)]

    def cells(self, row: praise.PraiseRow):
        return str(row.id), [
            cell(when(row.created_at, self.app.settings.zone, "%y-%m-%d")), cell(row.staff, 6),
            cell(t(f"role_short.{row.staff_role}"), 4), cell(row.customer, 8),
            cell(t("praise.meeting_mark") if row.exchange_meeting else ""), cell(row.text, 60),
        ]

    def fetch(self, number: int):
        return praise.exchange_meeting_customers(number) if self.meeting else praise.unforwarded(number)

    def heading(self, page) -> str:
        return t("praise.title_meeting" if self.meeting else "praise.title", page=page.number + 1)

    def empty_text(self) -> str:
        return t("praise.empty")

    def action_toggle_meeting(self) -> None:
        self.meeting = not self.meeting
        self.table.load_page(0)

    def action_forward(self) -> None:
        row = self.table.current()
        if row is not None and not self.meeting:
            question = t("praise.ask_forward", staff=one_line(row.staff), customer=one_line(row.customer),
                         text=one_line(row.text))
            self.app.confirm(question, lambda yes: self._forward(row.id) if yes else None)

    def _forward(self, praise_id: int) -> None:
        backend.call(self, praise.mark_forwarded, self.app.clerk, praise_id, done=lambda _: self.table.reload(),
                     failed=self._not_forwarded)

    def _not_forwarded(self, problem: str) -> None:
        self.app.notify(problem, severity="warning")
        self.table.reload()
