"""Screens whose key descriptions come from the catalog, with a problem line and a guarded exit."""
from __future__ import annotations

from typing import Generic, TypeVar

from rich.text import Text
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from callcenter.i18n import t
from callcenter.ui import form_state
from callcenter.ui.backend import Guarded
from callcenter.ui.bindings import translate

ResultType = TypeVar("ResultType")


class FormGuard:
    """A form remembers what it opened with, and asks before it is left with anything changed."""

    pristine: dict | None = None

    def mark_pristine(self) -> None:
        self.pristine = form_state.capture(self)

    def has_changes(self) -> bool:
        return self.pristine is not None and form_state.capture(self) != self.pristine

    def action_leave(self) -> None:
        if not self.has_changes():
            self.dismiss(None)
            return
        self.app.confirm(t("form.discard"), lambda yes: self.dismiss(None) if yes else None, destructive=True)


class DeskScreen(Guarded, FormGuard, Screen):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate(self)

    def on_screen_resume(self) -> None:
        # Counts may have changed while another screen was on top.
        from callcenter.ui.widgets.header import DeskHeader

        for header in self.query(DeskHeader):
            header.update_counts()

    def show_problem(self, message: str = "", *, error: bool = True) -> bool:
        """Say it on the problem line, when this screen has one; False when it has none."""
        found = self.query("#problem")
        if not found:
            return False
        line = found.first(Static)
        if getattr(line, "said", None) == (message, error):
            return True  # the same line again (every key in the phone field clears it): no repaint
        line.said = (message, error)
        line.set_class(error and bool(message), "error")
        line.update(Text(message))
        return True


class DeskModal(Guarded, FormGuard, ModalScreen[ResultType], Generic[ResultType]):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate(self)
