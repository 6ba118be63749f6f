"""The company calendar, a month at a time (F12, Ctrl+T; supervisors): which days are open and
why, and a supervisor's openings and closings, each re-planning the follow-ups it moves.

The month is laid out in two columns of days so that all of it fits 80x24; a reason too long
for its cell is cut there and shown whole on the line under the month for the chosen day.
"""
from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.describe import day_why
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.screens.modals import AskText
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader

ROWS = 16  # days per column: two columns hold the longest month
CELL = 38  # columns of one day's cell: two of them and the padding fit 80
DONE = {"open_day": "calendar.opened", "close_day": "calendar.closed", "clear_day": "calendar.cleared"}


def month_after(first: date, step: int) -> date:
    months = first.year * 12 + first.month - 1 + step
    return date(months // 12, months % 12 + 1, 1)


def day_cell(day, chosen: bool) -> Text:
    """One day: ` 7 周一 休息 休息日`, cut to its cell."""
    mark = t("calendar_view.open" if day.open else "calendar_view.closed")  # short: a holiday's name must fit
    text = Text(f"{day.day.day:2d} {t(f'weekday_short.{day.day.isoweekday()}')} {mark} {day_why(day)}",
                style="" if day.open else "yellow", no_wrap=True)
    text.truncate(CELL, overflow="ellipsis", pad=True)
    if chosen:
        text.stylize("reverse")
    return text


class CalendarScreen(DeskScreen):
    DEFAULT_CSS = """
    CalendarScreen #month { height: 16; padding: 0 1; }
    CalendarScreen #detail { height: auto; max-height: 2; padding: 0 1; }
    """
    BINDINGS = [
        key("escape", "app.pop_screen", "key.back", "calendar.back"),
        key("pageup,left", "month(-1)", "key.prev_month", "calendar.prev_month"),
        key("pagedown,right", "month(1)", "key.next_month", "calendar.next_month"),
        key("up", "day(-1)", "key.prev_day", "calendar.prev_day", show=False),
        key("down", "day(1)", "key.next_day", "calendar.next_day", show=False),
        key("o", "change('open_day')", "key.open_day", "calendar.open"),
        key("c", "change('close_day')", "key.close_day", "calendar.close"),
        key("x", "change('clear_day')", "key.clear_day", "calendar.clear"),
    ]

    def __init__(self):
        super().__init__()
        self.first: date | None = None  # the month shown
        self.chosen = 0  # the chosen day, from 0
        self.days: list | None = None  # calendar.Day of the month, once read

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(id="title", classes="title")
        yield Static(id="month")
        yield Static(id="detail", classes="hint")
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        today = local(now_utc(), self.app.settings.zone).date()
        self.chosen = today.day - 1
        self._load(today.replace(day=1))

    def _load(self, first: date) -> None:
        from callcenter.services import calendar

        self.first, self.days = first, None
        self.query_one("#title", Static).update(Text(t("calendar_view.title", year=first.year, month=first.month)))
        last = month_after(first, 1) - timedelta(days=1)
        self.chosen = min(self.chosen, last.day - 1)
        backend.call(self, calendar.show, first, last, self.app.settings, done=self._show, group="month")

    def _show(self, days: list) -> None:
        if days and days[0].day == self.first:  # not a month already left
            self.days = days
            self._draw()

    def _draw(self) -> None:
        days = self.days or []
        grid = Text(no_wrap=True)
        for row in range(ROWS):
            line = [day_cell(days[n], n == self.chosen) for n in (row, row + ROWS) if n < len(days)]
            grid.append_text(Text(" ").join(line))
            if row < ROWS - 1:
                grid.append("\n")
        self.query_one("#month", Static).update(grid)
        self.query_one("#detail", Static).update(self._detail())

    def _detail(self) -> Text:
        if not self.days:
            return Text()
        day = self.days[self.chosen]
        parts = [day.day.isoformat(), t(f"weekday.{day.day.isoweekday()}"),
                 t("calendar.open_mark" if day.open else "calendar.closed_mark"),
                 *(f"{start}-{end}" for start, end in day.hours), day_why(day)]
        return Text(" ".join(part for part in parts if part))

    def action_month(self, step: int) -> None:
        self.show_problem()
        self._load(month_after(self.first, step))

    def action_day(self, step: int) -> None:
        if self.days is None or not 0 <= self.chosen + step < len(self.days):
            self.app.bell()
            return
        self.chosen += step
        self._draw()

    def action_change(self, change: str) -> None:
        if self.days is None:
            return
        day = self.days[self.chosen].day
        if change == "clear_day":
            self._change(change, day, "")
            return
        ask = t("calendar_view.ask_open" if change == "open_day" else "calendar_view.ask_close", day=day.isoformat())
        self.app.push_screen(AskText(ask), lambda reason: None if reason is None else self._change(change, day, reason))

    def _change(self, change: str, day: date, reason: str) -> None:
        from callcenter.services import calendar

        backend.call(self, getattr(calendar, change), self.app.clerk, day, reason, group="change",
                     done=lambda done: self._changed(change, done))

    def _changed(self, change: str, done) -> None:
        self.show_problem(t(DONE[change], day=done.day.isoformat(), moved=done.moved), error=False)
        self.app.refresh_counts()  # follow-ups due today may have come or gone
        self._load(self.first)
