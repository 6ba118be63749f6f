"""What the attendance and ledger views share: a month's table under a title with the paper's
handed-in mark, loaded in a worker, and H to hand the paper in."""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from callcenter.i18n import t
from callcenter.ui import backend
from callcenter.ui.month_papers import ask_hand_in, handed_mark
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.widgets.desk_table import DeskTable
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader


class MonthTableScreen(DeskScreen):
    paper_kind = ""  # attendance | ledger
    title_key = ""  # catalog text with {month} and {mark}
    header_height = 1

    def __init__(self, month: date):
        super().__init__()
        self.month = month

    def headings(self) -> list[str]:
        raise NotImplementedError

    @staticmethod
    def read(month: date):
        """In the worker: what the table shows."""
        raise NotImplementedError

    def fill(self, table: DataTable, data) -> None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield DeskTable(id=self.paper_kind, zebra_stripes=True, header_height=self.header_height)
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for heading in self.headings():
            table.add_column(heading)
        table.focus()
        self._load()

    def _load(self) -> None:
        backend.call(self, self._read, self.paper_kind, self.month, done=self._show)

    def _read(self, kind: str, month: date):
        from callcenter.services import month as month_service

        return self.read(month), month_service.paper(kind, month)

    def _show(self, loaded) -> None:
        data, paper = loaded
        mark = handed_mark(paper, self.app.settings.zone)
        self.query_one("#title", Static).update(Text(t(self.title_key, month=f"{self.month:%Y-%m}", mark=mark)))
        table = self.query_one(DataTable)
        table.clear()
        self.fill(table, data)

    def action_hand_in(self) -> None:
        from callcenter.services import month as month_service

        ask_hand_in(self, self.month, month_service.hand_in, self.app.clerk, self.paper_kind, self.month,
                    then=self._load)
