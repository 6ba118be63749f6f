"""Home: today's contacts, newest first, a page at a time."""
from __future__ import annotations

from textual import on

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui.describe import contact_cells, contact_columns
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.widgets.paged_table import PagedTable

FIRST_PAGE_AFTER = 0.25  # seconds: after the footer, the last part of the first screen, is drawn


class HomeScreen(ListScreen):
    def columns(self):
        return contact_columns()

    def cells(self, row):
        return contact_cells(row, self.app.settings.zone)

    def fetch(self, number: int):
        # Imported in the worker: the services' import is time the first screen need not wait for.
        from callcenter.services import calls

        zone = self.app.settings.zone
        return calls.contacts_on(local(now_utc(), zone).date(), zone, number)

    def heading(self, page) -> str:
        return t("home.title", page=page.number + 1)

    def empty_text(self) -> str:
        return t("home.empty")

    def load_first_page(self) -> None:
        # After the first screen is drawn: the worker's imports and query would hold the GIL the
        # first frames need (the footer comes a frame or two after the rest).
        self.set_timer(FIRST_PAGE_AFTER, self.table.reload)

    @on(PagedTable.RowSelected)
    def _open(self, event: PagedTable.RowSelected) -> None:
        row = self.table.current()
        if row is not None and row.customer_id is not None:
            from callcenter.ui.screens.customer import CustomerScreen

            self.app.push_screen(CustomerScreen(row.customer_id))
