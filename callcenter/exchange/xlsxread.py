"""XLSX rows as text cells (dates as datetimes), through openpyxl's streaming reader.

openpyxl is imported here only, when a workbook is read. Only the first sheet is read; a
workbook with more says so in a `Broken` at the end rather than leaving them out in silence.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Iterator

from callcenter.exchange.tables import CELL_LIMIT, Broken, Record

_EXCEL_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def cell_text(value) -> str | datetime:
    """An XLSX cell as the importer reads it: text, or a datetime for a date cell. Total."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A phone typed into a number cell comes back as 13812345678.0
        return str(int(value)) if value.is_integer() and abs(value) < 1e17 else repr(value)
    return str(value)


def read(path) -> Iterator[Record | Broken]:
    """Every row of the first sheet (the header row first), numbered as Excel numbers them."""
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a damaged zip or XML: openpyxl raises a dozen kinds
        yield Broken(1, "file.bad_xlsx", {"error": str(error)[:200]}, stopped=True)
        return
    try:
        sheets = book.worksheets
        if not sheets:
            return
        number = 0
        try:
            for number, values in enumerate(sheets[0].iter_rows(values_only=True), start=1):
                cells = [cell_text(value) for value in values]
                while cells and cells[-1] == "":
                    cells.pop()
                oversized = next((i for i, c in enumerate(cells) if isinstance(c, str) and len(c) > CELL_LIMIT), None)
                if oversized is not None:
                    yield Broken(number, "file.cell_too_large", {"column": oversized + 1,
                                                                 "size": len(cells[oversized]), "limit": CELL_LIMIT})
                    continue
                yield Record(number, cells)
        except Exception as error:
            yield Broken(number + 1, "file.bad_xlsx", {"error": str(error)[:200]}, stopped=True)
            return
        if len(sheets) > 1:
            yield Broken(number + 1, "file.more_sheets", {"sheet": sheets[0].title}, stopped=True)
    finally:
        book.close()
