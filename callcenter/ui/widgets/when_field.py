"""A time typed in plain words (+3h, 明天 10:00, tomorrow 9:30), shown back as an absolute time.

A time the company is closed at (a closed day, outside opening hours) gets the next opening
offered under it: Enter takes the offer, and a save asks once (`confirmed`) before it keeps the
time as typed. The calendar comes from the database, read once in a worker when the field opens.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from callcenter.i18n import t
from callcenter.rules.clock import local, now_utc
from callcenter.rules.workcal import WorkCalendar
from callcenter.ui import backend
from callcenter.ui.backend import Guarded
from callcenter.ui.widgets.desk_input import DeskInput

TYPED = "%Y-%m-%d %H:%M"  # how an offered time is put into the field: relative_time reads it back


def read_when(text: str, zone: str) -> datetime:
    """The moment `text` names; WhenError (with a catalog code) when it names none or the past."""
    from callcenter.rules.relative_time import parse_when

    return parse_when(text, now_utc(), zone)


def shown(moment: datetime, zone: str) -> str:
    at = local(moment, zone)
    return t("when.shown", at=f"{at:%Y-%m-%d %H:%M}", weekday=t(f"weekday.{at.isoweekday()}"))


def load_calendar(settings) -> WorkCalendar:
    """In the worker: the company calendar with the days supervisors opened or closed, and this
    year's and next year's holidays looked up (their packages import here, not on a keystroke)."""
    from callcenter.rules import workcal
    from callcenter.services import calendar

    found = calendar.load(settings)
    year = now_utc().astimezone(found.tz).year
    for ahead in (0, 1):
        workcal.is_public_holiday(date(year + ahead, 1, 1))
    return found


def _day_words(moment: datetime, calendar: WorkCalendar) -> str:
    """周二 for a day within the coming week, else 12 月 8 日 周二."""
    here = moment.astimezone(calendar.tz)
    weekday = t(f"weekday_short.{here.isoweekday()}")
    if here.date() - now_utc().astimezone(calendar.tz).date() < timedelta(days=6):
        return weekday
    return t("clock.day", month=here.month, day=here.day) + " " + weekday


def closed_offer(moment: datetime, calendar: WorkCalendar) -> tuple[str, datetime] | None:
    """Why the company is closed at `moment`, and its next opening; None when it is open then."""
    from callcenter.rules import workcal
    from callcenter.rules.company_clock import next_opening

    opening = next_opening(moment, calendar)
    if opening == moment:
        return None
    here = moment.astimezone(calendar.tz)
    if not calendar.is_working_day(here.date()):
        why = calendar.why(here.date())
        reason = t(f"when.closed.{why}", day=_day_words(moment, calendar), name=workcal.holiday_name(here.date()))
    else:
        first, last = calendar.periods[0][0], calendar.periods[-1][1]
        kind = "before_opening" if here.time() < first else ("after_closing" if here.time() >= last else "break")
        reason = t(f"when.closed.{kind}", time=f"{here:%H:%M}")
    at = opening.astimezone(calendar.tz)
    return t("when.offer", why=reason, at=f"{_day_words(opening, calendar)} {at:%H:%M}"), opening


class WhenField(Guarded, Vertical):
    """The input and, under it, what it means or why it cannot be read, or the opening offered."""

    DEFAULT_CSS = """
    WhenField { height: auto; }
    WhenField > Static { height: auto; padding: 0 1; color: $text-muted; }
    WhenField > Static.error { color: $error; }
    WhenField > Static.asked { text-style: bold; }
    """

    def __init__(self, zone: str, *, id: str | None = None, placeholder: str = "", value: str = ""):
        super().__init__(id=id)
        self.zone = zone
        self.placeholder = placeholder or t("when.hint")
        self.initial = value
        self.calendar: WorkCalendar | None = None  # until the worker has read it: no offer yet
        self.offer: datetime | None = None
        self.asked = False  # a save met the offer once: the next one keeps the time as typed

    def compose(self) -> ComposeResult:
        yield DeskInput(value=self.initial, placeholder=self.placeholder,
                        id=f"{self.id}_text" if self.id else None)
        yield Static()

    def on_mount(self) -> None:
        backend.call(self, load_calendar, self.app.settings, done=self._calendar_read)

    def _calendar_read(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.value()

    def on_input_changed(self) -> None:
        self.asked = False
        self.value()  # the message goes on up: a call screen keeps its draft from it

    @on(Input.Submitted)
    def _take_offer(self, event: Input.Submitted) -> None:
        if self.offer is not None:
            event.stop()  # Enter took the offer: it saves nothing yet
            self.query_one(DeskInput).value = local(self.offer, self.zone).strftime(TYPED)

    def confirmed(self) -> bool:
        """May a save go on? False once for a time the company is closed at, with the offer made plain."""
        self.value()
        if self.offer is None or self.asked:
            return True
        self.asked = True
        self.query_one(Static).add_class("asked")
        self.query_one(DeskInput).focus()
        return False

    def value(self) -> datetime | None:
        """The moment, or None (and the reason shown) when it cannot be read; empty gives None quietly."""
        from callcenter.rules.relative_time import WhenError

        text = self.query_one(DeskInput).value
        preview = self.query_one(Static)
        self.offer = None
        preview.remove_class("asked")
        if not text.strip():
            preview.update("")
            return None
        try:
            moment = read_when(text, self.zone)
        except WhenError as error:
            preview.add_class("error")
            preview.update(Text(t(error.code)))
            return None
        said = Text(shown(moment, self.zone))
        found = closed_offer(moment, self.calendar) if self.calendar is not None else None
        if found is not None:
            self.offer = found[1]
            said.append("\n" + found[0] + "\n" + t("when.offer_keys"))
            preview.set_class(self.asked, "asked")
        preview.set_class(found is not None, "error")
        preview.update(said)
        return moment
