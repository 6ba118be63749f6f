"""A supervisor corrects a customer's record: name, address, source, phone, salutation.

Saves itself: a refusal stays on the form's own line with everything typed kept."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static

from callcenter.i18n import t
from callcenter.rules.salutation import SALUTATIONS
from callcenter.services import customers
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskModal
from callcenter.ui.screens.modals import MODAL_CSS
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.desk_input import DeskInput

INPUTS = (("name", "field.name"), ("address", "field.address"), ("phone", "field.phone"))


class CustomerForm(DeskModal[bool]):
    DEFAULT_CSS = MODAL_CSS.format(name="CustomerForm") + """
    CustomerForm .row { height: 1; }
    CustomerForm .label { width: 6; }
    CustomerForm DeskInput { border: none; height: 1; width: 1fr; }
    CustomerForm #why { color: $error; height: auto; }
    """
    BINDINGS = [
        key("ctrl+s", "save", "key.save", "customer_form.save", priority=True),
        key("escape", "leave", "key.cancel", "customer_form.cancel", priority=True),
    ]

    def __init__(self, card, sources: list[str]):
        super().__init__()
        self.card = card
        self.sources = sources if card.source in sources or not card.source else [*sources, card.source]

    def compose(self) -> ComposeResult:
        values = {"name": self.card.name, "address": self.card.address, "phone": self.card.phone_raw}
        with Vertical():
            yield Static(Text(t("customer.edit_title")), classes="title")
            for name, label in INPUTS:
                yield Horizontal(Label(t(label), classes="label"), DeskInput(value=values[name], id=f"c_{name}"),
                                 classes="row")
            yield ChoiceBar(t("field.source"), [(s, s) for s in self.sources], id="c_source")
            yield ChoiceBar(t("field.salutation"), [("", t("salutation.none")),
                                                   *[(s, t(f"salutation.{s}")) for s in SALUTATIONS]], id="c_salutation")
            yield Static(id="why")

    def on_mount(self) -> None:
        self.query_one("#c_source", ChoiceBar).select_value(self.card.source)
        self.query_one("#c_salutation", ChoiceBar).select_value(self.card.salutation)
        self.query_one("#c_name", DeskInput).focus()
        self.mark_pristine()

    def action_save(self) -> None:
        value = {name: self.query_one(f"#c_{name}", DeskInput).value for name, _ in INPUTS}
        backend.call(self, customers.edit, self.app.clerk, self.card.id, value["name"], value["address"],
                     self.query_one("#c_source", ChoiceBar).value or "", value["phone"],
                     self.query_one("#c_salutation", ChoiceBar).value or "",
                     done=self.dismiss, failed=lambda message: self.query_one("#why", Static).update(Text(message)))
