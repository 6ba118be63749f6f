"""What the readers give: rows of cells with the line they start on, or what kept a row unread."""
from __future__ import annotations

from dataclasses import dataclass, field

# Excel holds at most this many characters in a cell; a longer one is no spreadsheet's cell.
CELL_LIMIT = 32_767


@dataclass(frozen=True)
class Record:
    """One row: its cells (text, or a datetime from an XLSX date cell) and the line it starts on."""

    line: int
    cells: list


@dataclass(frozen=True)
class Broken:
    """A row that could not be read: `code` names the reason for the catalog, `params` its values.

    `stopped` is True when nothing from `line` on could be read (the reader ends after it).
    """

    line: int
    code: str
    params: dict = field(default_factory=dict)
    stopped: bool = False
