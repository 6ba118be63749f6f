"""The call screen: from the greeting to a saved record, with script, checklist and caller card.

The screen lays out its parts and puts their shares of the record together: the caller
(CallerBox), the clock and script (ScriptLine), a follow-up's outcome and survey (FollowUpBox),
a phone message (MessageBox), and the complaint or praise the category opens. Everything typed
is kept as a draft within a second of each change, so a crash or a dropped link loses nothing.
"""
from __future__ import annotations

import threading

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from callcenter.i18n import t
from callcenter.rules.salutation import address
from callcenter.rules.text import fill, one_line
from callcenter.services import calls, drafts, staff
from callcenter.services.calls import CallDraft
from callcenter.services.followups import script_values
from callcenter.ui import backend, form_state
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.modals import Pick, ReadList
from callcenter.ui.text import plain
from callcenter.ui.widgets.caller_box import CallerBox, field_row
from callcenter.ui.widgets.checklist import Checklist
from callcenter.ui.widgets.choice_bar import ChoiceBar
from callcenter.ui.widgets.complaint_form import ComplaintForm, PraiseForm
from callcenter.ui.widgets.followup_box import FollowUpBox
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader
from callcenter.ui.widgets.message_box import MessageBox
from callcenter.ui.widgets.script_line import ScriptLine
from callcenter.ui.widgets.staff_field import StaffField
from callcenter.ui.widgets.when_field import shown

