"""Home: today's contacts, newest first, a page at a time."""
from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.text import cell, when
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.paged_table import PagedTable


def contact_columns(*, with_customer: bool = True) -> list[tuple[str, int | None]]:
    """Today's list names the customer; one customer's history shows the date instead."""
    who = [(t("col.customer"), 8), (t("col.phone"), 13)] if with_customer else [(t("col.time"), 14)]
    first = [(t("col.time"), 5)] if with_customer else []
    way = max(cell_len(t(f"channel.{c}")) for c in ("phone", "visit", "fax")) + 1  # + the outgoing mark
    return [*first, (t("col.channel"), way), *who, (t("col.category"), 4), (t("col.clerk"), 8), (t("col.notes"), None)]


def contact_cells(zone: str, *, with_customer: bool = True):
    def cells(row):  # a calls.ContactRow
        mark = t(f"channel.{row.channel}") + ("↗" if row.direction == "out" else "")
        if with_customer:
            lead = [cell(when(row.started_at, zone)), cell(mark), cell(row.customer or "-", 8), cell(row.phone, 13)]
        else:
            lead = [cell(mark), cell(when(row.started_at, zone, "%y-%m-%d %H:%M"))]
        return str(row.id), [*lead, cell(row.category, 4), cell(row.clerk, 8), cell(row.notes, 60)]
    return cells


FIRST_PAGE_AFTER = 0.25  # seconds: after the footer, the last part of the first screen, is drawn


def _today(zone: str, number: int):
    # Imported in the worker: the services' import is time the first screen need not wait for.
    from callcenter.services import calls

    return calls.contacts_on(local(now_utc(), zone).date(), zone, number)


class HomeScreen(DeskScreen):
    def compose(self) -> ComposeResult:
        settings = self.app.settings
        zone = settings.zone
        yield DeskHeader()
        yield Static(t("home.title", page=1), id="title", classes="title")
        yield PagedTable(
            contact_columns(),
            lambda number: _today(zone, number),
            contact_cells(zone),
            id="contacts",
        )
        yield Static(id="empty", classes="hint")
        yield desk_footer()

    def on_mount(self) -> None:
        self.query_one(PagedTable).focus()
        # After the first screen is drawn: the worker's imports and query would hold the GIL the
        # first frames need (the footer comes a frame or two after the rest).
        self.set_timer(FIRST_PAGE_AFTER, self.query_one(PagedTable).reload)

    def on_screen_resume(self) -> None:
        if self.query_one(PagedTable).page is not None:  # back from another screen: refresh now
            self.query_one(PagedTable).reload()

    @on(PagedTable.Shown)
    def _shown(self, event: PagedTable.Shown) -> None:
        self.query_one("#title", Static).update(t("home.title", page=event.page.number + 1))
        self.query_one("#empty", Static).update(t("home.empty") if not event.page.rows and event.page.number == 0 else "")

    @on(PagedTable.RowSelected)
    def _open(self, event: PagedTable.RowSelected) -> None:
        row = self.query_one(PagedTable).current()
        if row is not None and row.customer_id is not None:
            from callcenter.ui.screens.customer import CustomerScreen

            self.app.push_screen(CustomerScreen(row.customer_id))
