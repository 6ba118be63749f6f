"""A project's milestones (交底, staged acceptances, 竣工验收, warranty) and the follow-ups they plan."""
from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from callcenter.i18n import every, refusal, t
from callcenter.rules.clock import parse_day
from callcenter.rules.text import one_line
from callcenter.services import projects
from callcenter.services.errors import Refused
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.describe import purpose, purpose_width
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.text import cell, when, widest
from callcenter.ui.widgets.desk_input import DeskInput
from callcenter.ui.widgets.desk_table import DeskTable
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

TIME_FORMAT = "%Y-%m-%d %H:%M"


class ProjectScreen(DeskScreen):
    BINDINGS = [
        key("ctrl+s", "save", "key.save", "project.save", priority=True),
        key("escape", "leave", "key.back", "project.back"),
    ]

    def __init__(self, project_id: int):
        super().__init__()
        self.project_id = project_id
        self.detail = None
        self.stages: list[str] = []

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="project_title", classes="title")
        with Horizontal(id="project_body"):
            yield VerticalScroll(id="milestones")
            with Vertical(id="plan_side"):
                yield Label(t("project.plan"), classes="title")
                yield DeskTable(id="plan")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        table = self.query_one("#plan", DataTable)
        for label, width in ((t("col.due"), 8), (t("col.purpose"), purpose_width()),
                             (t("col.status"), widest(every("status.")))):
            table.add_column(label, width=width)
        self._load()

    def _load(self) -> None:
        backend.call(self, projects.detail, self.project_id, done=self._show)

    def _row(self, label: str, field_id: str, value: str) -> Horizontal:
        return Horizontal(Label(label, classes="label"), DeskInput(value=value, placeholder=t("project.time_hint"),
                                                                   id=field_id), classes="row")

    def _show(self, detail) -> None:
        if detail is None:
            self.query_one("#project_title", Static).update(t("customer.gone"))
            return
        first = self.detail is None
        self.detail = detail
        zone = self.app.settings.zone
        people = "  ".join(f"{t('role.' + role)} {one_line(p[1])}" for role, p in detail.staff.items() if p)
        self.query_one("#project_title", Static).update(
            Text(f"{one_line(detail.customer)} · {one_line(detail.address)}  {people}"))
        if first:
            configured = list(self.app.settings["acceptance_stages"])
            self.stages = configured + [s for s in detail.acceptances if s not in configured]
            form = self.query_one("#milestones", VerticalScroll)
            form.mount(self._row(t("project.handover"), "handover", when(detail.handover_at, zone, TIME_FORMAT)))
            for number, stage in enumerate(self.stages):
                form.mount(self._row(t("project.stage", stage=one_line(stage)), f"stage_{number}",
                                     when(detail.acceptances.get(stage), zone, TIME_FORMAT)))
            form.mount(self._row(t("project.final"), "final", when(detail.final_acceptance_at, zone, TIME_FORMAT)))
            months = "" if detail.warranty_months is None else str(detail.warranty_months)
            form.mount(Horizontal(Label(t("project.warranty"), classes="label"),
                                  DeskInput(value=months, placeholder=t("project.warranty_hint",
                                                                        months=self.app.settings["warranty_months"]),
                                            id="warranty"), classes="row"))
            self.mark_pristine()
        table = self.query_one("#plan", DataTable)
        table.clear()
        for row in detail.plan:
            style = "dim" if row.status != "open" else ("bold red" if row.overdue else "")
            table.add_row(cell(when(row.due_at, zone, "%y-%m-%d"), style=style), cell(purpose(row), purpose_width()),
                          cell(t(f"status.{row.status}")), key=str(row.id))

    def _time(self, field_id: str, label: str) -> datetime | None:
        text = self.query_one(f"#{field_id}", DeskInput).value.strip()
        if not text:
            return None
        try:
            return parse_day(text, self.app.settings.zone)
        except ValueError:
            raise Refused("milestone.bad_time", field_name=label, value=text) from None

    def action_save(self) -> None:
        if self.detail is None:
            return
        try:
            handover = self._time("handover", t("project.handover"))
            acceptances = {stage: self._time(f"stage_{n}", t("project.stage", stage=stage))
                           for n, stage in enumerate(self.stages)}
            final = self._time("final", t("project.final"))
            months_text = self.query_one("#warranty", DeskInput).value.strip()
            if months_text and not months_text.isdigit():
                raise Refused("milestone.bad_warranty")
            months = int(months_text) if months_text else None
        except Refused as error:
            self.show_problem(refusal(error))
            return
        backend.call(self, projects.save_milestones, self.app.clerk, self.project_id, handover, acceptances, final,
                     months, done=self._saved)

    def _saved(self, _result) -> None:
        self.show_problem(t("project.saved"), error=False)
        self.app.refresh_counts()
        self.mark_pristine()  # what is saved is the form's new starting point
        self._load()
