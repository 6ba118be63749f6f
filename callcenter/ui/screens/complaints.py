"""F4: the complaints desk. Open complaints by deadline with the time left; amber under 2 hours, red overdue."""
from __future__ import annotations

from textual import on

from callcenter.i18n import every, t
from callcenter.rules.clock import now_utc
from callcenter.ui.bindings import key
from callcenter.ui.describe import respondent, time_left
from callcenter.ui.screens.list_screen import ListScreen
from callcenter.ui.text import cell, widest
from callcenter.ui.widgets.paged_table import PagedTable

URGENCY_STYLE = {"overdue": "bold red", "soon": "yellow", "ok": "", "closed": "dim"}
VIEWS = ("open", "mine", "all")  # open ones; those escalated to me; every complaint


def _status_width() -> int:
    return 2 + widest(every("complaint.status."))  # ^^ marks the escalation level


class ComplaintsScreen(ListScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "complaints.back"),
        key("n", "new", "key.new_complaint", "complaints.new"),
        key("m", "new_dispute", "key.new_dispute", "complaints.new_dispute"),
        key("v", "cycle_view", "key.complaint_view", "complaints.view"),
        key("p", "praise", "key.praise", "complaints.praise"),
        key("s", "staff_view", "key.staff_view", "complaints.staff_view"),
    ]

    def __init__(self):
        super().__init__()
        self.view = "open"

    def columns(self):
        return [(t("col.time_left"), 9), (t("col.status"), _status_width()), (t("col.respondent"), 12),
                (t("col.complainant"), 8), (t("col.kind"), 4), (t("col.description"), None)]

    def cells(self, row):
        level = "^" * row.escalation_level  # ASCII: arrows are double width in some CJK terminals
        return str(row.id), [
            cell(time_left(row, now_utc()), style=URGENCY_STYLE.get(row.urgency, "")),
            cell(level + t(f"complaint.status.{row.status}"), _status_width()), cell(respondent(row, short=True), 12),
            cell(row.complainant, 8), cell(row.kind, 4), cell(row.description, 60),
        ]

    def fetch(self, number: int):
        from callcenter.services import complaints

        mine = self.app.clerk.id if self.view == "mine" else None
        return complaints.listing(now_utc(), number, open_only=self.view != "all", for_staff_id=mine)

    def heading(self, page) -> str:
        return t(f"complaints.title_{self.view}", page=page.number + 1)

    def empty_text(self) -> str:
        return t("complaints.empty")

    def action_cycle_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.table.load_page(0)

    @on(PagedTable.RowSelected)
    def _open(self) -> None:
        row = self.table.current()
        if row is not None:
            from callcenter.ui.screens.complaint import ComplaintScreen

            self.app.push_screen(ComplaintScreen(row.id))

    def action_new(self) -> None:
        from callcenter.ui.screens.complaint import NewComplaintScreen

        self.app.push_screen(NewComplaintScreen())

    def action_new_dispute(self) -> None:
        from callcenter.ui.screens.complaint import NewComplaintScreen

        self.app.push_screen(NewComplaintScreen(staff_dispute=True))

    def action_praise(self) -> None:
        from callcenter.ui.screens.praise import PraiseScreen

        self.app.push_screen(PraiseScreen())

    def action_staff_view(self) -> None:
        from callcenter.ui.screens.staff_view import StaffViewScreen

        self.app.push_screen(StaffViewScreen())
