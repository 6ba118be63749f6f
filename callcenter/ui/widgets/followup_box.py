"""Working a follow-up: how it went, when to call back, and the satisfaction survey (rule 18)."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label

from callcenter.i18n import t
from callcenter.rules.text import one_line
from callcenter.services.followups import OUTCOMES
from callcenter.ui.backend import Guarded
from callcenter.ui.describe import purpose
from callcenter.ui.widgets.caller_box import field_row
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.when_field import WhenField


class FollowUpBox(Guarded, Vertical):
    DEFAULT_CSS = "FollowUpBox { height: auto; } FollowUpBox ChoiceBar { padding: 0 1 0 0; height: auto; }"

    def __init__(self, followup, project, zone: str):
        super().__init__(id="followup_box")
        self.followup = followup  # a FollowUpRow
        self.project = project  # its ProjectDetail: the people the survey asks about
        self.zone = zone

    def _people(self):
        return [(role, person) for role, person in (self.project.staff.items() if self.project else ()) if person]

    def compose(self) -> ComposeResult:
        yield Label(t("call.followup", purpose=purpose(self.followup)), classes="title")
        yield ChoiceBar(t("followup.outcome"), [(o, t(f"outcome.{o}")) for o in OUTCOMES], id="outcome")
        yield WhenField(self.zone, id="callback", placeholder=t("followup.callback_hint"))
        for role, person in self._people():
            label = t("survey.rate", role=t(f"role.{role}"), name=one_line(person[1]))
            yield ChoiceBar(label, [(str(n), str(n)) for n in range(1, 6)], numbered=False, id=f"rate_{role}",
                            classes="survey")
        if self._people():
            yield field_row(t("survey.comment"), "rating_comment", classes="survey")
        if self.followup.complaint_id is not None:
            yield ChoiceBar(t("complaint.satisfied"), [("yes", t("complaint.satisfied_yes")),
                                                       ("no", t("complaint.satisfied_no"))], id="satisfied")

    def on_mount(self) -> None:
        self._show_for(None)

    def _survey(self) -> list:
        return [*self.query(".survey")]

    def _show_for(self, outcome: str | None) -> None:
        """Only what the outcome asks for is on screen, so Tab goes where the eye does: a time to
        call back after 稍后再打, the survey only when the customer was reached."""
        self.query_one("#callback").display = outcome == "call_back"
        for widget in self._survey():
            widget.display = outcome == "reached"

    @on(ChoiceBar.Changed, "#outcome")
    def _outcome_changed(self, event: ChoiceBar.Changed) -> None:
        self._show_for(event.value)
        if event.value == "call_back":
            # After the layout has it: a field that is not displayed yet cannot take the focus.
            self.call_after_refresh(self.query_one("#callback", WhenField).query_one(Input).focus)

    def callback_confirmed(self) -> bool:
        """False once for a call-back time the company is closed at: the next opening is offered."""
        outcome = self.query_one("#outcome", ChoiceBar).value
        return outcome != "call_back" or self.query_one("#callback", WhenField).confirmed()

    def draft_part(self, promotions: list[str]) -> dict:
        outcome = self.query_one("#outcome", ChoiceBar).value
        callback_at = self.query_one("#callback", WhenField).value() if outcome == "call_back" else None
        ratings = []
        for role, person in self._people() if outcome == "reached" else ():  # nobody to rate otherwise
            score = self.query_one(f"#rate_{role}", ChoiceBar).value
            if score:
                ratings.append((person[0], role, int(score)))
        satisfied = self.query("#satisfied").first(ChoiceBar).value if self.followup.complaint_id else None
        comment = self.query("#rating_comment")
        return {
            "complaint_id": self.followup.complaint_id,
            "satisfied": None if satisfied is None else satisfied == "yes",
            "followup_id": self.followup.id, "outcome": outcome, "callback_at": callback_at,
            "project_id": self.followup.project_id, "ratings": ratings,
            "rating_comment": comment.first(Input).value if ratings and comment else "",
            "promotions": promotions,
        }
