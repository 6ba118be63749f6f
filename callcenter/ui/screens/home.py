"""Home: today's contacts, newest first, a page at a time."""
from __future__ import annotations

from rich.cells import cell_len
from textual import on

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.text import cell, when
from callcenter.ui.widgets.paged_table import PagedTable


def contact_columns(*, with_customer: bool = True) -> list[tuple[str, int | None]]:
    """Today's list names the customer; one customer's history shows the date instead."""
    who = [(t("col.customer"), 8), (t("col.phone"), 13)] if with_customer else [(t("col.time"), 14)]
    first = [(t("col.time"), 5)] if with_customer else []
    way = max(cell_len(t(f"channel.{c}")) for c in ("phone", "visit", "fax")) + 1  # + the outgoing mark
    return [*first, (t("col.channel"), way), *who, (t("col.category"), 4), (t("col.clerk"), 8), (t("col.notes"), None)]


def contact_cells(row, zone: str, *, with_customer: bool = True):
    """A calls.ContactRow as (row key, cells)."""
    mark = t(f"channel.{row.channel}") + ("↗" if row.direction == "out" else "")
    if with_customer:
        lead = [cell(when(row.started_at, zone)), cell(mark), cell(row.customer or "-", 8), cell(row.phone, 13)]
    else:
        lead = [cell(mark), cell(when(row.started_at, zone, "%y-%m-%d %H:%M"))]
    return str(row.id), [*lead, cell(row.category, 4), cell(row.clerk, 8), cell(row.notes, 60)]


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
