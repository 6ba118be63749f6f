"""Ask for a manual follow-up: when (in plain words), a note, and whether it is the clerk's own."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Static

from callcenter.i18n import t
from callcenter.services.followups import ManualDraft
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskModal
from callcenter.ui.screens.modals import MODAL_CSS
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.when_field import WhenField


class PlanFollowUp(DeskModal[ManualDraft | None]):
    DEFAULT_CSS = MODAL_CSS.format(name="PlanFollowUp") + """
    PlanFollowUp Checkbox { height: 1; border: none; padding: 0 1; }
    PlanFollowUp #why { color: $error; height: auto; }
    """
    BINDINGS = [
        key("ctrl+s", "done", "key.save", "plan.save", priority=True),
        key("escape", "leave", "key.cancel", "plan.cancel", priority=True),
    ]

    def __init__(self, customer: str, zone: str):
        super().__init__()
        self.customer = customer
        self.zone = zone

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(t("plan.title", customer=self.customer)), classes="title")
            yield WhenField(self.zone, id="when")
            yield DeskInput(placeholder=t("plan.note_hint"), id="note")
            yield Checkbox(t("plan.personal"), id="personal")
            yield Static(id="why")

    def on_mount(self) -> None:
        self.query_one("#when DeskInput").focus()
        self.mark_pristine()

    def action_done(self) -> None:
        moment = self.query_one(WhenField).value()
        if moment is None:
            self.query_one("#why", Static).update(Text(t("plan.when_required")))
            return
        if not self.query_one(WhenField).confirmed():
            return
        self.dismiss(ManualDraft(moment, self.query_one("#note", DeskInput).value,
                                 self.query_one("#personal", Checkbox).value))
