"""The month's signed-contract ledger (签单台帐) by designer, with subtotals and the total, as
`callcenter ledger` prints it. N records a signing; H marks the ledger handed in."""
from __future__ import annotations

from datetime import date

from callcenter.i18n import t
from callcenter.rules import money
from callcenter.rules.clock import local, now_utc
from callcenter.ui.bindings import key
from callcenter.ui.screens.month_table import MonthTableScreen
from callcenter.ui.text import cell

COLUMNS = ("designer", "signed_on", "customer", "address", "amount", "deposit")


class LedgerScreen(MonthTableScreen):
    paper_kind = "ledger"
    title_key = "ledger.title"
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "ledger.back"),
        key("n", "new", "key.new_signing", "ledger.new"),
        key("h", "hand_in", "key.hand_in", "ledger.hand_in"),
    ]

    def headings(self) -> list[str]:
        return [t(f"ledger.col.{field}") for field in COLUMNS]

    @staticmethod
    def read(month: date):
        from callcenter.services import contracts

        return contracts.ledger(month)

    def fill(self, table, book) -> None:
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
