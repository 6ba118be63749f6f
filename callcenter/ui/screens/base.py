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


class DeskModal(ModalScreen[ResultType], Generic[ResultType]):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        translate(self)
