"""A file's header row matched to the columns an import knows, in English or Chinese."""
from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class HeaderProblem:
    code: str  # file.unknown_column | file.duplicate_column | file.missing_column
    params: dict


def fold(name: str) -> str:
    """A header as compared: full-width folded, BOM and spaces dropped, case ignored."""
    return unicodedata.normalize("NFKC", str(name)).replace("\ufeff", "").strip().lower()


def match(header: list, aliases: dict[str, str], required: tuple[str, ...]) -> tuple[list, list[HeaderProblem]]:
    """(the column name of each header cell, or None for a blank one; the problems of the header).

    `aliases` maps every folded accepted header (English name, Chinese heading) to its column.
    An unknown column names the closest known one; empty header cells past the data are ignored.
    """
    names: list = []
    problems = []
    seen: dict[str, str] = {}
    for cell in header:
        text = fold(cell)
        if not text:
            names.append(None)
            continue
        name = aliases.get(text)
        if name is None:
            close = difflib.get_close_matches(text, list(aliases), n=1, cutoff=0.5)
            if close:
                problems.append(HeaderProblem("file.unknown_column", {"column": str(cell).strip(),
                                                                      "suggestion": close[0]}))
            else:
                problems.append(HeaderProblem("file.unknown_column_no_guess", {"column": str(cell).strip()}))
        elif name in seen:
            problems.append(HeaderProblem("file.duplicate_column", {"column": str(cell).strip(), "first": seen[name]}))
        else:
            seen[name] = str(cell).strip()
        names.append(name)
    for name in required:
        if name not in seen:
            problems.append(HeaderProblem("file.missing_column", {"column": name}))
    return names, problems
