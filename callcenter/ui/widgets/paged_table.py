"""A table that reads one page from the database at a time, in a thread worker."""
from __future__ import annotations

from typing import Callable

from rich.text import Text
from textual.message import Message

from callcenter.services.paging import Page
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.widgets.desk_table import DeskTable


class PagedTable(DeskTable):
    """PgDn past the last row of a page reads the next page, PgUp before the first the one before;
    Home and End go to the first row of the list and the last row read."""

    BINDINGS = [
        key("pagedown", "page_down", "key.next_page", "table.next_page", show=False),
        key("pageup", "page_up", "key.prev_page", "table.prev_page", show=False),
    ]

    class Shown(Message):
        """A page arrived: screens update their titles from it."""

        def __init__(self, table: "PagedTable", page: Page) -> None:
            super().__init__()
            self.table = table
            self.page = page

    def __init__(self, columns: list[tuple[str, int | None]], fetch: Callable[[int], Page],
                 cells: Callable[[object], tuple[str, list[Text]]], *, id: str | None = None):
        super().__init__(id=id, zebra_stripes=True)
        self.columns_spec = columns  # (label, width or None)
        self.fetch = fetch  # page number -> Page; runs in a worker thread
        self.cells = cells  # row -> (row key, cells)
        self.page: Page | None = None
        self.rows_by_key: dict[str, object] = {}
        self.land_on_last = False  # the next page shown puts the cursor on its last row (PgUp)

    def on_mount(self) -> None:
        for label, width in self.columns_spec:
            self.add_column(label, width=width)

    def reload(self) -> None:
        self.load_page(self.page.number if self.page else 0)

    def load_page(self, number: int) -> None:
        backend.call(self, self.fetch, number, done=self._show, group="page")

    def _show(self, page: Page) -> None:
        cursor = self.cursor_row if self.page and self.page.number == page.number else 0
        if self.land_on_last:
            cursor, self.land_on_last = len(page.rows) - 1, False
        self.clear()
        self.rows_by_key = {}
        for row in page.rows:
            row_key, cells = self.cells(row)
            self.rows_by_key[row_key] = row
            self.add_row(*cells, key=row_key)
        self.page = page
        if page.rows:
            self.move_cursor(row=min(cursor, len(page.rows) - 1))
        self.post_message(self.Shown(self, page))

    def current(self):
        """The row object under the cursor, or None."""
        if not self.row_count:
            return None
        row_key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        return self.rows_by_key.get(row_key.value)

    def action_page_down(self) -> None:
        if self.page is None:
            return
        if self.cursor_row < self.row_count - 1:
            super().action_page_down()
        elif self.page.has_more:
            self.load_page(self.page.number + 1)
        else:
            self.app.bell()

    def action_page_up(self) -> None:
        if self.page is None:
            return
        if self.cursor_row > 0:
            super().action_page_up()
        elif self.page.number > 0:
            self.land_on_last = True
            self.load_page(self.page.number - 1)
        else:
            self.app.bell()

    def action_first_row(self) -> None:
        if self.page is not None and self.page.number > 0:
            self.load_page(0)  # a new page starts at its first row
        else:
            super().action_first_row()
