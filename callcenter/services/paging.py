"""Lists come from the database one page at a time."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    number: int  # from 0
    has_more: bool


def page_of(query, number: int, size: int, convert) -> Page:
    """Read one page (one row more than shown, to know whether another page follows)."""
    number = max(0, number)
    rows = list(query.limit(size + 1).offset(number * size))
    return Page([convert(row) for row in rows[:size]], number, len(rows) > size)
