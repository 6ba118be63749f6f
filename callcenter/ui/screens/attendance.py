"""The month's attendance: the same numbers as `callcenter attendance`, one row per person.

P adds a punch, V approved leave, E a supervisor's proof of a forgotten punch (each one line);
H marks the summary handed in to the deputy GM, with the time.
"""
from __future__ import annotations

from datetime import date

from callcenter.i18n import t
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.modals import AskText
from callcenter.ui.screens.month_table import MonthTableScreen
from callcenter.ui.text import cell

# Counts and their minutes (or kinds) share a column, "2/35", under a two-line heading: all twelve
# figures fit 80 columns that way.
SHOWN = (("person",), ("days_expected",), ("late", "late_minutes"), ("early", "early_minutes"),
         ("half_days", "full_days"), ("forgotten_excused", "forgotten_fined"), ("warnings",), ("fine_yuan",))


class AttendanceScreen(MonthTableScreen):
    paper_kind = "attendance"
    title_key = "attendance.title"
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "attendance.back"),
        key("p", "enter('punch')", "key.add_punch", "attendance.punch"),
        key("v", "enter('leave')", "key.add_leave", "attendance.leave"),
        key("e", "enter('proof')", "key.add_proof", "attendance.proof"),
        key("h", "hand_in", "key.hand_in", "attendance.hand_in"),
    ]

    header_height = 2

    def headings(self) -> list[str]:
        return [t(f"attendance.screen.{fields[0]}") for fields in SHOWN]

    @staticmethod
    def read(month: date):
        from callcenter.services import attendance

        return [person.row(month) for person in attendance.month(month)]

    def fill(self, table, rows) -> None:
        for row in rows:
            table.add_row(*(cell("/".join(str(row[field]) for field in fields), 8 if fields == ("person",) else None)
                            for fields in SHOWN))

    def action_enter(self, kind: str) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return
            from callcenter.services import attendance

            backend.call(self, attendance.enter, self.app.clerk, kind, text, self.app.settings,
                         done=lambda _: (self.show_problem(""), self._load()))

        self.app.push_screen(AskText(t(f"attendance.ask_{kind}"), placeholder=t(f"attendance.entry_{kind}")), typed)
