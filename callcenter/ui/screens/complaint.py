"""One complaint: its facts, its log, and the actions on it; and filing one from a visit or letter."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Label, Static

from callcenter.i18n import every, t
from callcenter.rules.clock import now_utc
from callcenter.rules.text import one_line
from callcenter.services import complaints
from callcenter.services.errors import Refused
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.describe import respondent, time_left
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.modals import AskText, Pick
from callcenter.ui.text import cell, plain, when, widest
from callcenter.ui.widgets.complaint_form import ComplaintForm
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.desk_table import DeskTable
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

STAMP = "%Y-%m-%d %H:%M"


def _action_width() -> int:
    return widest(every("complaint.action.")) + 2  # an escalation's level follows its name


class ComplaintScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "complaint.back"),
        key("a", "note", "key.complaint_note", "complaint.note"),
        key("r", "responsible", "key.complaint_responsible", "complaint.responsible"),
        key("s", "resolve", "key.complaint_resolve", "complaint.resolve"),
        key("c", "close", "key.complaint_close", "complaint.close"),
        key("d", "deadline", "key.complaint_deadline", "complaint.deadline"),
    ]

    def __init__(self, complaint_id: int):
        super().__init__()
        self.complaint_id = complaint_id
        self.detail = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="complaint_title", classes="title")
        yield Static(id="facts")
        yield Static(id="deadline_why", classes="hint")
        yield Label(t("complaint.log"), classes="title")
        yield DeskTable(id="log")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        log = self.query_one("#log", DataTable)
        for label, width in ((t("col.time"), 11), (t("col.clerk"), 8), (t("col.action"), _action_width()),
                             (t("col.content"), None)):
            log.add_column(label, width=width)
        log.focus()
        self._load()

    def _load(self) -> None:
        backend.call(self, complaints.detail, self.complaint_id, now_utc(), done=self._show)

    def _show(self, detail) -> None:
        self.detail = detail
        if detail is None:
            self.query_one("#complaint_title", Static).update(t("customer.gone"))
            return
        zone = self.app.settings.zone
        row = detail.row
        title = t("complaint.title", id=row.id, status=t(f"complaint.status.{row.status}"),
                  left=time_left(row, now_utc()), level=row.escalation_level)
        if row.escalated_to:
            title += "  " + t("complaint.escalated_to", name=one_line(row.escalated_to))
        self.query_one("#complaint_title", Static).update(Text(title))
        facts = Text()
        facts.append(t("complaint.facts", complainant=one_line(row.complainant), project=one_line(row.project or "-"),
                       respondent=one_line(respondent(row)), kind=one_line(row.kind),
                       responsible=one_line(row.responsible or "-"),
                       received=when(row.received_at, zone, STAMP), deadline=when(row.deadline_at, zone, STAMP)))
        facts.append("\n" + t("complaint.description") + "：", style="bold")
        facts.append(one_line(row.description))
        if detail.resolution:
            facts.append("\n" + t("complaint.resolution") + "：", style="bold")
            facts.append(one_line(detail.resolution))
        if detail.satisfied is not None:
            facts.append("\n" + t("complaint.satisfied_yes" if detail.satisfied else "complaint.satisfied_no"))
        self.query_one("#facts", Static).update(facts)
        backend.call(self, deadline_why, row, self.app.settings, done=self._show_why)
        log = self.query_one("#log", DataTable)
        log.clear()
        for at, actor, action, text, level in detail.actions:
            label = t(f"complaint.action.{action}") + (f" {level}" if level else "")
            log.add_row(cell(when(at, zone, "%m-%d %H:%M")), cell(actor, 8), cell(label, _action_width()),
                        cell(text or "", 80))

    def _show_why(self, line: str) -> None:
        self.query_one("#deadline_why", Static).update(Text(line))

    def _act(self, action, *args) -> None:
        backend.call(self, action, self.app.clerk, self.complaint_id, *args, done=self._acted, group="act")

    def _acted(self, _result=None) -> None:
        self.show_problem()
        self.app.refresh_counts()
        self._load()

    def _ask(self, title: str, then, value: str = "", placeholder: str = "") -> None:
        self.app.push_screen(AskText(title, value, placeholder), lambda text: then(text) if text is not None else None)

    def action_note(self) -> None:
        self._ask(t("complaint.ask_note"), lambda text: self._act(complaints.note, text))

    def action_resolve(self) -> None:
        self._ask(t("complaint.ask_resolution"), lambda text: self._act(complaints.resolve, text))

    def action_close(self) -> None:
        self._ask(t("complaint.ask_opinion"), lambda text: self._act(complaints.close, text))

    def action_deadline(self) -> None:
        from callcenter.ui.screens.ask_when import AskWhen

        zone = self.app.settings.zone
        current = when(self.detail.row.deadline_at, zone, STAMP) if self.detail else ""
        self.app.push_screen(AskWhen(t("complaint.ask_deadline"), zone, current),
                             lambda moment: self._act(complaints.set_deadline, moment) if moment else None)

    def action_responsible(self) -> None:
        from callcenter.services import staff

        backend.call(self, staff.people, done=self._offer_responsible)

    def _offer_responsible(self, everyone) -> None:
        people = [p for p in everyone if p.role not in ("clerk",)]
        choices = [(p.id, f"{p.name} · {t('role.' + p.role)}") for p in people]
        self.app.push_screen(Pick(t("complaint.responsible"), choices),
                             lambda person: self._act(complaints.set_responsible, person) if person else None)


def deadline_why(row, settings) -> str:
    """In the worker: why the deadline is the moment it is, on the company clock or a supervisor's word."""
    from callcenter.services import calendar

    seen = complaints.explain_deadline(row, settings)
    if seen is None:
        return t("complaint.deadline_set")
    return t("complaint.deadline_why", line=calendar.describe(seen, t("clock.event.complaint"), settings))


