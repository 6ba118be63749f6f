"""Designers, QC inspectors and project managers over a period: complaints, praise, satisfaction."""
from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from callcenter.i18n import t
from callcenter.rules.clock import now_utc, parse_day
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.modals import AskText
from callcenter.ui.text import cell, when
from callcenter.ui.widgets.desk_table import DeskTable
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

DEFAULT_DAYS = 365


class StaffViewScreen(DeskScreen):
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "staff_view.back"),
        key("d", "period", "key.period", "staff_view.period"),
    ]

    def __init__(self):
        super().__init__()
        self.end = now_utc()
        self.start = self.end - timedelta(days=DEFAULT_DAYS)

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield DeskTable(id="stats", zebra_stripes=True)
        yield desk_footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label, width in ((t("col.staff"), 6), (t("col.role"), 4), (t("col.complaints"), 4), (t("col.in_24h"), 6),
                             (t("col.praise"), 4), (t("col.rating"), 9), (t("col.by_kind"), None)):
            table.add_column(label, width=width)
        table.focus()
        self._load()

    def _load(self) -> None:
        from callcenter.services.staff_view import staff_view

        backend.call(self, staff_view, self.start, self.end, done=self._show)

    def _show(self, stats) -> None:
        zone = self.app.settings.zone
        self.query_one("#title", Static).update(Text(t("staff_view.title", start=when(self.start, zone, "%Y-%m-%d"),
                                                       end=when(self.end, zone, "%Y-%m-%d"))))
        table = self.query_one(DataTable)
        table.clear()
        for row in stats:
            share = "-" if row.resolved_in_24h is None else f"{row.resolved_in_24h:.0%}"
            rating = "-" if row.rating_avg is None else f"{row.rating_avg:.1f}({row.ratings})"
            kinds = " ".join(f"{k}{n}" for k, n in sorted(row.by_kind.items(), key=lambda kv: -kv[1]))
            table.add_row(cell(row.name, 6), cell(t(f"role_short.{row.role}"), 4), cell(str(row.complaints)), cell(share),
                          cell(str(row.praise)), cell(rating), cell(kinds, 60), key=str(row.staff_id))

    def action_period(self) -> None:
        zone = self.app.settings.zone
        current = f"{when(self.start, zone, '%Y-%m-%d')} {when(self.end - timedelta(seconds=1), zone, '%Y-%m-%d')}"

        def chosen(text: str | None) -> None:
            parts = (text or "").split()
            try:
                start, end = parse_day(parts[0], zone), parse_day(parts[1], zone, end=True)
            except (ValueError, IndexError):
                if text is not None:
                    self.app.notify(t("staff_view.bad_period"), severity="error")
                return
            self.start, self.end = start, end
            self._load()

        self.app.push_screen(AskText(t("staff_view.ask_period"), current), chosen)
