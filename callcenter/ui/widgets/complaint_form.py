"""What a complaint or a praise needs on the call screen, and on the complaints desk for a visit or letter."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Label

from callcenter.i18n import t
from callcenter.services.calls import PraiseDraft
from callcenter.services.complaints import ComplaintDraft
from callcenter.ui.backend import Guarded
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.staff_field import StaffField


def _row(label: str, widget) -> Horizontal:
    return Horizontal(Label(label, classes="label"), widget, classes="row")


class ComplaintForm(Guarded, Vertical):
    DEFAULT_CSS = "ComplaintForm { height: auto; } ComplaintForm Checkbox { height: 1; border: none; padding: 0 1; }"

    def __init__(self, kinds: list[str], *, first: tuple[str, ...] = (), staff_dispute: bool = False,
                 id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.kinds = kinds
        self.first = first
        self.staff_dispute = staff_dispute  # the complainant is staff too (rule 13)

    def compose(self) -> ComposeResult:
        yield Label(t("complaint.form_title"), classes="title")
        if self.staff_dispute:
            yield StaffField(t("complaint.complainant_staff"), id="complainant_staff")
        yield StaffField(t("complaint.respondent"), first=self.first, id="respondent")
        yield ChoiceBar(t("complaint.kind"), [(k, k) for k in self.kinds], id="kind")
        yield _row(t("complaint.description"), DeskInput(id="description"))
        yield StaffField(t("complaint.responsible"), first=self.first, id="responsible")

    def draft(self, *, customer_id: int | None = None, project_id: int | None = None) -> ComplaintDraft:
        respondent = self.query_one("#respondent", StaffField).person
        complainant = self.query("#complainant_staff")
        return ComplaintDraft(
            respondent_id=respondent.id if respondent else None,
            respondent_role=respondent.role if respondent and respondent.role in
            ("designer", "qc_inspector", "project_manager") else "other",
            kind=self.query_one("#kind", ChoiceBar).value or "",
            description=self.query_one("#description", DeskInput).value,
            complainant_customer_id=customer_id,
            complainant_staff_id=complainant.first(StaffField).value if complainant else None,
            project_id=project_id,
            responsible_id=self.query_one("#responsible", StaffField).value,
        )


class PraiseForm(Guarded, Vertical):
    DEFAULT_CSS = "PraiseForm { height: auto; } PraiseForm Checkbox { height: 1; border: none; padding: 0 1; }"

    def __init__(self, *, first: tuple[str, ...] = (), id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.first = first

    def compose(self) -> ComposeResult:
        yield Label(t("praise.form_title"), classes="title")
        yield StaffField(t("praise.staff"), first=self.first, id="praised")
        yield _row(t("praise.text"), DeskInput(id="praise_text"))
        yield Checkbox(t("praise.exchange_meeting"), id="exchange_meeting")

    def draft(self) -> PraiseDraft:
        return PraiseDraft(self.query_one("#praised", StaffField).value, self.query_one("#praise_text", DeskInput).value,
                           self.query_one("#exchange_meeting", Checkbox).value)