class NewComplaintScreen(DeskScreen):
    """A complaint that did not come by phone: a visit, a letter; or one between staff (rule 13)."""

    BINDINGS = [
        key("ctrl+s", "save", "key.save", "new_complaint.save", priority=True),
        key("escape", "leave", "key.back", "new_complaint.back", priority=True),
    ]

    def __init__(self, staff_dispute: bool = False):
        super().__init__()
        self.staff_dispute = staff_dispute
        self.customer_id: int | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("complaint.new_staff" if self.staff_dispute else "complaint.new_customer"), classes="title")
        with VerticalScroll():
            if not self.staff_dispute:
                yield Horizontal(Label(t("call.phone"), classes="label"),
                                 DeskInput(placeholder=t("complaint.phone_hint"), id="customer_phone"), classes="row")
                yield Static(id="customer_found", classes="hint")
            yield ComplaintForm(self.app.settings["complaint_kinds"], staff_dispute=self.staff_dispute, id="form")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        self.mark_pristine()

    @on(DeskInput.Changed, "#customer_phone")
    def _phone(self, event: DeskInput.Changed) -> None:
        from callcenter.services import customers

        self.customer_id = None
        text = event.value
        try:
            phone = customers.phone_from_text(text, self.app.settings)
        except Refused:
            self._found(text, None)
            return
        if phone.e164 is None:
            self._found(text, None)
            return
        backend.call(self, customers.find_by_phone, phone.e164, done=lambda card: self._found(text, card))

    def _found(self, text: str, card) -> None:
        if text != self.query_one("#customer_phone", DeskInput).value:
            return
        self.customer_id = card.id if card else None
        note = plain(card.name) if card else Text(t("complaint.no_customer") if text.strip() else "")
        self.query_one("#customer_found", Static).update(note)

    def action_save(self) -> None:
        if not self.staff_dispute and self.customer_id is None:
            self.show_problem(t("complaint.no_customer"))
            return
        backend.call(self, complaints.file, self.app.clerk,
                     self.query_one(ComplaintForm).draft(customer_id=self.customer_id), done=self._saved)

    def _saved(self, complaint_id: int) -> None:
        self.app.notify(t("complaint.filed", id=complaint_id))
        self.dismiss(complaint_id)
