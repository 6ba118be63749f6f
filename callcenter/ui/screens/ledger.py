"""The month's signed-contract ledger (签单台帐) by designer, with subtotals and the total, as
`callcenter ledger` prints it. N records a signing; H marks the ledger handed in."""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from callcenter.i18n import t
from callcenter.rules import money
from callcenter.rules.clock import local, now_utc
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.month_papers import ask_hand_in, handed_mark
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.text import cell
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

COLUMNS = ("designer", "signed_on", "customer", "address", "amount", "deposit")


def load(month: date):
    from callcenter.services import contracts
    from callcenter.services import month as month_service

    return contracts.ledger(month), month_service.paper("ledger", month)


class LedgerScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "ledger.back"),
        key("n", "new", "key.new_signing", "ledger.new"),
        key("h", "hand_in", "key.hand_in", "ledger.hand_in"),
    ]

    def __init__(self, month: date):
        super().__init__()
        self.month = month

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield DataTable(id="ledger", cursor_type="row", zebra_stripes=True)
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for field in COLUMNS:
            table.add_column(t(f"ledger.col.{field}"))
        table.focus()
        self._load()

    def _load(self) -> None:
        backend.call(self, load, self.month, done=self._show)

    def _show(self, loaded) -> None:
        book, paper = loaded
        mark = handed_mark(paper, self.app.settings.zone)
        self.query_one("#title", Static).update(Text(t("ledger.title", month=f"{self.month:%Y-%m}", mark=mark)))
        table = self.query_one(DataTable)
        table.clear()
        for designer in book.designers:
            for s in designer.signings:
                table.add_row(cell(designer.name, 6), cell(s.signed_on.isoformat()), cell(s.customer, 6),
                              cell(s.address, 14), cell(money.shown(s.amount)), cell(money.shown(s.deposit)))
            table.add_row(cell(t("ledger.subtotal", name=designer.name), 10, "bold"), "", "", "",
                          cell(money.shown(designer.subtotal), style="bold"), "")
        table.add_row(cell(t("ledger.total"), style="bold"), "", "", "", cell(money.shown(book.total), style="bold"), "")

    def action_new(self) -> None:
        from callcenter.ui.screens.contract_form import ContractForm

        today = local(now_utc(), self.app.settings.zone).date()
        self.app.push_screen(ContractForm(today), lambda saved: self._load() if saved else None)

    def action_hand_in(self) -> None:
        from callcenter.services import month as month_service

        ask_hand_in(self, self.month, month_service.hand_in, self.app.clerk, "ledger", self.month, then=self._load)
