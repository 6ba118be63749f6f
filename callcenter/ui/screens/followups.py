"""F3: the follow-up queue. Overdue first (red), then today's, then upcoming; Enter works one."""
from __future__ import annotations

from textual import on

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.describe import purpose
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.text import cell, when
from callcenter.ui.widgets.paged_table import PagedTable


class FollowUpsScreen(ListScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "followups.back"),
        key("m", "toggle_mine", "key.mine", "followups.mine"),
    ]

    def __init__(self):
        super().__init__()
        self.mine = False

    def columns(self):
        return [(t("col.due"), 15), (t("col.purpose"), 16), (t("col.customer"), 8), (t("col.phone"), 13),
                (t("col.assignee"), 6), (t("col.project"), None)]

    def cells(self, row):
        zone = self.app.settings.zone
        today = local(now_utc(), zone).date()
        style = "bold red" if row.overdue else ("yellow" if local(row.due_at, zone).date() == today else "")
        mark = "!" if row.overdue else " "
        return str(row.id), [
            cell(mark + when(row.due_at, zone, "%y-%m-%d %H:%M"), style=style), cell(purpose(row), 16),
            cell(row.customer, 8), cell(row.phone, 13), cell(row.assignee or t("followups.anyone"), 6),
            cell(row.note or row.project, 40),
        ]

    def fetch(self, number: int):
        from callcenter.services import followups

        return followups.queue(self.app.clerk.id, now_utc(), number, mine=self.mine, settings=self.app.settings)

    def heading(self, page) -> str:
        return t("followups.title_mine" if self.mine else "followups.title", page=page.number + 1)

    def empty_text(self) -> str:
        return t("followups.empty")

    def action_toggle_mine(self) -> None:
        self.mine = not self.mine
        self.table.load_page(0)

    @on(PagedTable.RowSelected)
    def _work(self) -> None:
        row = self.table.current()
        if row is not None:
            self._open(row)

    def _open(self, row) -> None:
        from callcenter.services import projects

        backend.call(self, projects.detail, row.project_id,
                     done=lambda project: self.app.open_call("out", phone_text=row.phone_raw, followup=row,
                                                             project=project))
