"""Screens whose key descriptions come from the catalog."""
from __future__ import annotations

from typing import Generic, TypeVar

from textual.screen import ModalScreen, Screen

from callcenter.ui.bindings import translate

ResultType = TypeVar("ResultType")


class DeskScreen(Screen):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate(self)

    def on_screen_resume(self) -> None:
        # Counts may have changed while another screen was on top.
        from callcenter.ui.widgets.header import DeskHeader

        for header in self.query(DeskHeader):
            header.update_counts()


class DeskModal(ModalScreen[ResultType], Generic[ResultType]):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate(self)