DRAFT_AFTER = 1.0  # seconds: a change reaches the draft within this, however fast the clerk types
DRAFT_VERSION = 1  # the shape of the draft's data below


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

    def __init__(self, direction: str = "in", phone_text: str = "", *, followup=None, project=None,
                 draft: dict | None = None):
        super().__init__()
        self.direction = direction
        self.phone_text = phone_text
        self.followup = followup  # a FollowUpRow when working the follow-up queue
        self.project = project  # its ProjectDetail: the people the survey asks about
        self.restoring = draft  # a kept draft to put back once the screen is up
        self.next_followup = None  # a ManualDraft asked for during this call
        self.transferred_to: str | None = None
        self.saving = False
        # Draft writes and the final save take turns, so a late draft never outlives its call.
        self.writes = threading.Lock()
        self.finished = False  # saved or discarded: no draft may be written any more
        self.draft_timer = None
        self.script_values = {"stage": followup.stage} if followup is not None else {}

    # ----- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        settings = self.app.settings
        stage = f"followup_{self.followup.reason}" if self.followup is not None else (
            "greeting_out" if self.direction == "out" else "greeting")
        yield DeskHeader()
        yield ScriptLine(self.direction, stage)
        with Horizontal(id="body"):
            with VerticalScroll(id="left"):
                yield CallerBox(settings["sources"])
                if self.followup is not None:
                    yield FollowUpBox(self.followup, self.project, settings.zone)
                yield ChoiceBar(t("field.category"), [(c, c) for c in settings["categories"]], id="category")
                yield ChoiceBar(t("call.channel"), [(c, t(f"channel.{c}")) for c in calls.CHANNELS], selected=0,
                                id="channel")
                yield ChoiceBar(t("call.direction"), [(d, t(f"direction.{d}")) for d in calls.DIRECTIONS],
                                selected=calls.DIRECTIONS.index(self.direction), id="direction")
                yield field_row(t("field.notes"), "notes")
            with Vertical(id="right"):
                yield Label(t("call.checklist"), classes="title")
                yield Checklist(settings["checklist"], id="checklist")
                if self.followup is not None:
                    yield Label(t("call.promotions"), classes="title")
                    yield Checklist(settings["promotions"], id="promotions")
                yield MessageBox()
        yield Static(id="problem")
        yield desk_footer()

    @property
    def caller(self) -> CallerBox:
        return self.query_one(CallerBox)

    @property
    def script(self) -> ScriptLine:
        return self.query_one(ScriptLine)

    @property
    def message(self) -> MessageBox:
        return self.query_one(MessageBox)

    async def on_mount(self) -> None:
        if self.followup is not None:
            self.query_one("#category", ChoiceBar).select_value(self.app.settings["followup_category"])
            backend.call(self, script_values, self.followup, self.app.settings.zone, done=self._got_script_values)
        self.caller.field.value = self.phone_text  # an outbound call knows whom it rings
        self.caller.field.focus()
        self._show_script()
        self.mark_pristine()  # before a restore: a restored call has changes to ask about
        if self.restoring is not None:
            await self._restore(self.restoring)
            self.restoring = None

    # ----- the script ---------------------------------------------------------------------
    def _customer_name(self) -> str:
        if self.followup is not None and self.caller.card is None:
            return self.followup.customer
        return self.caller.customer_name()

    def _addressed(self) -> str:
        """How the script addresses the caller (呼声): only a known customer, never a name being typed."""
        if self.caller.card is not None:
            return address(self.caller.card.name, self.caller.card.salutation)
        return self.followup.customer if self.followup is not None else ""

    def _show_script(self) -> None:
        self.script.show(self.app.settings, customer=self._addressed(), clerk=self.app.clerk.name,
                         own_department=self.app.clerk.department, **self.script_values)

    def _got_script_values(self, values: dict) -> None:
        """The day of the event a follow-up is about: its opening line names it, never 今天."""
        self.script_values = values
        self._show_script()

    @on(CallerBox.Identified)
    def _identified(self) -> None:
        for field in self.query(StaffField):
            field.first = self.caller.project_people()
        self._show_script()

    # ----- hold, transfer, phrases ------------------------------------------------------
    def action_hold(self) -> None:
        self.script.toggle_hold()
        self._show_script()
        self._touch()

    def action_transfer(self) -> None:
        backend.call(self, staff.people, done=self._offer_transfer)

    def _offer_transfer(self, people) -> None:
        choices = [(d, d) for d in self.app.settings["departments"]]
        choices += [(p.name, f"{p.name} · {t('role.' + p.role)}") for p in people if p.id != self.app.clerk.id]
        self.app.push_screen(Pick(t("call.transfer_to"), choices), self._transfer_to)

    def _transfer_to(self, target: str | None) -> None:
        if target is None:
            return
        self.script.department = target
        self.script.stage = "transfer"
        self._show_script()
        # Two choices that say what they do; Esc goes back to the call with nothing decided.
        self.app.push_screen(Pick(t("call.transfer_answered", target=target),
                                  [("answered", t("call.transfer_connected")), ("nobody", t("call.transfer_nobody"))]),
                             self._transfer_answered)

    def _transfer_answered(self, answer: str | None) -> None:
        if answer is None:
            return
        if answer == "answered":
            self.transferred_to = self.script.department
            self.message.close()
            self.script.stage = "greeting"
        else:
            self.transferred_to = None
            self.script.stage = "message"
            callback = "" if self.caller.no_caller_id else self.caller.field.value
            self.message.open(self.script.department, self._customer_name(), callback)
        self._show_script()
        self._touch()

    def action_forbidden(self) -> None:
        lines = []
        for item in self.app.settings["forbidden"]:
            line = plain(one_line(item.get("phrase", "")), style="strike")
            line.append("  →  ")
            line.append(one_line(fill(item.get("instead", ""), company=self.app.settings.company)), style="bold")
            lines.append(line)
        lines += [plain(p) for p in self.app.settings["polite"]]
        self.app.push_screen(ReadList(t("call.forbidden_title"), lines))

    def action_talking(self) -> None:
        self.app.push_screen(ReadList(t("call.talking_title"), [plain(p) for p in self.app.settings["talking_points"]]))

    def action_no_caller_id(self) -> None:
        self.caller.toggle_no_caller_id()
        self._touch()

    def action_closing(self) -> None:
        self.script.stage = "greeting" if self.script.stage == "closing" else "closing"
        self._show_script()
        if self.script.stage == "closing":
            self.query_one("#checklist", Checklist).focus()

    # ----- complaint and praise, opened by the category -----------------------------------
    FORMS = {"complaint_form": "complaint_category", "praise_form": "praise_category"}

    @on(ChoiceBar.Changed, "#category")
    def _category_changed(self, event: ChoiceBar.Changed) -> None:
        self._show_forms(event.value)

    def _show_forms(self, category: str | None):
        """投诉 opens the complaint form, 表扬 the praise form; mounted on first use, so F2 stays quick.

        Returns the mount to await when a form was added (a restored draft fills it next)."""
        mounting = None
        for form_id, setting in self.FORMS.items():
            wanted = category == self.app.settings[setting]
            found = self.query(f"#{form_id}")
            if not found and wanted:
                form = self._make_form(form_id)
                mounting = self.query_one("#left").mount(form, after=self.query_one("#category"))
            elif found:
                found.first().display = wanted
        return mounting

    def _make_form(self, form_id: str):
        people = self.caller.project_people()
        if form_id == "complaint_form":
            return ComplaintForm(self.app.settings["complaint_kinds"], first=people, id=form_id)
        return PraiseForm(first=people, id=form_id)

    def _form(self, form_id: str):
        """The complaint or praise form when it is mounted and showing, else None."""
        found = self.query(f"#{form_id}")
        return found.first() if found and found.first().display else None

    def action_plan_followup(self) -> None:
        """A follow-up asked for during this call; saved with it."""
        from callcenter.ui.screens.plan_followup import PlanFollowUp

        self.app.push_screen(PlanFollowUp(self._customer_name(), self.app.settings.zone), self._planned)

    def _planned(self, draft) -> None:
        if draft is not None:
            self.next_followup = draft
            self.show_problem(t("call.followup_planned", at=shown(draft.due_at, self.app.settings.zone)), error=False)
            self._touch()

    # ----- the record ---------------------------------------------------------------------
    def draft(self) -> CallDraft:
        started_at, ended_at, hold_seconds = self.script.timing()
        followup_customer = self.followup.customer_id if self.followup is not None else None
        caller = self.caller.draft_part(followup_customer)
        followup_fields = {}
        if self.followup is not None:
            promotions = self.query_one("#promotions", Checklist).answers()
            followup_fields = self.query_one(FollowUpBox).draft_part([p for p, ticked in promotions.items() if ticked])
        project_id = followup_fields.get("project_id")
        if project_id is None and self.caller.card is not None and self.caller.card.projects:
            project_id = self.caller.card.projects[0].id
        complaint_form, praise_form = self._form("complaint_form"), self._form("praise_form")
        return CallDraft(
            **caller, **followup_fields,
            complaint=None if complaint_form is None else complaint_form.draft(
                customer_id=caller["customer_id"], project_id=project_id),
            praise=None if praise_form is None else praise_form.draft(),
            next_followup=self.next_followup,
            started_at=started_at, ended_at=ended_at, hold_seconds=hold_seconds,
            direction=self.query_one("#direction", ChoiceBar).value or self.direction,
            channel=self.query_one("#channel", ChoiceBar).value or "phone",
            category=self.query_one("#category", ChoiceBar).value or "",
            notes=self.query_one("#notes", Input).value,
            checklist=self.query_one("#checklist", Checklist).answers(),
            transferred_to=self.transferred_to,
            message=self.message.draft_part(),
        )

    def action_save(self) -> None:
        if self.followup is not None and not self.query_one(FollowUpBox).callback_confirmed():
            return  # a call-back time the company is closed at: asked once, kept on the next Ctrl+S
        if not self.saving:
            self.saving = True
            self.show_problem(t("call.saving"), error=False)
            backend.call(self, self._save_now, self.draft(), done=self._saved, failed=self._save_failed)

    def _save_now(self, draft: CallDraft) -> int:
        """In the worker: the call and the end of its draft in one transaction."""
        with self.writes:
            call_id = calls.save(self.app.clerk, draft)
            self.finished = True
            return call_id

    def _save_failed(self, message: str) -> None:
        """Keep every field as typed; say once what to fix."""
        self.saving = False
        self.show_problem(message)

    def _saved(self, call_id: int) -> None:
        self.app.notify(t("call.saved", id=call_id))
        self.app.refresh_counts()
        self.dismiss(call_id)

    def action_leave(self) -> None:
        if not self.has_changes():
            self._discard(True)
            return
        self.app.confirm(t("call.discard"), self._discard, destructive=True)

    def _discard(self, yes: bool) -> None:
        if yes:
            self.finished = True
            backend.call(self.app, self._discard_now)
            self.dismiss(None)

    def _discard_now(self) -> None:
        with self.writes:
            drafts.discard(self.app.clerk.id)

    # ----- the draft: kept as the clerk works ------------------------------------------------
    @on(Input.Changed)
    @on(ChoiceBar.Changed)
    @on(Checklist.Changed)
    @on(Checkbox.Changed)
    @on(StaffField.Chosen)
    def _touch(self) -> None:
        """Something changed: write the draft within DRAFT_AFTER, once for a burst of keys."""
        if self.draft_timer is None and not self.finished and self.restoring is None and self.pristine is not None:
            self.draft_timer = self.set_timer(DRAFT_AFTER, self._keep_draft)

    def _keep_draft(self) -> None:
        self.draft_timer = None
        if self.finished or self.saving:
            return
        backend.call(self, self._keep_now, self.snapshot(), failed=self._keep_failed)

    def _keep_now(self, data: dict) -> None:
        with self.writes:
            if not self.finished:
                drafts.keep(self.app.clerk.id, data, self.script.started_at)

    def _keep_failed(self, _message: str) -> None:
        """A busy database: try again shortly, without troubling the clerk (errors are logged)."""
        self._touch()

    def keep_draft_now(self) -> None:
        """The link is going (SIGHUP) or the desk is closing: write the draft before we go."""
        if not self.finished:
            backend.run_now(lambda: self.has_changes() and self._keep_now(self.snapshot()))

    def snapshot(self) -> dict:
        """Everything on the screen that a restart would need to show the call again."""
        return {
            "version": DRAFT_VERSION, "direction": self.direction, "phone_text": self.phone_text,
            "followup_id": self.followup.id if self.followup is not None else None,
            "project_id": self.project.id if self.project is not None else None,
            "script": self.script.state(), "transferred_to": self.transferred_to,
            "message_open": self.message.is_open, "no_caller_id": self.caller.no_caller_id,
            "next_followup": None if self.next_followup is None else {
                "due_at": int(self.next_followup.due_at.timestamp()), "note": self.next_followup.note,
                "personal": self.next_followup.personal},
            "fields": form_state.capture(self),
        }

    async def _restore(self, data: dict) -> None:
        from datetime import datetime, timezone

        from callcenter.services.followups import ManualDraft

        fields = data.get("fields") or {}
        if data.get("no_caller_id"):
            self.caller.toggle_no_caller_id()
        mounting = self._show_forms(fields.get("category"))
        if mounting is not None:
            await mounting
        if data.get("message_open"):
            self.message.open()
        form_state.restore(self, fields)
        self.script.restore(data.get("script") or {})
        self.transferred_to = data.get("transferred_to")
        planned = data.get("next_followup")
        if planned:
            self.next_followup = ManualDraft(datetime.fromtimestamp(planned["due_at"], tz=timezone.utc),
                                             planned.get("note", ""), bool(planned.get("personal")))
        self._show_script()
        self.app.notify(t("draft.restored"), timeout=8)
