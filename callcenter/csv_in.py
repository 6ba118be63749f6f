"""Reading a CSV file someone else made: one function, until the exchange package's reader takes over.

Punch-clock exports and hand-kept sheets come as UTF-8 (with or without Excel's BOM) or as
GBK/GB18030. The file is read whole (month-end files are small), decoded as UTF-8 first and as
GB18030 (a superset of GBK) when that fails, and split into rows by Python's csv module. What the
rows mean is the services' business: here there are only header names and cells.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass


class UnreadableFile(ValueError):
    """Neither UTF-8 nor GB18030, or a broken quote: `line` is where reading stopped."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


@dataclass(frozen=True)
class Rows:
    header: list[str]  # names as given, BOM and surrounding spaces dropped
    rows: list[tuple[int, dict]]  # (line the record starts on, header name -> cell)


def read_rows(path) -> Rows:
    """The file's header and its non-blank rows; OSError when it cannot be opened."""
    with open(path, "rb") as handle:
        raw = handle.read()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - GB18030 decodes almost any byte string
        raise UnreadableFile(1)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)  # an unclosed quote is an error, not the rest of the file in one cell
    line = 1
    try:
        names = next(reader, None)
        if names is None:
            return Rows([], [])
        header = [name.replace("\ufeff", "").strip() for name in names]
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if any(cell.strip() for cell in cells):
                rows.append((start, dict(zip(header, cells))))
    except csv.Error:
        raise UnreadableFile(line) from None
    return Rows(header, rows)
