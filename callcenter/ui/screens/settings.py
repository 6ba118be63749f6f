"""F12: company settings, for supervisors. Pick a setting on the left, edit it on the right."""
from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from callcenter.i18n import t
from callcenter.rules.setting_text import from_text, to_text
from callcenter.services import settings as settings_service
from callcenter.services.settings import DEFAULTS
from callcenter.ui import backend
from callcenter.ui.bindings import key
from callcenter.ui.screens.base import DeskScreen
from callcenter.ui.widgets.footer import desk_footer
from callcenter.ui.widgets.header import DeskHeader


class SettingsScreen(DeskScreen):
    BINDINGS = [
        key("ctrl+s", "save", "key.save", "settings.save", priority=True),
        key("escape", "leave", "key.back", "settings.back", priority=True),
        # Ctrl+T: the editor takes letters, and its Ctrl+K deletes to the end of the line.
        key("ctrl+t", "calendar", "key.calendar", "settings.calendar", priority=True),
        # Ctrl, not a letter: the editor takes letters while it has the focus.
        key("ctrl+o", "people", "key.people", "settings.people", priority=True),
    ]

    def __init__(self):
        super().__init__()
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        yield DeskHeader()
        yield Static(t("settings.title"), classes="title")
        with Horizontal():
            yield OptionList(*[Option(t(f"setting.{k}"), id=k) for k in DEFAULTS], id="keys")
            yield TextArea(id="editor", soft_wrap=True)
        yield Static(id="problem")
        yield desk_footer()

    def on_mount(self) -> None:
        self.query_one("#editor", TextArea).cursor_blink = self.app.personal.cursor_blink
        self.query_one("#keys", OptionList).focus()
        self._edit(next(iter(DEFAULTS)))

    def _edit(self, setting: str) -> None:
        self.current = setting
        self.query_one("#editor", TextArea).load_text(to_text(self.app.settings[setting]))
        self.show_problem(t(f"setting_help.{_shape(setting)}"), error=False)

    def _changed(self) -> bool:
        return self.current is not None and self.query_one("#editor", TextArea).text.strip() != to_text(
            self.app.settings[self.current]).strip()

    @on(OptionList.OptionHighlighted, "#keys")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id == self.current:
            return
        if self._changed():
            # Never lose an edit by moving on: stay on it until it is saved, then go on.
            keys = self.query_one("#keys", OptionList)
            keys.highlighted = keys.get_option_index(self.current)
            self.action_save(then=event.option.id)
            return
        self._edit(event.option.id)

    @on(OptionList.OptionSelected, "#keys")
    def _selected(self) -> None:
        self.query_one("#editor", TextArea).focus()

    def action_save(self, then: str | None = None) -> None:
        if self.current is None:
            return
        setting = self.current
        try:
            value = from_text(self.query_one("#editor", TextArea).text, DEFAULTS[setting])
        except ValueError:
            self.show_problem(t("settings.bad_value", setting=t(f"setting.{setting}")))
            return
        backend.call(self, self._save_now, setting, value, done=lambda saved: self._saved(setting, saved, then))

    def _save_now(self, setting: str, value):
        """In the worker: save, then read every setting back for the desk to use."""
        settings_service.save(self.app.clerk, setting, value)
        return settings_service.load()

    def _saved(self, setting: str, settings, then: str | None) -> None:
        self.app.use_settings(settings)
        self.show_problem(t("settings.saved", key=t(f"setting.{setting}")), error=False)
        if then is not None:
            keys = self.query_one("#keys", OptionList)
            keys.highlighted = keys.get_option_index(then)
            self._edit(then)

    def action_calendar(self) -> None:
        from callcenter.ui.screens.calendar import CalendarScreen

        self.app.push_screen(CalendarScreen())

    def action_people(self) -> None:
        from callcenter.ui.screens.people import PeopleScreen

        self.app.push_screen(PeopleScreen())

    def action_leave(self) -> None:
        if self._changed():
            self.app.confirm(t("settings.discard"), lambda yes: self.dismiss() if yes else None, destructive=True)
        else:
            self.dismiss()


def _shape(setting: str) -> str:
    default = DEFAULTS[setting]
    if isinstance(default, dict):
        return "script"
    if isinstance(default, list):
        if not default:
            return "lines"  # an empty list by default (shared_logins): one item a line
        if isinstance(default[0], dict):
            return "forbidden"
        return "hours" if isinstance(default[0], list) else "lines"
    return "number" if isinstance(default, int) else "line"
