"""F5: find a customer by name part, pinyin initials (zs), whole number or its last 4 digits."""
from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Input, Static

from callcenter.i18n import t
from callcenter.services import customers
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.text import cell
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.desk_table import DeskTable
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader


class SearchScreen(DeskScreen):
    BINDINGS = [key("escape", "app.pop_screen", "key.back", "search.back")]

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield DeskInput(placeholder=t("search.hint"), id="query")
        yield Static(id="count", classes="hint")
        yield DeskTable(id="results", zebra_stripes=True)
        yield desk_footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in ((t("col.customer"), 10), (t("col.phone"), 15), (t("col.address"), None)):
            table.add_column(label, width=width)
        self.query_one(Input).focus()

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#query")
    def _submitted(self) -> None:
        if self.query_one(DataTable).row_count:
            self.query_one(DataTable).focus()

    def _search(self, text: str) -> None:
        backend.call(self, partial(customers.search, settings=self.app.settings), text, group="search",
                     done=lambda rows: self._show(text, rows))

    def _show(self, text: str, rows) -> None:
        if text != self.query_one(Input).value:
            return
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(cell(row.name, 10), cell(row.phone, 15), cell(row.address, 60), key=str(row.id))
        note = "" if not text.strip() else t("search.count", count=len(rows))
        if len(rows) >= customers.SEARCH_LIMIT:
            note = t("search.more", count=len(rows))
        self.query_one("#count", Static).update(note)

    @on(DataTable.RowSelected, "#results")
    def _open(self, event: DataTable.RowSelected) -> None:
        from callcenter.ui.screens.customer import CustomerScreen

        self.app.push_screen(CustomerScreen(int(event.row_key.value)))
