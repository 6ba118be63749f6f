"""Plain-text tables for the command line, aligned in terminal columns (Chinese takes two)."""
from __future__ import annotations

import unicodedata
from typing import Iterable, TextIO


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 0 if unicodedata.combining(char) else 1
               for char in text)


def fit(text: str, columns: int) -> str:
    """`text` padded, or cut with "~", to exactly `columns` terminal columns."""
    size = width(text)
    if size > columns:
        while text and width(text) > columns - 1:
            text = text[:-1]
        text, size = text + "~", width(text) + 1
    return text + " " * (columns - size)


def write(out: TextIO, headings: list[str], widths: list[int], rows: Iterable[tuple[str, ...]]) -> int:
    """Heading and rows, two spaces apart; a width of 0 lets that column run on. Returns the row count."""

    def line(cells) -> str:
        return "  ".join(fit(text, size) if size else text for text, size in zip(cells, widths)).rstrip() + "\n"

    out.write(line(headings))
    count = 0
    for cells in rows:
        out.write(line(cells))
        count += 1
    return count
