"""F6: phone messages not yet passed on; Enter marks one relayed, recording who and when."""
from __future__ import annotations

from textual import on

from callcenter.i18n import t
from callcenter.rules.text import one_line
from callcenter.services import messages
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.screens.modals import ReadList
from callcenter.ui.text import cell, plain, when
from callcenter.ui.widgets.paged_table import PagedTable


class MessagesScreen(ListScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "messages.back"),
        key("r", "relay", "key.relay", "messages.relay"),
        key("a", "toggle_all", "key.show_all", "messages.all"),
    ]

    def __init__(self):
        super().__init__()
        self.include_relayed = False

    def columns(self):
        return [(t("col.time"), 11), ("!", 2), (t("field.recipient"), 8), (t("message.caller"), 6),
                (t("message.callback"), 13), (t("col.content"), None)]

    def cells(self, row: messages.MessageRow):
        zone = self.app.settings.zone
        mark = t("message.relayed_mark") if row.relayed_at else (t("message.urgent_mark") if row.urgent else "")
        return str(row.id), [
            cell(when(row.created_at, zone, "%m-%d %H:%M")), cell(mark),
            cell(row.recipient, 8), cell(row.caller_name, 6), cell(row.callback, 13), cell(row.content, 40),
        ]

    def fetch(self, number: int):
        return messages.listing(number, include_relayed=self.include_relayed)

    def heading(self, page) -> str:
        return t("messages.title_all" if self.include_relayed else "messages.title", page=page.number + 1)

    def empty_text(self) -> str:
        return t("messages.empty")

    @on(PagedTable.RowSelected)
    def _selected(self) -> None:
        self.action_relay()

    def action_toggle_all(self) -> None:
        self.include_relayed = not self.include_relayed
        self.table.load_page(0)

    def action_relay(self) -> None:
        row = self.table.current()
        if row is None:
            return
        zone = self.app.settings.zone
        whole = t("message.whole", at=when(row.created_at, zone, "%Y-%m-%d %H:%M"), recipient=one_line(row.recipient),
                  caller=one_line(row.caller_name), callback=one_line(row.callback), content=one_line(row.content))
        if row.relayed_at is not None:  # read it in full; nothing to do
            self.app.push_screen(ReadList(t("message.relayed_at", at=when(row.relayed_at, zone, "%m-%d %H:%M")),
                                          [plain(whole)]))
            return
        # The whole message first, then the question: the clerk relays what they have read.
        self.app.confirm(whole + "\n\n" + t("message.ask_relay"), lambda yes: self._relay(row.id) if yes else None)

    def _relay(self, message_id: int) -> None:
        backend.call(self, messages.mark_relayed, self.app.clerk, message_id, done=self._relayed,
                     failed=self._not_relayed)

    def _relayed(self, _result) -> None:
        self.app.notify(t("message.relayed"))
        self._not_relayed()

    def _not_relayed(self, problem: str = "") -> None:
        if problem:
            self.app.notify(problem, severity="warning")
        self.app.refresh_counts()
        self.table.reload()
