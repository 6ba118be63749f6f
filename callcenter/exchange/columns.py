"""What a column of an exported table holds, so each format can write it the way it reads best."""
from __future__ import annotations

from dataclasses import dataclass

# text: as stored; phone: text that must stay text (Excel would drop a leading 0 or write 1.38E+10);
# time: whole UTC seconds (as stored) or an aware datetime; int, float, bool: numbers and flags.
KINDS = ("text", "phone", "time", "int", "float", "bool")


@dataclass(frozen=True)
class Column:
    name: str  # the field's name: JSON key and English header
    kind: str = "text"
    heading: str = ""  # the header in the reader's language (default: the name)

    @property
    def title(self) -> str:
        return self.heading or self.name


class RowWriter:
    """A writer whose rows are written one by one (CSV writes a chunk in one call of its own)."""

    def row(self, values) -> None:
        raise NotImplementedError

    def rows(self, rows) -> None:
        for values in rows:
            self.row(values)
