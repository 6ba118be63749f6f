"""One customer: the card, and every contact with them a page at a time."""
from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.services import calls, customers
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.home import contact_cells, contact_columns
from callcenter.ui.widgets.caller_panel import CallerPanel
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.paged_table import PagedTable


class CustomerScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "customer.back"),
        key("o", "call_out", "key.call_out", "customer.call_out"),
    ]

    def __init__(self, customer_id: int):
        super().__init__()
        self.customer_id = customer_id
        self.card = None

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        yield DeskHeader(settings.company, self.app.clerk.name, settings.zone, self.app.clerk.is_supervisor)
        yield CallerPanel(id="card")
        yield Static(t("customer.history"), classes="title")
        yield PagedTable(contact_columns(with_customer=False), lambda n: calls.history(self.customer_id, n),
                         contact_cells(settings.zone, with_customer=False), id="history")
        yield desk_footer()

    def on_mount(self) -> None:
        self.query_one(DeskHeader).set_counts(self.app.open_messages)
        self._load_card()
        self.query_one(PagedTable).focus()

    def on_screen_resume(self) -> None:
        self._load_card()
        self.query_one(PagedTable).reload()

    @work(thread=True, exclusive=True, group="card")
    def _load_card(self) -> None:
        card = customers.card(self.customer_id)
        self.app.call_from_thread(self._show_card, card)

    def _show_card(self, card) -> None:
        self.card = card
        panel = self.query_one("#card", CallerPanel)
        if card is None:
            panel.show_note(t("customer.gone"), error=True)
        else:
            panel.show_card(card, self.app.settings.zone)

    def action_call_out(self) -> None:
        if self.card is not None:
            from callcenter.ui.screens.call import CallScreen

            self.app.push_screen(CallScreen("out", phone_text=self.card.phone_raw))
