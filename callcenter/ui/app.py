"""The desk application. `create_app` builds it for the command line and for tests alike."""
from __future__ import annotations

from functools import partial
from typing import Iterable

from rich.text import Text
from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from callcenter.config import Personal
from callcenter.i18n import refusal, t
from callcenter.services import settings as settings_service
from callcenter.services.staff import Clerk
from callcenter.ui import backend
from callcenter.ui.backend import Guarded
from callcenter.ui.bindings import key, translate
from callcenter.ui.widgets.header import Counts, DeskHeader

COUNTS_EVERY = 30  # seconds between re-reading the header counts other clerks change
ESCALATE_EVERY = 300  # seconds between escalation passes while a desk runs (cron may run them too)
AFTER_FIRST_SCREEN = 0.5  # seconds after start: background work waits until the first screen is up
DAILY_BACKUP_AFTER = 5  # seconds after start: the day's first desk copies the database, off the first screen's path


class CallDeskApp(Guarded, App):
    CSS_PATH = "app.tcss"
    BINDINGS = [
        key("f1", "help", "key.help", "app.help"),
        key("f2", "new_call", "key.new_call", "app.new_call"),
        key("f3", "followups", "key.followups", "app.followups"),
        key("f4", "complaints", "key.complaints", "app.complaints"),
        key("f5", "search", "key.search", "app.search"),
        key("f6", "messages", "key.messages", "app.messages"),
        key("f11", "month_end", "key.month_end", "app.month_end"),
        key("f12", "settings", "key.settings", "app.settings"),
        key("ctrl+q", "quit", "key.quit", "app.quit", priority=True),
    ]

    def __init__(self, clerk: Clerk | None, personal: Personal, os_login: str = ""):
        super().__init__()
        translate(self)
        self.clerk = clerk  # None until someone signs in on a shared OS account
        self.os_login = os_login
        self.personal = personal
        self.settings = settings_service.load()
        self.counts = Counts()
        self.animation_level = "none"  # every animation frame is bytes over a slow SSH link
        self.title = t("app.title")
        if personal.keymap:
            self.set_keymap(personal.keymap)

    def get_default_screen(self) -> Screen:
        if self.clerk is None:
            from callcenter.ui.screens.sign_in import SignInScreen

            return SignInScreen(self.os_login)
        from callcenter.ui.screens.home import HomeScreen

        return HomeScreen()

    def check_action(self, action: str, parameters) -> bool | None:
        # Before sign-in only the sign-in screen's own keys and quitting work.
        return self.clerk is not None or action in ("quit", "sign_in") or not hasattr(self, f"action_{action}")

    def signed_in(self, clerk: Clerk) -> None:
        from callcenter.ui.screens.home import HomeScreen

        self.clerk = clerk
        self.push_screen(HomeScreen())  # over the sign-in screen, which nothing pops back to
        self._start()

    def on_mount(self) -> None:
        for problem in self.personal.problems:  # a broken config.toml: said, not silently ignored
            self.notify(refusal(problem), severity="warning", timeout=10)
        self._catch_hangup()
        if self.clerk is not None:
            self._start()

    def _start(self) -> None:
        """The desk's own work, once somebody is at it."""
        # Escalation and counts once the first screen is up: they must not hold the GIL it needs.
        self.set_timer(AFTER_FIRST_SCREEN, self.escalate)
        self.set_interval(ESCALATE_EVERY, self.escalate)
        self.set_interval(COUNTS_EVERY, self.refresh_counts)
        self.set_timer(AFTER_FIRST_SCREEN, self._prewarm)
        self.set_timer(AFTER_FIRST_SCREEN, self._offer_draft)
        self.set_timer(DAILY_BACKUP_AFTER, self._daily_backup)

    def _prewarm(self) -> None:
        """Import what F2 needs while the clerk reads the first screen: the call must open at once.

        On the event loop, once the first screen is up: a thread importing Textual modules
        beside the loop's own imports risks the import lock, for 30 ms saved.
        """
        from callcenter.rules.phone import warm_up
        from callcenter.ui.screens import call  # noqa: F401

        warm_up()

    # ----- shared state ----------------------------------------------------------------
    def escalate(self) -> None:
        """Complaints past their deadline go up a level whether or not anyone looks; then the counts."""
        from callcenter.services import complaints

        backend.call(self, complaints.escalate_due, done=lambda _: self.refresh_counts(), background=True)

    def refresh_counts(self) -> None:
        backend.call(self, self._read_counts, self.clerk.id, self.settings, done=self._set_counts, background=True)

    @staticmethod
    def _read_counts(clerk_id: int, settings) -> Counts:
        from callcenter.rules.clock import (  # after the first paint, in the worker
            day_bounds,
            local,
            now_utc,
        )
        from callcenter.services import complaints, followups, messages

        now = now_utc()
        end_of_today = day_bounds(local(now, settings.zone).date(), settings.zone)[1]
        return Counts(messages.count_open(), followups.due_count(clerk_id, end_of_today, now, settings),
                      complaints.count_for(clerk_id, now))

    def _set_counts(self, counts: Counts) -> None:
        self.counts = counts
        for header in self.screen.query(DeskHeader):
            header.update_counts()

    def notify(self, message: str, *, markup: bool = False, **kwargs) -> None:
        """Toasts carry catalog text with typed values in it: never read it as markup."""
        super().notify(message, markup=markup, **kwargs)

    def confirm(self, question: str, then, *, destructive: bool = False) -> None:
        """Ask yes or no; `then(answer)`. Destructive questions never take Enter for yes."""
        from callcenter.ui.screens.modals import Confirm

        self.push_screen(Confirm(question, destructive=destructive), then)

    def use_settings(self, settings) -> None:
        """Settings a supervisor just saved, read back in a worker: every screen opened from now on uses them."""
        self.settings = settings

    # ----- the desks ---------------------------------------------------------------------
    def _on_call(self) -> bool:
        from callcenter.ui.screens.call import CallScreen

        return any(isinstance(screen, CallScreen) for screen in self.screen_stack)

    def open_call(self, *args, **kwargs) -> None:
        """The one way into a call: a desk never runs two calls at once."""
        from callcenter.ui.screens.call import CallScreen

        if self._on_call():
            self.notify(t("app.already_on_call"), severity="warning")
            return
        self.push_screen(CallScreen(*args, **kwargs))

    def action_new_call(self) -> None:
        self.open_call("in")

    def _daily_backup(self) -> None:
        from callcenter.services import backup

        backend.call(self, backup.daily, background=True)

    # ----- nothing typed is lost: drafts, quitting, a dropped link -------------------------
    def _offer_draft(self) -> None:
        from callcenter.services import drafts

        backend.call(self, drafts.find, self.clerk.id, done=self._draft_found, background=True)

    def _draft_found(self, kept) -> None:
        if kept is None or kept.kind != "call" or self._on_call():
            return
        from callcenter.rules.clock import local

        at = local(kept.started_at, self.settings.zone).strftime("%m-%d %H:%M")
        self.confirm(t("draft.resume", at=at),
                     lambda yes: self._resume(kept.data) if yes else backend.call(self, self._discard_draft))

    def _discard_draft(self) -> None:
        from callcenter.services import drafts

        drafts.discard(self.clerk.id)

    def _resume(self, data: dict) -> None:
        from callcenter.services import drafts

        backend.call(self, drafts.context, data.get("followup_id"), data.get("project_id"),
                     done=lambda found: self.open_call(data.get("direction", "in"), data.get("phone_text", ""),
                                                       followup=found[0], project=found[1], draft=data))

    def _unsaved(self) -> list[Screen]:
        return [screen for screen in self.screen_stack if getattr(screen, "has_changes", lambda: False)()]

    async def action_quit(self) -> None:
        if not self._unsaved():
            self.exit()
            return
        def answered(yes: bool) -> None:
            if yes:
                self._keep_drafts()
                self.exit()

        self.confirm(t("app.quit_unsaved"), answered, destructive=True)

    def _keep_drafts(self) -> None:
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_draft_now", None)
            if keep is not None:
                keep()

    async def _on_exit_app(self) -> None:
        """Every exit keeps an open call's draft first: a browser tab closing (textual-serve asks
        the desk to exit) gives no SIGHUP; after a save or a discard there is nothing to keep."""
        self._keep_drafts()
        await super()._on_exit_app()

    def _handle_exception(self, error: Exception) -> None:
        """What no handler could catch (Textual itself, a timer): keep the call's draft, log the
        traceback, and leave one line on the terminal instead of a screenful of locals."""
        from callcenter import errorlog

        self._keep_drafts()
        path = errorlog.record(error, "fatal")
        super()._handle_exception(error)
        self._exit_renderables[-1:] = [Text(t("error.fatal", path=str(path)))]

    def _catch_hangup(self) -> None:
        """SIGHUP is the SSH link dropping: write the call's draft at once, then go."""
        import asyncio
        import signal

        def hangup() -> None:
            self._keep_drafts()
            self.exit(return_code=1)

        try:
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, hangup)
        except (NotImplementedError, RuntimeError, AttributeError, ValueError):
            pass  # no SIGHUP here (Windows), or not the main thread (tests): drafts still land every second

    def action_followups(self) -> None:
        from callcenter.ui.screens.followups import FollowUpsScreen

        self.push_screen(FollowUpsScreen())

    def action_complaints(self) -> None:
        from callcenter.ui.screens.complaints import ComplaintsScreen

        self.push_screen(ComplaintsScreen())

    def action_search(self) -> None:
        from callcenter.ui.screens.search import SearchScreen

        self.push_screen(SearchScreen())

    def action_messages(self) -> None:
        from callcenter.ui.screens.messages import MessagesScreen

        self.push_screen(MessagesScreen())

    def action_month_end(self) -> None:
        from callcenter.ui.screens.month_end import MonthEndScreen

        self.push_screen(MonthEndScreen())

    def action_settings(self) -> None:
        if not self.clerk.is_supervisor:
            self.notify(t("settings.supervisor_only"), severity="error")
            return
        from callcenter.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def desk_bindings(self, screen: Screen):
        """The bindings we declared (they have ids and catalog text), not widgets' internal ones."""
        for active in screen.active_bindings.values():
            if active.binding.id or active.binding.action == "command_palette":
                yield active

    def action_help(self) -> None:
        from callcenter.ui.screens.modals import ReadList

        lines = []
        for active in self.desk_bindings(self.screen):
            line = Text(f"{self.get_key_display(active.binding):>8}  ", style="bold")
            line.append(active.binding.description)
            lines.append(line)
        lines.append(Text(t("help.digits")))
        self.push_screen(ReadList(t("help.title"), lines))

    def get_key_display(self, binding) -> str:
        # F-keys as printed on the keyboard (F2), not as Textual spells them (f2).
        display = super().get_key_display(binding)
        return display.upper() if display.lower().startswith("f") and display[1:].isdigit() else display

    # ----- the command palette offers every action the footer does ------------------------
    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("palette.placeholder"), id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for active in self.desk_bindings(screen):
            binding = active.binding
            if binding.action != "command_palette":
                yield SystemCommand(binding.description, self.get_key_display(binding),
                                    partial(self.run_action, binding.action, active.node))


def create_app(clerk: Clerk | None, personal: Personal | None = None, os_login: str = "") -> CallDeskApp:
    """The desk for a signed-in clerk on the already-open database; with no clerk, the sign-in
    screen for the shared OS account `os_login` comes first."""
    return CallDeskApp(clerk, personal or Personal(), os_login)
