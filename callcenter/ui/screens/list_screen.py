"""A desk that is one paged list: header, title line, table, footer.

Subclasses say what the columns are, how a row becomes cells, how a page is fetched (in a
worker thread) and what the title says; the list reloads whenever the screen comes back.
"""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.services.paging import Page
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.paged_table import PagedTable


class ListScreen(DeskScreen):
    def columns(self) -> list[tuple[str, int | None]]:
        raise NotImplementedError

    def cells(self, row) -> tuple[str, list[Text]]:
        raise NotImplementedError

    def fetch(self, number: int) -> Page:
        """Page `number`; runs in a worker thread."""
        raise NotImplementedError

    def heading(self, page: Page) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        """What to say under an empty list."""
        return ""

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield PagedTable(self.columns(), self.fetch, self.cells)
        yield Static(id="empty", classes="hint")
        yield desk_footer()

    @property
    def table(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.load_first_page()

    def load_first_page(self) -> None:
        self.table.reload()

    def on_screen_resume(self) -> None:
        if self.table.page is not None:  # back from another screen: what it did may show here
            self.table.reload()

    @on(PagedTable.Shown)
    def _shown(self, event: PagedTable.Shown) -> None:
        self.query_one("#title", Static).update(self.heading(event.page))
        empty = not event.page.rows and event.page.number == 0
        self.query_one("#empty", Static).update(self.empty_text() if empty else "")
