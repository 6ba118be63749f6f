"""Who is calling: the number as typed, the caller's card or the new customer's details."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label

from callcenter.i18n import refusal, t
from callcenter.rules.phone import Phone
from callcenter.rules.salutation import SALUTATIONS
from callcenter.services import customers
from callcenter.services.calls import NewCustomer
from callcenter.services.errors import Refused
from callcenter.ui import backend
from callcenter.ui.backend import Guarded
from callcenter.ui.widgets.caller_panel import CallerPanel
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.desk_input import DeskInput


def field_row(label: str, input_id: str, placeholder: str = "", classes: str = "") -> Horizontal:
    return Horizontal(Label(label, classes="label"), DeskInput(placeholder=placeholder, id=input_id),
                      classes=f"row {classes}".strip())


class CallerBox(Guarded, Vertical):
    """The phone field parses as the clerk types; a known number shows the card, an unknown one
    asks for the new customer's name, address and source, and lists the customers already on file
    under the name typed, to pick from. The salutation is asked while the customer has none."""

    DEFAULT_CSS = """
    CallerBox, CallerBox Vertical { height: auto; }  /* a Vertical takes 1fr: the rest of the column */
    CallerBox ChoiceBar { padding: 0 1 0 0; height: auto; }
    """

    class Identified(Message):
        """The caller changed: known (card), unknown, or not yet typed. The script and the
        complaint form's first names follow."""

    def __init__(self, sources: list[str]):
        super().__init__(id="caller_box")
        self.sources = sources
        self.card = None  # the known caller's CustomerCard
        self.phone: Phone | None = None
        self.picked = False  # the card came from the same-name list, not from the number
        self.distinct = False  # the clerk said the name typed is another customer than those listed

    def compose(self) -> ComposeResult:
        yield field_row(t("call.phone"), "phone", t("call.phone_hint"))
        yield CallerPanel(id="caller")
        with Vertical(id="new_customer", classes="hidden"):
            yield field_row(t("field.name"), "new_name", t("call.new_name_hint"))
            yield Vertical(id="same_name_box")
            yield field_row(t("field.address"), "new_address")
            yield ChoiceBar(t("field.source"), [(s, s) for s in self.sources], id="new_source")
        salutation = ChoiceBar(t("field.salutation"), [(s, t(f"salutation.{s}")) for s in SALUTATIONS], id="salutation")
        yield salutation.add_class("hidden")  # asked only while the caller has none

    def on_mount(self) -> None:
        self.query_one("#caller", CallerPanel).show_note(t("call.type_number"))

    @property
    def field(self) -> Input:
        return self.query_one("#phone", Input)

    @property
    def no_caller_id(self) -> bool:
        return self.field.disabled

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    def _ask_salutation(self) -> None:
        """Asked once: for a new customer, or a known one who has none yet."""
        new = not self.query_one("#new_customer").has_class("hidden")
        wanted = (self.card is not None and not self.card.salutation) or (self.card is None and new)
        self.query_one("#salutation").set_class(not wanted, "hidden")

    def customer_name(self) -> str:
        return self.card.name if self.card is not None else self._value("new_name").strip()

    def project_people(self) -> tuple[str, ...]:
        """The caller's designer, inspector and manager: listed first when choosing whom it is about."""
        projects = self.card.projects if self.card is not None else ()
        return tuple(n for p in projects for n in (p.designer, p.qc_inspector, p.project_manager) if n)

    # ----- the number, as typed --------------------------------------------------------------
    @on(Input.Changed, "#phone")
    def _phone_changed(self, event: Input.Changed) -> None:
        self.screen.show_problem()
        if self.card is not None:  # only a change of caller redraws the script: bytes over SSH
            self.card = None
            self.post_message(self.Identified())
        self.phone = None
        if not event.value.strip():
            self.query_one("#caller", CallerPanel).show_note(t("call.type_number"))
            self.query_one("#new_customer").add_class("hidden")
            self._ask_salutation()
            return
        try:
            self.phone = customers.phone_from_text(event.value, self.screen.app.settings)
        except Refused:
            return  # half-typed: say nothing until Enter, Tab or save
        if self.phone.e164 is None:
            self._show_unknown(self.phone, short=True)
        else:
            backend.call(self, customers.find_by_phone, self.phone.e164,
                         done=lambda card, phone=self.phone: self._show_found(phone, card))

    @on(Input.Submitted, "#phone")
    def _phone_submitted(self) -> None:
        if self.check_phone():
            self.screen.focus_next()

    @on(Input.Blurred, "#phone")
    def _phone_left(self) -> None:
        self.check_phone()

    @on(Input.Changed, "#new_name")
    def _name_changed(self, event: Input.Changed) -> None:
        if self.picked:  # a different name: not the customer picked from the list any more
            self.card, self.picked = None, False
            self._show_unknown(self.phone, short=self.phone is not None and self.phone.e164 is None, force=True)
        self.distinct = False
        self.post_message(self.Identified())
        name = event.value.strip()
        backend.call(self, customers.same_name, name, done=lambda rows: self._show_same_name(name, rows))

    def _show_same_name(self, name: str, rows) -> None:
        """Customers already on file under this name, first: pick one, or say it is another person."""
        if name != self._value("new_name").strip():
            return  # typed on since
        box = self.query_one("#same_name_box")
        box.remove_children()
        if rows:
            options = [(str(row.id), " ".join(part for part in (row.name, row.phone, row.address) if part))
                       for row in rows]
            bar = ChoiceBar(t("call.same_name"), [*options, ("new", t("call.another_customer"))], id="same_name")
            bar.styles.height = "auto"
            box.mount(bar)

    @on(ChoiceBar.Changed, "#same_name")
    def _same_name_picked(self, event: ChoiceBar.Changed) -> None:
        event.stop()
        self.distinct = event.value == "new"
        if event.value is None or self.distinct:
            if self.picked:
                self.card, self.picked = None, False
                self.post_message(self.Identified())
            self._ask_salutation()
            return
        backend.call(self, customers.card, int(event.value), done=self._show_picked)

    def _show_picked(self, card) -> None:
        if card is None:
            return
        self.card, self.picked = card, True
        self.query_one("#caller", CallerPanel).show_card(card, self.app.settings.zone)
        self._ask_salutation()
        self.post_message(self.Identified())

    def check_phone(self) -> bool:
        """Say clearly what is wrong with a typed number; the text stays as typed."""
        text = self.field.value
        if not text.strip() or self.no_caller_id:
            return True
        try:
            customers.phone_from_text(text, self.app.settings)
        except Refused as error:
            self.query_one("#caller", CallerPanel).show_note(refusal(error), error=True)
            self.screen.show_problem(refusal(error))
            return False
        return True

    def _show_found(self, phone: Phone, card) -> None:
        if phone != self.phone:
            return  # the clerk has typed on since
        if card is None:
            self._show_unknown(phone)
            return
        self.card = card
        self.query_one("#new_customer").add_class("hidden")
        self.query_one("#caller", CallerPanel).show_card(card, self.app.settings.zone)
        self._ask_salutation()
        self.post_message(self.Identified())
        from callcenter.i18n import language
        from callcenter.rules.phone import describe

        # Region and carrier load 260 ms of data the first time: never on the event loop.
        backend.call(self, describe, phone.e164, language(),
                     done=lambda where: self._show_described(phone, card, *where))

    def _show_described(self, phone: Phone, card, region: str, carrier: str) -> None:
        if phone == self.phone and card is self.card:
            self.query_one("#caller", CallerPanel).show_card(card, self.app.settings.zone, region, carrier)

    def _show_unknown(self, phone: Phone | None, short: bool = False, *, force: bool = False) -> None:
        if phone != self.phone and not force:
            return
        note = t("call.no_caller_id") if self.no_caller_id else t("call.short_number") if short else t(
            "call.unknown_number")
        self.query_one("#caller", CallerPanel).show_note(note)
        self.query_one("#new_customer").remove_class("hidden")
        self._ask_salutation()
        self.post_message(self.Identified())

    def toggle_no_caller_id(self) -> None:
        field = self.field
        field.disabled = not field.disabled
        if field.disabled:
            self.card = None
            self.phone = None
            self.query_one("#caller", CallerPanel).show_note(t("call.no_caller_id"))
            self.query_one("#new_customer").remove_class("hidden")
            self._ask_salutation()
            self.query_one("#new_name", Input).focus()
        else:
            field.focus()
            self._phone_changed(Input.Changed(field, field.value))
        self.screen.show_problem()
        self.post_message(self.Identified())

    # ----- its share of the record --------------------------------------------------------------
    def draft_part(self, followup_customer_id: int | None) -> dict:
        new_name = self._value("new_name").strip()
        salutation = self.query_one("#salutation", ChoiceBar).value or ""
        new_customer = None
        if self.card is None and new_name and not self.query_one("#new_customer").has_class("hidden"):
            new_customer = NewCustomer(new_name, self._value("new_address"),
                                       self.query_one("#new_source", ChoiceBar).value or "", salutation, self.distinct)
        asked = salutation if self.card is not None and not self.card.salutation else ""
        return {
            "phone_text": "" if self.no_caller_id else self.field.value,
            "no_caller_id": self.no_caller_id,
            "customer_id": self.card.id if self.card is not None else followup_customer_id,
            "new_customer": new_customer,
            "salutation": asked,
        }
