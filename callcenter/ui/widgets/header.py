"""The desk's top line: company, clerk, date and the live counts a clerk must not miss."""
from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakSet

from rich.text import Text
from textual.widget import Widget

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.rules.text import one_line
from callcenter.ui import backend
from callcenter.ui.backend import Guarded

# Desks whose supervisor has been told that the follow-up plan reaches estimated holidays:
# once per desk start is enough.
_told_estimates: WeakSet = WeakSet()


@dataclass(frozen=True)
class Counts:
    open_messages: int = 0
    due_followups: int = 0  # due today or overdue, that this clerk may work
    escalated: int = 0  # open complaints escalated to this clerk


class DeskHeader(Guarded, Widget):
    """Reads the clerk, settings and counts from the app; every screen yields one."""

    DEFAULT_CSS = """
    DeskHeader { dock: top; height: 1; background: $primary; color: $text; }
    """

    def __init__(self):
        super().__init__()
        self.shown: Counts | None = None

    def update_counts(self) -> None:
        self._check_estimates()
        if self.app.counts != self.shown:  # no repaint, no bytes over SSH, when nothing changed
            self.refresh()

    def _check_estimates(self) -> None:
        """Supervisors only: clerks cannot change the calendar, the warning is not theirs."""
        app = self.app
        if not app.clerk.is_supervisor or app in _told_estimates:
            return
        _told_estimates.add(app)
        from callcenter.services import calendar

        def warn(year: int | None) -> None:
            if year is not None:
                app.notify(t("calendar.estimates", year=year), severity="warning", timeout=10)

        # Delivered to the app: the warning stands even when this screen has gone meanwhile.
        backend.call(app, calendar.estimates_reached, app.settings, done=warn, background=True)

    def render(self) -> Text:
        app = self.app
        counts = self.shown = app.counts
        today = local(now_utc(), app.settings.zone)
        role = t("header.supervisor") if app.clerk.is_supervisor else t("header.clerk")
        text = Text(t("header.line", company=one_line(app.settings.company), role=role, clerk=one_line(app.clerk.name),
                      date=f"{today:%Y-%m-%d}", weekday=t(f"weekday_short.{today.isoweekday()}")))
        shown = [("header.followups", counts.due_followups), ("header.messages", counts.open_messages)]
        if counts.escalated:  # only the assistant and the deputy GM ever have any
            shown.append(("header.escalated", counts.escalated))
        for key, count in shown:
            text.append(" │ ")
            text.append(t(key, count=count), style="bold reverse" if count else "")
        return text
