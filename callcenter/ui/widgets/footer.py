"""The key line at the bottom: the desk's F-keys first, then this screen's keys, wrapped onto a
second line rather than cut, so no key a clerk needs is ever off screen at 80 columns."""
from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import App
from textual.widget import Widget

from callcenter.ui.backend import Guarded


@dataclass(frozen=True)
class _Entry:
    key: str  # what simulate_key presses when the entry is clicked
    shown: str
    description: str
    enabled: bool

    @property
    def width(self) -> int:
        return cell_len(self.shown) + (1 + cell_len(self.description) if self.description else 0)


def wrap(entries: list[_Entry], width: int) -> list[list[_Entry]]:
    """Entries in lines of at most `width` cells, one space apart, never split inside an entry."""
    lines: list[list[_Entry]] = [[]]
    used = 0
    for entry in entries:
        need = entry.width + (1 if lines[-1] else 0)
        if lines[-1] and used + need > width:
            lines.append([])
            used, need = 0, entry.width
        lines[-1].append(entry)
        used += need
    return lines


class DeskFooter(Guarded, Widget, can_focus=False):
    COMPONENT_CLASSES = {"desk-footer--key", "desk-footer--description"}
    DEFAULT_CSS = """
    DeskFooter {
        dock: bottom;
        height: auto;
        color: $footer-foreground;
        background: $footer-background;
        .desk-footer--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        .desk-footer--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[_Entry] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        desk, here, seen = [], [], set()
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            if not binding.show or binding.action in seen:  # one entry per action, as Textual's footer
                continue
            seen.add(binding.action)
            entry = _Entry(binding.key, self.app.get_key_display(binding), binding.description, enabled)
            (desk if isinstance(node, App) else here).append(entry)
        # F-keys before the desk's other keys (Ctrl+Q), then this screen's own.
        entries = sorted(desk, key=lambda entry: not entry.key.startswith("f")) + here
        if entries != self._entries:
            self._entries = entries
            self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(wrap(self._entries, width))

    def render(self) -> Text:
        key_style = self.get_component_rich_style("desk-footer--key")
        description_style = self.get_component_rich_style("desk-footer--description")
        text = Text(no_wrap=True, overflow="crop", end="")
        for number, line in enumerate(wrap(self._entries, self.size.width)):
            if number:
                text.append("\n")
            for position, entry in enumerate(line):
                dim = Style(dim=not entry.enabled)
                text.append(" " if position else "")
                text.append(entry.shown, style=key_style + dim)
                if entry.description:
                    text.append(" " + entry.description, style=description_style + dim)
        return text

    def on_click(self, event: events.Click) -> None:
        """A click on an entry presses its key, as Textual's footer does (the desk in a browser)."""
        lines = wrap(self._entries, self.size.width)
        if not 0 <= event.y < len(lines):
            return
        left = 0
        for entry in lines[event.y]:
            if left <= event.x < left + entry.width:
                if entry.enabled:
                    self.app.simulate_key(entry.key)
                else:
                    self.app.bell()
                return
            left += entry.width + 1


def desk_footer() -> DeskFooter:
    return DeskFooter()
