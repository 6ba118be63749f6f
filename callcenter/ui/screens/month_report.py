"""The month's work report (述职报告): the figures beside last month's, contacts per day as a
sparkline, complaints and ratings per person as bars, and the clerk's summary and next month's
plan (Ctrl+S keeps them; editable until Ctrl+T hands the report in).

A supervisor sees the whole desk; a clerk sees their own calls, complaints and messages.
"""
from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static, TextArea

from callcenter.i18n import t
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.month_papers import ask_hand_in, handed_mark
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

BAR_WIDTH = 20


def load(month: date, clerk_id: int, whole_desk: bool):
    from callcenter.services import month as month_service
    from callcenter.services import report

    return (report.month_report(month, None if whole_desk else clerk_id, paper_of=clerk_id),
            month_service.paper("report", month, clerk_id))


def bars(counts: dict[str, float], width: int = BAR_WIDTH) -> Text:
    """One line per name: a bar as long as its share of the largest, then the figure."""
    from callcenter.ui.text import plain

    text = Text()
    top = max(counts.values(), default=0) or 1
    label = max((len(name) for name in counts), default=0)
    for name, value in sorted(counts.items(), key=lambda kv: -kv[1]):
        text.append_text(plain(name.ljust(label)))
        text.append(" " + "█" * max(1 if value else 0, round(width * value / top)) + f" {value:g}\n")
    return text


class MonthReportScreen(DeskScreen):
    DEFAULT_CSS = """
    MonthReportScreen #per_day { height: 2; margin: 0 1; }
    MonthReportScreen TextArea { height: 5; }
    """
    BINDINGS = [
        key("escape", "leave", "key.back", "month_report.back"),
        key("ctrl+s", "save", "key.save", "month_report.save", priority=True),
        key("ctrl+t", "hand_in", "key.hand_in", "month_report.hand_in", priority=True),  # letters go to the text
    ]

    def __init__(self, month: date):
        super().__init__()
        self.month = month

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        with VerticalScroll():
            yield Static(t("report.per_day"), classes="hint")
            yield Sparkline([], id="per_day")
            yield Static(id="complaint_bars")
            yield Static(id="rating_bars")
            yield Static(id="figures")
            yield Static(t("report.summary"), classes="title")
            yield TextArea(id="summary")
            yield Static(t("report.plan"), classes="title")
            yield TextArea(id="plan")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        self._load()

    def _load(self) -> None:
        backend.call(self, load, self.month, self.app.clerk.id, self.app.clerk.is_supervisor, done=self._show)

    def _show(self, loaded) -> None:
        from callcenter.report_text import lines

        report, paper = loaded
        self.query_one("#title", Static).update(Text(t("report.view_title", month=report["month"],
                                                       mark=handed_mark(paper, self.app.settings.zone))))
        self.query_one("#per_day", Sparkline).data = report["contacts"]["per_day"]
        complaints = report["complaints"]["by_person"]
        self.query_one("#complaint_bars", Static).update(
            Text(t("report.complaint_bars") + "\n").append_text(bars(complaints)) if complaints else "")
        ratings = {name: row["average"] for people in report["ratings"].values() for name, row in people.items()}
        self.query_one("#rating_bars", Static).update(
            Text(t("report.rating_bars") + "\n").append_text(bars(ratings)) if ratings else "")
        self.query_one("#figures", Static).update(Text("\n".join(list(lines(report))[1:-4])))
        for name, value in (("summary", paper.summary), ("plan", paper.plan)):
            area = self.query_one(f"#{name}", TextArea)
            area.text = value
            area.read_only = paper.handed_in_at is not None
        self.mark_pristine()

    def action_save(self) -> None:
        from callcenter.services import month as month_service

        summary, plan = (self.query_one(f"#{name}", TextArea).text for name in ("summary", "plan"))
        backend.call(self, month_service.save_text, self.app.clerk, "report", self.month, summary, plan,
                     self.app.clerk.id, done=self._saved)

    def _saved(self, _paper) -> None:
        self.mark_pristine()
        self.show_problem(t("report.saved"), error=False)

    def action_hand_in(self) -> None:
        from callcenter.services import report

        ask_hand_in(self, self.month, report.hand_in, self.app.clerk, self.month, self.app.settings, then=self._load)
