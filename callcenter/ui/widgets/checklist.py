"""The courtesy checklist: a digit ticks item N; up/down move, space ticks the highlighted item.

Long Chinese items are folded by hand with a hanging indent: list widgets with per-option
prefixes mis-measure wrapped options at 80 columns.
"""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from callcenter.rules.text import one_line
from callcenter.ui.backend import Guarded


class Checklist(Guarded, Widget, can_focus=True):
    DEFAULT_CSS = """
    Checklist { height: auto; padding: 0 1; }
    Checklist:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("space,enter", "flip_current", show=False),
        *[Binding(str(n), f"flip({n - 1})", show=False) for n in range(1, 10)],
    ]

    cursor = reactive(0)
    ticked: reactive[frozenset[int]] = reactive(frozenset())

    class Changed(Message):
        """An item was ticked or unticked."""

    def __init__(self, items: list[str], *, id: str | None = None):
        super().__init__(id=id)
        self.items = items

    def render(self) -> Text:
        width = max(8, self.content_region.width - 4)
        text = Text()
        for index, item in enumerate(self.items):
            mark = "[x] " if index in self.ticked else "[ ] "
            style = "reverse" if self.has_focus and index == self.cursor else ""
            lines = Text(f"{index + 1}.{one_line(item)}").wrap(self.app.console, width, overflow="fold")
            for number, line in enumerate(lines):
                text.append(("\n" if text else "") + (mark if number == 0 else "    "))
                text.append(line.plain, style=style)
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.items:
            self.cursor = (self.cursor + step) % len(self.items)

    def action_flip(self, index: int) -> None:
        if index < len(self.items):
            self.ticked = self.ticked ^ {index}

    def action_flip_current(self) -> None:
        self.action_flip(self.cursor)

    def watch_ticked(self) -> None:
        self.post_message(self.Changed())

    def answers(self) -> dict[str, bool]:
        return {item: index in self.ticked for index, item in enumerate(self.items)}
