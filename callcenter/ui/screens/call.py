"""The call screen: from the greeting to a saved record, with script, checklist and caller card."""
from __future__ import annotations

import time
from datetime import timedelta

from peewee import OperationalError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from callcenter.i18n import refusal, t
from callcenter.rules.clock import duration, now_utc
from callcenter.rules.phone import Phone
from callcenter.rules.text import fill, one_line
from callcenter.services import calls, customers, staff
from callcenter.services.calls import CallDraft, NewCustomer
from callcenter.services.errors import Refused
from callcenter.services.followups import OUTCOMES, script_values
from callcenter.services.messages import MessageDraft
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.followups import purpose
from callcenter.ui.screens.modals import Confirm, Pick, ReadList
from callcenter.ui.text import plain
from callcenter.ui.widgets.caller_panel import CallerPanel
from callcenter.ui.widgets.checklist import Checklist
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.complaint_form import ComplaintForm, PraiseForm
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.staff_field import StaffField
from callcenter.ui.widgets.when_field import WhenField, shown

def field_row(label: str, input_id: str, placeholder: str = "") -> Horizontal:
    return Horizontal(Label(label, classes="label"), DeskInput(placeholder=placeholder, id=input_id), classes="row")


class CallScreen(DeskScreen):
    """One contact. `direction` is "in" for F2; outbound calls start here with "out"."""

    BINDINGS = [
        key("ctrl+s", "save", "key.save", "call.save", priority=True),
        key("escape", "leave", "key.leave", "call.leave", priority=True),
        key("f7", "hold", "key.hold", "call.hold", priority=True),
        key("f8", "transfer", "key.transfer", "call.transfer", priority=True),
        key("f9", "forbidden", "key.forbidden", "call.forbidden", priority=True),
        key("f10", "talking", "key.talking", "call.talking", priority=True),
        key("ctrl+g", "closing", "key.closing", "call.closing", priority=True),
        key("ctrl+n", "no_caller_id", "key.no_caller_id", "call.no_caller_id", show=False, priority=True),
        key("ctrl+f", "plan_followup", "key.plan_followup", "call.plan_followup", show=False, priority=True),
    ]

    def __init__(self, direction: str = "in", phone_text: str = "", *, followup=None, project=None):
        super().__init__()
        self.direction = direction
        self.phone_text = phone_text
        self.followup = followup  # a FollowUpRow when working the follow-up queue
        self.project = project  # its ProjectDetail: the people the survey asks about
        self.next_followup = None  # a ManualDraft asked for during this call
        self.started_at = now_utc()
        self.started = time.monotonic()
        self.hold_since: float | None = None
        self.hold_total = 0.0
        self.stage = "greeting_out" if direction == "out" else "greeting"
        if followup is not None:
            self.stage = f"followup_{followup.reason}"
        self.department = ""
        self.card = None
        self.phone: Phone | None = None
        self.transferred_to: str | None = None
        self.saving = False

    # ----- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        settings = self.app.settings
        yield DeskHeader()
        yield Static(id="status")
        yield Static(id="script")
        with Horizontal(id="body"):
            with VerticalScroll(id="left"):
                yield field_row(t("call.phone"), "phone", t("call.phone_hint"))
                yield CallerPanel(id="caller")
                with Vertical(id="new_customer", classes="hidden"):
                    yield field_row(t("field.name"), "new_name", t("call.new_name_hint"))
                    yield field_row(t("field.address"), "new_address")
                    yield ChoiceBar(t("field.source"), [(s, s) for s in settings["sources"]], id="new_source")
                if self.followup is not None:
                    yield from self._followup_fields()
                yield ChoiceBar(t("field.category"), [(c, c) for c in settings["categories"]], id="category")
                yield ChoiceBar(t("call.channel"), [(c, t(f"channel.{c}")) for c in calls.CHANNELS], selected=0, id="channel")
                yield ChoiceBar(t("call.direction"), [(d, t(f"direction.{d}")) for d in calls.DIRECTIONS],
                                selected=calls.DIRECTIONS.index(self.direction), id="direction")
                yield field_row(t("field.notes"), "notes")
            with Vertical(id="right"):
                yield Label(t("call.checklist"), classes="title")
                yield Checklist(settings["checklist"], id="checklist")
                if self.followup is not None:
                    yield Label(t("call.promotions"), classes="title")
                    yield Checklist(settings["promotions"], id="promotions")
                with Vertical(id="message", classes="hidden"):
                    yield Label(t("call.message_title"), classes="title")
                    yield field_row(t("field.recipient"), "msg_for")
                    yield field_row(t("message.caller"), "msg_caller")
                    yield field_row(t("message.callback"), "msg_callback")
                    yield field_row(t("field.content"), "msg_content")
                    yield Checkbox(t("message.urgent"), id="msg_urgent")
        yield Static(id="problem")
        yield desk_footer()

    def _followup_fields(self) -> ComposeResult:
        """What working a follow-up adds: its outcome, a call-back time, the satisfaction survey."""
        yield Label(t("call.followup", purpose=purpose(self.followup)), classes="title")
        yield ChoiceBar(t("followup.outcome"), [(o, t(f"outcome.{o}")) for o in OUTCOMES], id="outcome")
        yield WhenField(self.app.settings.zone, id="callback", placeholder=t("followup.callback_hint"))
        for role, person in (self.project.staff.items() if self.project else ()):
            if person is not None:
                label = t("survey.rate", role=t(f"role.{role}"), name=one_line(person[1]))
                yield ChoiceBar(label, [(str(n), str(n)) for n in range(1, 6)], numbered=False, id=f"rate_{role}")
        if self.project is not None and any(self.project.staff.values()):
            yield field_row(t("survey.comment"), "rating_comment")
        if self.followup.complaint_id is not None:
            yield ChoiceBar(t("complaint.satisfied"), [("yes", t("complaint.satisfied_yes")),
                                                       ("no", t("complaint.satisfied_no"))], id="satisfied")

    def on_mount(self) -> None:
        self.script_values = {"stage": ""}
        if self.followup is not None:
            self.script_values = script_values(self.followup, self.app.settings.zone)  # one indexed read
            self.query_one("#callback").display = False
            category = self.query_one("#category", ChoiceBar)
            category.select_value(self.app.settings["followup_category"])
        self._show_script()
        self._tick()
        self.set_interval(1, self._tick)
        self.query_one("#caller", CallerPanel).show_note(t("call.type_number"))
        phone = self.query_one("#phone", Input)
        phone.value = self.phone_text  # an outbound call knows whom it rings
        phone.focus()

    def _value(self, input_id: str) -> str:
        return self.query_one(f"#{input_id}", Input).value

    # ----- the clock and the script -------------------------------------------------------
    def _hold_seconds(self) -> float:
        current = time.monotonic() - self.hold_since if self.hold_since is not None else 0.0
        return self.hold_total + current

    def _tick(self) -> None:
        talk = duration(time.monotonic() - self.started)
        status = t(f"call.status_{self.direction}", talk=talk, hold=duration(self._hold_seconds()))
        if self.hold_since is not None:
            status += "  " + t("call.on_hold")
        self.query_one("#status", Static).update(Text(status))

    def _customer_name(self) -> str:
        if self.card is not None:
            return self.card.name
        if self.followup is not None:
            return self.followup.customer
        return self._value("new_name").strip()

    def _show_script(self) -> None:
        settings = self.app.settings
        stage = self.stage
        if stage == "greeting" and self._customer_name():
            stage = "greeting_known"
        line = fill(settings.script(stage), company=settings.company, customer=self._customer_name(),
                    clerk=self.app.clerk.name, department=self.department, **self.script_values)
        text = Text(t("call.say"), style="bold")
        text.append(one_line(line))
        if self.stage == "closing":
            text.append("\n" + t("call.wait_hang_up"), style="italic")
        self.query_one("#script", Static).update(text)

    def _problem(self, message: str = "") -> None:
        self.query_one("#problem", Static).update(Text(message))

    # ----- the caller ----------------------------------------------------------------------
    @on(Input.Changed, "#phone")
    def _phone_changed(self, event: Input.Changed) -> None:
        self._problem()
        self.card = None
        self.phone = None
        if not event.value.strip():
            self.query_one("#caller", CallerPanel).show_note(t("call.type_number"))
            self.query_one("#new_customer").add_class("hidden")
            self._show_script()
            return
        try:
            self.phone = customers.phone_from_text(event.value, self.app.settings)
        except Refused:
            return  # half-typed: say nothing until Enter, Tab or save
        self._lookup(self.phone)

    @on(Input.Submitted, "#phone")
    def _phone_submitted(self, event: Input.Submitted) -> None:
        if self._check_phone():
            self.focus_next()

    @on(Input.Blurred, "#phone")
    def _phone_left(self, event: Input.Blurred) -> None:
        self._check_phone()

    def _check_phone(self) -> bool:
        """Say clearly what is wrong with a typed number; the text stays as typed."""
        text = self._value("phone")
        if not text.strip() or self.query_one("#phone", Input).disabled:
            return True
        try:
            customers.phone_from_text(text, self.app.settings)
        except Refused as error:
            self.query_one("#caller", CallerPanel).show_note(refusal(error), error=True)
            self._problem(refusal(error))
            return False
        return True

    @work(thread=True, exclusive=True, group="lookup")
    def _lookup(self, phone: Phone) -> None:
        if phone.e164 is None:
            self.app.call_from_thread(self._show_unknown, phone, short=True)
            return
        card = customers.find_by_phone(phone.e164)
        self.app.call_from_thread(self._show_found, phone, card)

    def _show_found(self, phone: Phone, card) -> None:
        if phone != self.phone or not self.is_attached:
            return  # the clerk has typed on since, or the call is already saved
        if card is None:
            self._show_unknown(phone)
            return
        self.card = card
        for field in self.query(StaffField):
            field.first = self._project_people()
        self.query_one("#new_customer").add_class("hidden")
        self.query_one("#caller", CallerPanel).show_card(card, self.app.settings.zone)
        self._show_script()
        self._describe(phone, card)

    def _show_unknown(self, phone: Phone, short: bool = False) -> None:
        if phone != self.phone or not self.is_attached:
            return
        note = t("call.short_number") if short else t("call.unknown_number")
        self.query_one("#caller", CallerPanel).show_note(note)
        self.query_one("#new_customer").remove_class("hidden")
        self._show_script()

    @work(thread=True, exclusive=True, group="describe")
    def _describe(self, phone: Phone, card) -> None:
        """Region and carrier load 260 ms of data the first time: never on the event loop."""
        from callcenter.i18n import language
        from callcenter.rules.phone import describe

        region, carrier = describe(phone.e164, language())
        self.app.call_from_thread(self._show_described, phone, card, region, carrier)

    def _show_described(self, phone: Phone, card, region: str, carrier: str) -> None:
        if phone == self.phone and card is self.card and self.is_attached:
            self.query_one("#caller", CallerPanel).show_card(card, self.app.settings.zone, region, carrier)

    @on(Input.Changed, "#new_name")
    def _name_changed(self) -> None:
        self._show_script()

    def action_no_caller_id(self) -> None:
        phone = self.query_one("#phone", Input)
        phone.disabled = not phone.disabled
        if phone.disabled:
            self.card = None
            self.phone = None
            self.query_one("#caller", CallerPanel).show_note(t("call.no_caller_id"))
            self.query_one("#new_customer").remove_class("hidden")
            self.query_one("#new_name", Input).focus()
        else:
            phone.focus()
            self._phone_changed(Input.Changed(phone, phone.value))
        self._problem()
        self._show_script()

    # ----- hold, transfer, phrases ------------------------------------------------------
    def action_hold(self) -> None:
        if self.hold_since is None:
            self.hold_since = time.monotonic()
            self.stage = "hold"
        else:
            self.hold_total += time.monotonic() - self.hold_since
            self.hold_since = None
            self.stage = "resume"
        self._show_script()
        self._tick()

    def action_transfer(self) -> None:
        settings = self.app.settings
        choices = [(d, d) for d in settings["departments"]]
        choices += [(p.name, f"{p.name} · {t('role.' + p.role)}") for p in staff.people()
                    if p.id != self.app.clerk.id]
        self.app.push_screen(Pick(t("call.transfer_to"), choices), self._transfer_to)

    def _transfer_to(self, target: str | None) -> None:
        if target is None:
            return
        self.department = target
        self.stage = "transfer"
        self._show_script()
        self.app.push_screen(Confirm(t("call.transfer_answered", target=target)), self._transfer_answered)

    def _transfer_answered(self, answered: bool) -> None:
        panel = self.query_one("#message")
        if answered:
            self.transferred_to = self.department
            panel.add_class("hidden")
            self.stage = "greeting"
        else:
            self.transferred_to = None
            self.stage = "message"
            panel.remove_class("hidden")
            self.query_one("#msg_for", Input).value = self.department
            if not self._value("msg_caller"):
                self.query_one("#msg_caller", Input).value = self._customer_name()
            if not self._value("msg_callback") and not self.query_one("#phone", Input).disabled:
                self.query_one("#msg_callback", Input).value = self._value("phone")
            self.query_one("#msg_content", Input).focus()
        self._show_script()

    def action_forbidden(self) -> None:
        lines = []
        for item in self.app.settings["forbidden"]:
            line = Text(one_line(item.get("phrase", "")), style="strike")
            line.append("  →  ")
            line.append(one_line(item.get("instead", "")), style="bold")
            lines.append(line)
        lines += [plain(p) for p in self.app.settings["polite"]]
        self.app.push_screen(ReadList(t("call.forbidden_title"), lines))

    def action_talking(self) -> None:
        self.app.push_screen(ReadList(t("call.talking_title"), [plain(p) for p in self.app.settings["talking_points"]]))

    @on(ChoiceBar.Changed, "#category")
    def _category_changed(self, event: ChoiceBar.Changed) -> None:
        """投诉 opens the complaint form, 表扬 the praise form; mounted on first use, so F2 stays quick."""
        settings = self.app.settings
        for form_id, category, make in (
            ("complaint_form", settings["complaint_category"],
             lambda: ComplaintForm(settings["complaint_kinds"], first=self._project_people())),
            ("praise_form", settings["praise_category"], lambda: PraiseForm(first=self._project_people())),
        ):
            wanted = event.value == category
            form = self.query(f"#{form_id}").first() if self.query(f"#{form_id}") else None
            if form is None and wanted:
                form = make()
                form.id = form_id
                self.query_one("#left").mount(form, after=event.bar)
            if form is not None:
                form.display = wanted

    def _form(self, form_id: str):
        """The complaint or praise form when it is mounted and showing, else None."""
        found = self.query(f"#{form_id}")
        return found.first() if found and found.first().display else None

    def _project_people(self) -> tuple[str, ...]:
        """The caller's designer, inspector and manager: listed first when choosing whom it is about."""
        projects = self.card.projects if self.card is not None else ()
        return tuple(n for p in projects for n in (p.designer, p.qc_inspector, p.project_manager) if n)

    @on(ChoiceBar.Changed, "#outcome")
    def _outcome_changed(self, event: ChoiceBar.Changed) -> None:
        callback = self.query_one("#callback")
        callback.display = event.value == "call_back"
        if callback.display:
            callback.query_one(Input).focus()

    def action_plan_followup(self) -> None:
        """A follow-up asked for during this call; saved with it."""
        from callcenter.ui.screens.plan_followup import PlanFollowUp

        def planned(draft) -> None:
            if draft is not None:
                self.next_followup = draft
                self._problem(t("call.followup_planned", at=shown(draft.due_at, self.app.settings.zone)))
                self.query_one("#problem").remove_class("error")

        self.app.push_screen(PlanFollowUp(self._customer_name(), self.app.settings.zone), planned)

    def action_closing(self) -> None:
        self.stage = "greeting" if self.stage == "closing" else "closing"
        self._show_script()
        if self.stage == "closing":
            self.query_one(Checklist).focus()

    # ----- save or leave ------------------------------------------------------------------
    def draft(self) -> CallDraft:
        if self.hold_since is not None:
            self.action_hold()
        no_caller_id = self.query_one("#phone", Input).disabled
        new_name = self._value("new_name").strip()
        new_customer = None
        if self.card is None and new_name and not self.query_one("#new_customer").has_class("hidden"):
            new_customer = NewCustomer(new_name, self._value("new_address"), self.query_one("#new_source", ChoiceBar).value or "")
        message = None
        if not self.query_one("#message").has_class("hidden"):
            message = MessageDraft(
                recipient=self._value("msg_for"), content=self._value("msg_content"),
                caller_name=self._value("msg_caller"), callback_text=self._value("msg_callback"),
                urgent=self.query_one("#msg_urgent", Checkbox).value,
            )
        now = now_utc()
        followup_fields = self._followup_draft() if self.followup is not None else {}
        customer_id = self.card.id if self.card is not None else (self.followup.customer_id if self.followup else None)
        project_id = self.card.projects[0].id if self.card is not None and self.card.projects else None
        complaint_form = self._form("complaint_form")
        praise_form = self._form("praise_form")
        return CallDraft(
            complaint=None if complaint_form is None else complaint_form.draft(
                customer_id=customer_id, project_id=followup_fields.get("project_id", project_id)),
            praise=None if praise_form is None else praise_form.draft(),
            **followup_fields,
            next_followup=self.next_followup,
            started_at=self.started_at,
            ended_at=max(now, self.started_at + timedelta(seconds=int(time.monotonic() - self.started))),
            direction=self.query_one("#direction", ChoiceBar).value or self.direction,
            channel=self.query_one("#channel", ChoiceBar).value or "phone",
            phone_text="" if no_caller_id else self._value("phone"),
            no_caller_id=no_caller_id,
            customer_id=customer_id,
            new_customer=new_customer,
            category=self.query_one("#category", ChoiceBar).value or "",
            notes=self._value("notes"),
            checklist=self.query_one(Checklist).answers(),
            hold_seconds=round(self.hold_total),
            transferred_to=self.transferred_to,
            message=message,
        )

    def _followup_draft(self) -> dict:
        outcome = self.query_one("#outcome", ChoiceBar).value
        callback_at = self.query_one("#callback", WhenField).value() if outcome == "call_back" else None
        ratings = []
        for role, person in (self.project.staff.items() if self.project else ()):
            if person is not None and self.query_one(f"#rate_{role}", ChoiceBar).value:
                ratings.append((person[0], role, int(self.query_one(f"#rate_{role}", ChoiceBar).value)))
        satisfied = self.query("#satisfied").first(ChoiceBar).value if self.followup.complaint_id else None
        return {
            "complaint_id": self.followup.complaint_id,
            "satisfied": None if satisfied is None else satisfied == "yes",
            "followup_id": self.followup.id, "outcome": outcome, "callback_at": callback_at,
            "project_id": self.followup.project_id, "ratings": ratings,
            "rating_comment": self._value("rating_comment") if ratings else "",
            "promotions": [item for item, ticked in self.query_one("#promotions", Checklist).answers().items() if ticked],
        }

    def action_save(self) -> None:
        if not self.saving:
            self.saving = True
            self._problem(t("call.saving"))
            self._save(self.draft())

    @work(thread=True, exclusive=True, group="save")
    def _save(self, draft: CallDraft) -> None:
        try:
            call_id = calls.save(self.app.clerk, draft)
        except Refused as error:
            self.app.call_from_thread(self._save_failed, refusal(error))
        except OperationalError as error:  # the database stayed locked past the busy timeout
            self.app.call_from_thread(self._save_failed, t("db.busy", error=str(error)))
        else:
            self.app.call_from_thread(self._saved, call_id)

    def _save_failed(self, message: str) -> None:
        """Keep every field as typed; say once what to fix."""
        self.saving = False
        self._problem(message)
        self.query_one("#problem").add_class("error")

    def _saved(self, call_id: int) -> None:
        self.app.notify(t("call.saved", id=call_id))
        self.app.refresh_counts()
        self.dismiss(call_id)

    def is_empty(self) -> bool:
        """Nothing the clerk typed or chose: every field, including the complaint and praise forms."""
        for field in self.query(DeskInput):
            if field.value.strip() and not (field.id == "phone" and field.value == self.phone_text):
                return False
        if self.query_one("#category", ChoiceBar).selected is not None and self.followup is None:
            return False
        return not any(ticked for checklist in self.query(Checklist) for ticked in checklist.answers().values())

    def action_leave(self) -> None:
        if self.is_empty():
            self.dismiss(None)
        else:
            self.app.push_screen(Confirm(t("call.discard")), lambda yes: self.dismiss(None) if yes else None)
