"""What the desk knows about the caller, as plain text: customer, projects, contacts, messages."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.rules.clock import duration, now_utc
from callcenter.rules.complaints import urgency
from callcenter.rules.phone import display
from callcenter.rules.text import one_line
from callcenter.services.customers import CustomerCard
from callcenter.ui.backend import Guarded
from callcenter.ui.describe import purpose
from callcenter.ui.text import when

URGENCY_STYLE = {"overdue": "bold red", "soon": "bold yellow", "ok": ""}


def card_text(card: CustomerCard, zone: str, region: str = "", carrier: str = "") -> Text:
    text = Text()
    text.append(one_line(card.name), style="bold")
    text.append(f"  {display(card.phone_e164, card.phone_raw)}")
    where = " ".join(part for part in (region, carrier) if part)
    if where:
        text.append(f"  {where}", style="dim")
    text.append("\n" + t("card.source_address", source=one_line(card.source), address=one_line(card.address)))
    for project in card.projects:
        text.append("\n" + t("card.project", address=one_line(project.address), designer=one_line(project.designer),
                             qc=one_line(project.qc_inspector), pm=one_line(project.project_manager)))
    if not card.projects:
        text.append("\n" + t("card.no_projects"), style="dim")
    if card.ratings:
        text.append("\n" + t("card.ratings") + " " + "  ".join(
            t("card.rating", role=t(f"role.{r.role}"), staff=one_line(r.staff), score=r.score) for r in card.ratings))
    now = now_utc()
    for complaint in card.complaints:  # open ones: the clerk must not promise what is already late
        seconds = (complaint.deadline_at - now).total_seconds()
        left = t("complaints.left" if seconds > 0 else "complaints.late", time=duration(abs(seconds)))
        text.append("\n" + t("card.complaint", id=complaint.id, kind=one_line(complaint.kind), left=left,
                              description=one_line(complaint.description)[:40]),
                    style=URGENCY_STYLE[urgency(complaint.deadline_at, now)])
    for followup in card.followups:
        text.append("\n" + t("card.followup", due=when(followup.due_at, zone, "%m-%d %H:%M"),
                              purpose=one_line(purpose(followup))))
    if card.contacts:
        text.append("\n" + t("card.contacts"), style="bold")
    for contact in card.contacts:
        text.append("\n " + t("card.contact", at=when(contact.started_at, zone, "%m-%d %H:%M"),
                              category=one_line(contact.category), clerk=one_line(contact.clerk),
                              notes=one_line(contact.notes)[:60]))
    for message in card.messages:
        text.append("\n" + t("card.message", recipient=one_line(message.recipient), content=one_line(message.content)[:60]),
                    style="bold" if message.urgent else "")
    return text


class CallerPanel(Guarded, Static):
    """Shows a caller card, a plain note (unknown number, refusal) or nothing."""

    DEFAULT_CSS = """
    CallerPanel { height: auto; max-height: 12; overflow-y: auto; padding: 0 1; }
    CallerPanel.error { color: $error; text-style: bold; }
    """

    def show_card(self, card: CustomerCard, zone: str, region: str = "", carrier: str = "") -> None:
        self.remove_class("error")
        self.update(card_text(card, zone, region, carrier))

    def show_note(self, note: str, *, error: bool = False) -> None:
        self.set_class(error, "error")
        self.update(Text(note))
