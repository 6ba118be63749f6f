"""F3: the follow-up queue. Overdue first (red), then today's, then upcoming; Enter works one.

A due time the company clock moved (past closed days, into opening hours) is marked with `*`
in the place an overdue one has its `!` (overdue wins: the columns stay as they were), and the
line under the table says why for the highlighted row; the page's explanations are read with
the page, in its worker, so moving the cursor reads nothing.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.services.paging import Page
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.describe import purpose, purpose_width
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.text import cell, when
from callcenter.ui.widgets.paged_table import PagedTable

MOVED = "*"


@dataclass(frozen=True)
class Queued:
    row: object  # a followups.FollowUpRow
    why: str  # why the company clock moved its due time; "" when it did not


class FollowUpsScreen(ListScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "followups.back"),
        key("m", "toggle_mine", "key.mine", "followups.mine"),
    ]

    def __init__(self):
        super().__init__()
        self.mine = False

    def compose(self) -> ComposeResult:
        *body, footer = super().compose()
        yield from body
        yield Static(id="why", classes="hint")
        yield footer

    def columns(self):
        # Names, times and purposes whole; the project or note, free text, takes what is left.
        return [(t("col.due"), 12), (t("col.purpose"), purpose_width()), (t("col.customer"), 8),
                (t("col.phone"), 13), (t("col.assignee"), 8), (t("col.note"), None)]

    def cells(self, item: Queued):
        row = item.row
        zone = self.app.settings.zone
        today = local(now_utc(), zone).date()
        style = "bold red" if row.overdue else ("yellow" if local(row.due_at, zone).date() == today else "")
        mark = "!" if row.overdue else (MOVED if item.why else " ")
        return str(row.id), [
            cell(mark + when(row.due_at, zone, "%m-%d %H:%M"), style=style), cell(purpose(row), purpose_width()),
            cell(row.customer, 8), cell(row.phone, 13), cell(row.assignee or t("followups.anyone"), 8),
            cell(row.note or row.project, 40),
        ]

    def fetch(self, number: int) -> Page:
        from callcenter.services import followups

        settings = self.app.settings
        page = followups.queue(self.app.clerk.id, now_utc(), number, mine=self.mine, settings=settings)
        why = followups.moved_dues(page.rows, settings)
        return Page([Queued(row, why.get(row.id, "")) for row in page.rows], page.number, page.has_more)

    def heading(self, page) -> str:
        return t("followups.title_mine" if self.mine else "followups.title", page=page.number + 1)

    def empty_text(self) -> str:
        return t("followups.empty")

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.table.load_page(0)

    @on(DataTable.RowHighlighted)
    @on(PagedTable.Shown)
    def _explain(self) -> None:
        item = self.table.current()
        self.query_one("#why", Static).update(Text(f"{MOVED} {item.why}" if item and item.why else ""))

    @on(PagedTable.RowSelected)
    def _work(self) -> None:
        item = self.table.current()
        if item is not None:
            self._open(item.row)

    def _open(self, row) -> None:
        from callcenter.services import projects

        backend.call(self, projects.detail, row.project_id,
                     done=lambda project: self.app.open_call("out", phone_text=row.phone_raw, followup=row,
                                                             project=project))
