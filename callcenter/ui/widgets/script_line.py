"""The call's clock and the line to say now: talk and hold time, and the script for the moment."""
from __future__ import annotations

import time
from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.rules.clock import duration, now_utc
from callcenter.rules.text import fill, one_line
from callcenter.ui.backend import Guarded


class ScriptLine(Guarded, Vertical):
    DEFAULT_CSS = "ScriptLine { height: auto; }"

    def __init__(self, direction: str, stage: str):
        super().__init__()
        self.direction = direction
        self.stage = stage  # greeting, hold, resume, transfer, message, closing, followup_<reason>...
        self.department = ""  # the department or person the call is being transferred to
        self.started_at = now_utc()
        self.hold_since: float | None = None
        self.hold_total = 0.0
        self.shown: str | None = None  # the words on screen

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        yield Static(id="script")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1, self.tick)

    # ----- the clock ------------------------------------------------------------------------
    def talk_seconds(self) -> float:
        return max(0.0, (now_utc() - self.started_at).total_seconds())

    def hold_seconds(self) -> float:
        current = time.monotonic() - self.hold_since if self.hold_since is not None else 0.0
        return self.hold_total + current

    @property
    def on_hold(self) -> bool:
        return self.hold_since is not None

    def toggle_hold(self) -> None:
        if self.hold_since is None:
            self.hold_since = time.monotonic()
            self.stage = "hold"
        else:
            self.hold_total += time.monotonic() - self.hold_since
            self.hold_since = None
            self.stage = "resume"
        self.tick()

    def tick(self) -> None:
        status = t(f"call.status_{self.direction}", talk=duration(self.talk_seconds()),
                   hold=duration(self.hold_seconds()))
        if self.on_hold:
            status += "  " + t("call.on_hold")
        self.query_one("#status", Static).update(Text(status))

    def timing(self) -> tuple[datetime, datetime, int]:
        """Start, end and hold seconds for the record; a hold still running ends now."""
        if self.on_hold:
            self.toggle_hold()
        ended = max(now_utc(), self.started_at + timedelta(seconds=int(self.talk_seconds())))
        return self.started_at, ended, round(self.hold_total)

    # ----- the script -----------------------------------------------------------------------
    def show(self, settings, *, customer: str, clerk: str, own_department: str = "", **values: str) -> None:
        """The line for the moment, filled with the names and a follow-up's `stage` and `event_date`.

        The greeting is said as the phone is picked up, so it never changes once shown: the caller's
        name (`customer`, 陈先生 or the full name) comes on the line after it, and a clerk with a
        department is offered the department's greeting for a call transferred to it.
        """
        names = {"company": settings.company, "customer": customer, "clerk": clerk, "department": self.department,
                 "stage": "", "event_date": "", **values}
        text = Text(t("call.say"), style="bold")
        text.append(one_line(fill(settings.script(self.stage), **names)))
        if self.stage == "greeting" and own_department:
            text.append("\n" + t("call.transferred_greeting"), style="dim")
            text.append(one_line(fill(settings.script("greeting_department"), **{**names, "department": own_department})))
        if self.stage == "greeting" and customer:
            text.append("\n" + t("call.then"), style="bold")
            text.append(one_line(fill(settings.script("greeting_known"), **names)))
        if self.stage == "closing":
            text.append("\n" + t("call.wait_hang_up"), style="italic")
        if text.plain == self.shown:
            return  # the same words: repainting them would only cost bytes over a slow link
        self.shown = text.plain
        self.query_one("#script", Static).update(text)

    # ----- the draft ------------------------------------------------------------------------
    def state(self) -> dict:
        return {"started_at": int(self.started_at.timestamp()), "hold": self.hold_seconds(), "stage": self.stage,
                "department": self.department}

    def restore(self, state: dict) -> None:
        from datetime import timezone

        self.started_at = datetime.fromtimestamp(int(state.get("started_at", 0)) or time.time(), tz=timezone.utc)
        self.hold_total = float(state.get("hold", 0.0))
        self.hold_since = None  # the caller is not on hold after a restart
        self.stage = str(state.get("stage", self.stage))
        self.department = str(state.get("department", ""))
        self.tick()
