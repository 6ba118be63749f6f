"""Month end (F11): the month's three papers, each handed in by the 2nd (DOMAIN.md rules 21, 23).

A small menu: A attendance, L the signed-contract ledger, R the work report; M picks the month.
From the 28th to the 2nd the screen reminds of what is not handed in yet.
"""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.modals import AskText
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader


def default_month(today: date) -> date:
    """Up to the 2nd the month just ended is the one being handed in; after that, the running one."""
    if today.day <= 2:
        return date(today.year - (today.month == 1), 12 if today.month == 1 else today.month - 1, 1)
    return today.replace(day=1)


def papers_status(month: date, clerk_id: int) -> dict:
    """Each paper's handed-in mark (None when not yet): read in a worker."""
    from callcenter.services import month as month_service

    return {"attendance": month_service.paper("attendance", month).handed_in_at,
            "ledger": month_service.paper("ledger", month).handed_in_at,
            "report": month_service.paper("report", month, clerk_id).handed_in_at}


class MonthEndScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "month_end.back"),
        key("a", "attendance", "key.attendance", "month_end.attendance"),
        key("l", "ledger", "key.ledger", "month_end.ledger"),
        key("r", "report", "key.report", "month_end.report"),
        key("m", "month", "key.month", "month_end.month"),
    ]

    def __init__(self):
        super().__init__()
        self.today = local(now_utc(), "Asia/Shanghai").date()
        self.month = default_month(self.today)

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield Static(id="papers", classes="hint")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        self.today = local(now_utc(), self.app.settings.zone).date()
        self.month = default_month(self.today)
        self._load()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self._load()

    def _load(self) -> None:
        self.query_one("#title", Static).update(Text(t("month_end.title", month=f"{self.month:%Y-%m}")))
        backend.call(self, papers_status, self.month, self.app.clerk.id, done=self._show)

    def _show(self, status: dict) -> None:
        zone = self.app.settings.zone
        lines = []
        for kind, label in (("attendance", "month_end.attendance"), ("ledger", "month_end.ledger"),
                            ("report", "month_end.report")):
            handed = status[kind]
            mark = t("month_end.handed_in", at=local(handed, zone).strftime("%m-%d %H:%M")) if handed else \
                t("month_end.not_handed_in")
            lines.append(f"{t(label)}  {mark}")
        due = [kind for kind, handed in status.items() if handed is None]
        if due and (self.today.day >= 28 or self.today.day <= 2):
            lines.append(t("month_end.reminder"))
        self.query_one("#papers", Static).update(Text("\n".join(lines)))

    def action_attendance(self) -> None:
        from callcenter.ui.screens.attendance import AttendanceScreen

        self.app.push_screen(AttendanceScreen(self.month))

    def action_ledger(self) -> None:
        from callcenter.ui.screens.ledger import LedgerScreen

        self.app.push_screen(LedgerScreen(self.month))

    def action_report(self) -> None:
        from callcenter.ui.screens.month_report import MonthReportScreen

        self.app.push_screen(MonthReportScreen(self.month))

    def action_month(self) -> None:
        def chosen(text: str | None) -> None:
            if text is None:
                return
            from callcenter.services.errors import Refused
            from callcenter.services.month import parse_month

            try:
                self.month = parse_month(text)
            except Refused as error:
                from callcenter.i18n import refusal

                self.show_problem(refusal(error))
                return
            self.show_problem("")
            self._load()

        self.app.push_screen(AskText(t("month_end.ask_month"), f"{self.month:%Y-%m}"), chosen)
