"""Praise not yet passed to 企划部 (rule 19); F marks one forwarded; M shows the exchange-meeting list."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.i18n import refusal, t
from callcenter.services.errors import Refused
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.text import cell, when
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.paged_table import PagedTable


class PraiseScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "praise.back"),
        key("f", "forward", "key.forward", "praise.forward"),
        key("m", "toggle_meeting", "key.exchange_list", "praise.meeting"),
    ]

    def __init__(self):
        super().__init__()
        self.meeting = False

    def compose(self) -> ComposeResult:
        zone = self.app.settings.zone

        def cells(row):
            return str(row.id), [
                cell(when(row.created_at, zone, "%y-%m-%d")), cell(row.staff, 6), cell(t(f"role_short.{row.staff_role}"), 4),
                cell(row.customer, 8), cell(t("praise.meeting_mark") if row.exchange_meeting else ""),
                cell(row.text, 60),
            ]

        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield PagedTable([(t("col.date"), 8), (t("col.staff"), 6), (t("col.role"), 4), (t("col.customer"), 8),
                          ("", 2), (t("col.content"), None)], self._fetch, cells, id="praise")
        yield desk_footer()

    def _fetch(self, number: int):
        from callcenter.services import praise

        return praise.exchange_meeting_customers(number) if self.meeting else praise.unforwarded(number)

    def on_mount(self) -> None:
        self.query_one(PagedTable).reload()
        self.query_one(PagedTable).focus()

    @on(PagedTable.Shown)
    def _shown(self, event: PagedTable.Shown) -> None:
        title = "praise.title_meeting" if self.meeting else "praise.title"
        self.query_one("#title", Static).update(t(title, page=event.page.number + 1))

    def action_toggle_meeting(self) -> None:
        self.meeting = not self.meeting
        self.query_one(PagedTable).load_page(0)

    def action_forward(self) -> None:
        row = self.query_one(PagedTable).current()
        if row is not None and not self.meeting:
            self._forward(row.id)

    @work(thread=True, exclusive=True, group="forward")
    def _forward(self, praise_id: int) -> None:
        from callcenter.services import praise

        try:
            praise.mark_forwarded(self.app.clerk, praise_id)
        except Refused as error:
            self.app.call_from_thread(self.app.notify, refusal(error), severity="warning")
        self.app.call_from_thread(self.query_one(PagedTable).reload)
