"""The month's attendance: the same numbers as `callcenter attendance`, one row per person.

P adds a punch, V approved leave, E a supervisor's proof of a forgotten punch (each one line);
H marks the summary handed in to the deputy GM, with the time.
"""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from callcenter.i18n import t
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.month_papers import ask_hand_in, handed_mark
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.modals import AskText
from callcenter.ui.text import cell
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

SHOWN = ("person", "days_expected", "late", "late_minutes", "early", "early_minutes", "half_days", "full_days",
         "forgotten_excused", "forgotten_fined", "warnings", "fine_yuan")


def load(month: date):
    from callcenter.services import attendance
    from callcenter.services import month as month_service

    return [person.row(month) for person in attendance.month(month)], month_service.paper("attendance", month)


class AttendanceScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "attendance.back"),
        key("p", "enter('punch')", "key.add_punch", "attendance.punch"),
        key("v", "enter('leave')", "key.add_leave", "attendance.leave"),
        key("e", "enter('proof')", "key.add_proof", "attendance.proof"),
        key("h", "hand_in", "key.hand_in", "attendance.hand_in"),
    ]

    def __init__(self, month: date):
        super().__init__()
        self.month = month

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield DataTable(id="attendance", cursor_type="row", zebra_stripes=True)
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for field in SHOWN:
            table.add_column(t(f"attendance.col.{field}"))
        table.focus()
        self._load()

    def _load(self) -> None:
        backend.call(self, load, self.month, done=self._show)

    def _show(self, loaded) -> None:
        rows, paper = loaded
        mark = handed_mark(paper, self.app.settings.zone)
        self.query_one("#title", Static).update(Text(t("attendance.title", month=f"{self.month:%Y-%m}", mark=mark)))
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(*(cell(str(row[field]), 8 if field == "person" else None) for field in SHOWN))

    def action_enter(self, kind: str) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return
            from callcenter.services import attendance

            backend.call(self, attendance.enter, self.app.clerk, kind, text, self.app.settings,
                         done=lambda _: (self.show_problem(""), self._load()))

        self.app.push_screen(AskText(t(f"attendance.ask_{kind}"), placeholder=t(f"attendance.entry_{kind}")), typed)

    def action_hand_in(self) -> None:
        from callcenter.services import month as month_service

        ask_hand_in(self, self.month, month_service.hand_in, self.app.clerk, "attendance", self.month, then=self._load)
