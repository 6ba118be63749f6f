"""A one-line choice among a few options: a digit picks one, left and right move."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from callcenter.rules.text import one_line
from callcenter.ui.backend import Guarded


class ChoiceBar(Guarded, Widget, can_focus=True):
    DEFAULT_CSS = """
    ChoiceBar { height: 1; width: 1fr; }
    ChoiceBar:focus { background: $boost; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
    ]

    selected: reactive[int | None] = reactive(None)

    class Changed(Message):
        def __init__(self, bar: "ChoiceBar", value: str | None) -> None:
            super().__init__()
            self.bar = bar
            self.value = value

        @property
        def control(self) -> "ChoiceBar":
            return self.bar

    def __init__(self, title: str, options: list[tuple[str, str]], *, selected: int | None = None,
                 numbered: bool = True, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.title = title
        self.options = options  # (value, label)
        self.numbered = numbered  # False when the labels are their own keys (ratings 1-5)
        self.set_reactive(ChoiceBar.selected, selected)

    @property
    def value(self) -> str | None:
        return None if self.selected is None else self.options[self.selected][0]

    def select_value(self, value: str) -> None:
        for index, (option, _) in enumerate(self.options):
            if option == value:
                self.selected = index

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def _lines(self, width: int) -> list[Text]:
        # The row that digits act on is unmistakable: its title in reverse video behind a marker,
        # which shows in 16 colours and NO_COLOR too (a shade of background does not).
        focused = self.has_focus
        head = Text("▶" if focused else " ", style="bold")
        head.append(self.title, style="bold reverse" if focused else "bold")
        indent = head.cell_len
        lines, line = [], head
        for index, (_, label) in enumerate(self.options):
            chosen = index == self.selected
            keyhint = f"{index + 1}." if index < 9 and self.numbered else ""
            # Brackets as well as reverse video: the choice must show in 16 colours and NO_COLOR too.
            item = Text(" [" if chosen else "  ")
            item.append(f"{keyhint}{one_line(label)}", style="reverse" if chosen else "")
            item.append("]" if chosen else "")
            if line.cell_len + item.cell_len > width and line.cell_len > indent:
                lines.append(line)  # a choice never splits; the next line starts under the first one
                line = Text(" " * indent)
            line.append_text(item)
        lines.append(line)
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width or self.size.width))

    def action_pick(self, index: int) -> None:
        if index < len(self.options):
            self.selected = index

    def action_move(self, step: int) -> None:
        current = -1 if self.selected is None else self.selected
        self.selected = (current + step) % len(self.options)

    def watch_selected(self, _old, _new) -> None:
        self.post_message(self.Changed(self, self.value))
