"""The desk's one-line text field: typed data shown inertly, cursor blink as the clerk chose."""
from __future__ import annotations

from textual.widgets import Input

from callcenter.ui.backend import Guarded
from callcenter.ui.text import InertHighlighter


class DeskInput(Guarded, Input):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, highlighter=InertHighlighter(), **kwargs)

    def on_mount(self) -> None:
        # A blinking cursor repaints twice a second while the desk sits idle: off unless asked for.
        self.cursor_blink = self.app.personal.cursor_blink
