"""A signing typed at the desk (签单): customer, phone, address, designer, day, amount, deposit, notes.

Ctrl+S saves (the service checks every field: `1.28万` and `12,800.00` are amounts, `12.8.0` is
not); a refused save keeps everything typed; Esc asks before discarding it.
"""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from callcenter.i18n import t
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskModal
from callcenter.ui.screens.modals import MODAL_CSS
from callcenter.ui.widgets.desk_input import DeskInput

FIELDS = ("customer", "phone", "address", "designer", "signed_on", "amount", "deposit", "notes")
LABELS = {"customer": "ledger.col.customer", "phone": "contract.phone", "address": "ledger.col.address",
          "designer": "contract.designer", "signed_on": "ledger.col.signed_on", "amount": "ledger.col.amount",
          "deposit": "ledger.col.deposit", "notes": "ledger.col.notes"}


class ContractForm(DeskModal[bool]):
    DEFAULT_CSS = MODAL_CSS.format(name="ContractForm") + """
    ContractForm .label { width: 10; }
    ContractForm Horizontal { height: 1; }
    ContractForm Horizontal > DeskInput { width: 1fr; }
    ContractForm #problem { color: $error; height: auto; }
    """
    BINDINGS = [
        key("ctrl+s", "save", "key.save", "contract.save", priority=True),
        key("escape", "leave", "key.cancel", "contract.cancel", priority=True),
    ]

    def __init__(self, today: date):
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("contract.title")), classes="title")
            for field in FIELDS:
                with Horizontal():
                    yield Label(t(LABELS[field]), classes="label")
                    yield DeskInput(value=self.today.isoformat() if field == "signed_on" else "", id=field)
            yield Static(id="problem")

    def on_mount(self) -> None:
        self.query_one("#customer", DeskInput).focus()
        self.mark_pristine()

    def show_problem(self, message: str = "", *, error: bool = True) -> bool:
        self.query_one("#problem", Static).update(Text(message))
        return True

    def action_save(self) -> None:
        from callcenter.services import contracts

        fields = {field: self.query_one(f"#{field}", DeskInput).value for field in FIELDS}
        backend.call(self, contracts.record, self.app.clerk, fields, self.app.settings, done=self._saved)

    def _saved(self, added: bool) -> None:
        if not added:
            self.show_problem(t("contract.already"))
            return
        self.dismiss(True)
