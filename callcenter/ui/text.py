"""What the screen shows of typed data: plain Rich Text, never markup, never control codes."""
from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from rich.highlighter import Highlighter
from rich.text import Text

from callcenter.rules.clock import local
from callcenter.rules.text import inert, one_line


def plain(value: str, style: str = "") -> Text:
    return Text(inert(value), style=style)


def cell(value: str, width: int | None = None, style: str = "") -> Text:
    """One table cell on one line, cut to `width` cells (a Chinese character takes two)."""
    text = Text(one_line(value), style=style, no_wrap=True)
    if width:
        text.truncate(width, overflow="ellipsis")
    return text


def widest(texts) -> int:
    """The cells the longest of `texts` takes: a column that holds every one of them whole."""
    return max(cell_len(text) for text in texts)


def when(moment: datetime | None, zone: str, fmt: str = "%H:%M") -> str:
    return "" if moment is None else local(moment, zone).strftime(fmt)


class InertHighlighter(Highlighter):
    """For Input widgets: a pasted escape sequence shows as ␛[2J in the field and stays in its value."""

    def __call__(self, text: str | Text) -> Text:
        plain_text = text.plain if isinstance(text, Text) else text
        return Text(inert(plain_text), no_wrap=True, overflow="ignore", end="")

    def highlight(self, text: Text) -> None:  # required by Highlighter; __call__ does the work
        pass
