"""Streamed table writers: CSV (Excel's way), JSON Lines, and XLSX (in xlsxwrite).

`open_writer(fmt, out, columns, zone, ...)` returns an object with `row(values)` and `close()`;
values follow the columns' kinds (see columns.py), None is an empty cell (null in JSON).
Memory stays flat: nothing is kept between rows.
"""
from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import BinaryIO, Sequence
from zoneinfo import ZoneInfo

from callcenter.exchange.cells import FORMULA_START, defused, for_terminal
from callcenter.exchange.columns import Column, RowWriter
from callcenter.rules.text import json_text

FORMATS = ("csv", "xlsx", "jsonl")
ENCODINGS = ("utf-8", "gb18030")
_DEFUSE_FIRST = frozenset(FORMULA_START) | {"'"}


def iso_time(zone: ZoneInfo):
    """Whole UTC seconds (or an aware datetime) -> ISO 8601 in the company zone, with its offset."""
    stamp = datetime.fromtimestamp

    def convert(value):
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.astimezone(zone).isoformat()
        return stamp(value, zone).isoformat()

    return convert


class CsvWriter:
    """CSV with a header row, every formula-like text cell defused unless `raw`.

    A row is converted in place by column index, not through a function per cell: at a million
    rows the calls per cell were half of the export's time.
    """

    def __init__(self, out: BinaryIO, columns: Sequence[Column], zone: ZoneInfo, *, encoding: str = "utf-8",
                 bom: bool = True, raw: bool = False, terminal: bool = False):
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown encoding: {encoding}")
        # UTF-8 gets a BOM by default: without it Excel on Chinese Windows reads the file as GBK.
        codec = "utf-8-sig" if encoding == "utf-8" and bom else encoding
        self._text = io.TextIOWrapper(out, encoding=codec, newline="")
        self._writer = csv.writer(self._text)  # None is written as an empty cell
        self._when = iso_time(zone)
        self._times = [i for i, c in enumerate(columns) if c.kind == "time"]
        # Times need no guard: they start with a digit.
        self._texts = [] if raw and not terminal else [i for i, c in enumerate(columns) if c.kind in ("text", "phone")]
        self._defuse, self._terminal = not raw, terminal
        self._writer.writerow(self._safe([c.title for c in columns], range(len(columns))))

    def row(self, values: Sequence) -> None:
        self._writer.writerow(self._cells(values))

    def rows(self, rows) -> None:
        self._writer.writerows(map(self._cells, rows))

    def _cells(self, values: Sequence) -> list:
        cells = list(values)
        when = self._when
        for i in self._times:
            if cells[i] is not None:
                cells[i] = when(cells[i])
        return self._safe(cells, self._texts)

    def _safe(self, cells: list, texts) -> list:
        for i in texts:
            value = cells[i]
            if type(value) is str:
                if self._terminal:
                    value = cells[i] = for_terminal(value)
                if self._defuse and value[:1] in _DEFUSE_FIRST:
                    cells[i] = defused(value)
        return cells

    def close(self) -> None:
        self._text.flush()
        self._text.detach()  # the caller owns `out`


class JsonLinesWriter(RowWriter):
    """One JSON object per line, keyed by the columns' names; times as ISO 8601 with offset."""

    def __init__(self, out: BinaryIO, columns: Sequence[Column], zone: ZoneInfo, *, terminal: bool = False, **_):
        self._text = io.TextIOWrapper(out, encoding="utf-8", newline="\n")
        self._names = [c.name for c in columns]
        when = iso_time(zone)
        clean = (lambda v: v if v is None else for_terminal(v)) if terminal else None
        self._convert = [when if c.kind == "time" else clean if clean and c.kind in ("text", "phone") else None
                         for c in columns]
        self._any = any(self._convert)

    def row(self, values: Sequence) -> None:
        if self._any:
            values = [convert(v) if convert else v for convert, v in zip(self._convert, values)]
        self._text.write(json_text(dict(zip(self._names, values))) + "\n")

    def close(self) -> None:
        self._text.flush()
        self._text.detach()


def open_writer(fmt: str, out: BinaryIO, columns: Sequence[Column], zone: ZoneInfo, *, encoding: str = "utf-8",
                bom: bool = True, raw: bool = False, terminal: bool = False, sheet: str = "Sheet"):
    """A writer of `fmt` ("csv", "xlsx", "jsonl") onto the binary stream `out`.

    CSV only: `encoding` (utf-8 or gb18030), `bom` (UTF-8), `raw` (no formula guard).
    CSV and JSON Lines: `terminal` replaces control, bidi and zero-width characters.
    """
    if fmt == "csv":
        return CsvWriter(out, columns, zone, encoding=encoding, bom=bom, raw=raw, terminal=terminal)
    if fmt == "jsonl":
        return JsonLinesWriter(out, columns, zone, terminal=terminal)
    if fmt == "xlsx":
        from callcenter.exchange.xlsxwrite import XlsxWriter

        return XlsxWriter(out, columns, zone, sheet=sheet)
    raise ValueError(f"unknown format: {fmt}")
