"""`callcenter import KIND FILE`: the file read, each row checked whole, good rows written.

The file (CSV in any of Excel's encodings, or XLSX) is read as a stream by callcenter.exchange.
Its header must name known columns only (English names or the Chinese headings of the export),
each once. Then every row is read by its kind's `read`, which reports every problem of the row
(line, column, value, reason), not only the first; a row without problems is written by the
kind's `write` in its own transaction (a row is atomic: all of it lands or nothing), and a
conflict with what is on file (a phone under another name) is a problem of that row unless
`update` says to overwrite. With `check`, each row's transaction is rolled back: everything is
reported, nothing is written.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Callable

import db
from callcenter import i18n
from callcenter.exchange import csvread, xlsxread
from callcenter.exchange.header import fold, match
from callcenter.exchange.tables import Broken
from callcenter.rules import dates
from callcenter.rules.text import CONTROL
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused

PROGRESS_EVERY = 500  # rows between two progress reports
_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls), a format of its own


@dataclass(frozen=True)
class Problem:
    """One problem of one row: `column` as the file heads it ("" for the whole row)."""

    line: int
    column: str
    value: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ImportResult:
    imported: int  # rows read without a problem (written, or already as stored)
    failed: int  # rows with a problem, and rows that could not be read


class Conflict(Refused):
    """A refusal about one column, raised while writing a row (a phone already on file...)."""

    def __init__(self, column: str, code: str, **params):
        super().__init__(code, **params)
        self.column = column


class _DryRun(Exception):
    """Rolls a checked row's transaction back."""


class Cells:
    """One row's cells by column name; every reader method records a problem instead of raising."""

    def __init__(self, values: dict, zone: str):
        self.values = values
        self.zone = zone
        self.problems: list[tuple[str, str, Refused]] = []

    def fail(self, column: str, refusal: Refused, value=None) -> None:
        shown = self.values.get(column, "") if value is None else value
        self.problems.append((column, str(shown), refusal))

    def text(self, column: str, *, required: str = "") -> str:
        """Text, stripped; a control character (a stray CR, an escape) is a problem."""
        value = self.values.get(column, "")
        if isinstance(value, datetime):
            value = value.isoformat(sep=" ")
        value = value.strip()
        if CONTROL.search(value.replace("\n", "")):
            self.fail(column, Refused("cell.control"))
            return ""
        if required and not value:
            self.fail(column, Refused(required))
        return value

    def time(self, column: str) -> datetime | None:
        value = self.values.get(column, "")
        if isinstance(value, datetime):
            reading = dates.local(value, self.zone)
        elif not value.strip():
            return None
        else:
            reading = dates.read(value, self.zone)
        if reading.problem:
            self.fail(column, Refused(reading.problem))
        return reading.value

    def number(self, column: str) -> int | None:
        text = unicodedata.normalize("NFKC", self.text(column))
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            pass
        try:
            value = float(text)  # 12.0 from a spreadsheet's number cell
        except ValueError:
            value = None
        if value is None or not value.is_integer():
            self.fail(column, Refused("cell.not_number"))
            return None
        return int(value)

    def flag(self, column: str, default: bool) -> bool:
        text = fold(self.text(column))
        if not text:
            return default
        for value, words in ((True, ("true", "1", "yes", "y", "是", "对", "√")),
                             (False, ("false", "0", "no", "n", "否", "不", "×"))):
            if text in words:
                return value
        self.fail(column, Refused("cell.not_flag"))
        return default

    def check(self, column: str, step: Callable, *args):
        """Run `step(*args)`; a Refused it raises becomes this column's problem (None returned)."""
        try:
            return step(*args)
        except Refused as refusal:
            self.fail(column, refusal)
            return None


def aliases(columns: tuple[str, ...]) -> dict[str, str]:
    """Every header accepted for each column: its name and its heading in each language."""
    accepted = {}
    for name in columns:
        accepted[fold(name)] = name
        for text in i18n.CATALOG.get(f"heading.{name}", ()):
            accepted[fold(text)] = name
    return accepted


def records(handle: BinaryIO, name: str = ""):
    """The rows of a CSV or XLSX file (told apart by their first bytes, not their names)."""
    start = handle.read(4)
    handle.seek(0)
    if start == _XLS_MAGIC:
        raise Refused("file.old_excel")
    if start == _XLSX_MAGIC or Path(name).suffix.lower() == ".xlsx":
        return xlsxread.read(handle)
    return csvread.read(handle)


def run(kind_name: str, actor, handle: BinaryIO, *, check: bool = False, update: bool = False,
        report: Callable[[Problem], None] = lambda problem: None, progress: Callable[[], None] | None = None,
        settings=None) -> ImportResult:
    """Import every row of `handle` (a file opened "rb"); see the module. Refused for a bad header."""
    from callcenter.services import customer_import, project_import, staff_import

    kind = {"customers": customer_import, "staff": staff_import, "projects": project_import}[kind_name]
    if (update or getattr(kind, "SUPERVISOR_ONLY", False)) and not actor.is_supervisor:
        raise Refused("import.supervisor_only")
    settings = settings or settings_service.load()
    rows = records(handle, getattr(handle, "name", ""))
    header = next(rows, None)
    while isinstance(header, Broken):  # nothing above the header can be a row
        report(Problem(header.line, "", "", header.code, header.params))
        if header.stopped:
            return ImportResult(0, 1)
        header = next(rows, None)
    if header is None:
        raise Refused("file.empty")
    names, problems = match(header.cells, aliases(kind.COLUMNS), kind.REQUIRED)
    if problems:  # the file as a whole is wrong: say everything that is, write nothing
        for problem in problems:
            report(Problem(header.line, "", "", problem.code, problem.params))
        raise Refused("file.bad_header", count=len(problems))
    headings = {name: str(cell).strip() for name, cell in zip(names, header.cells) if name}
    context = kind.prepare(settings)
    claims: dict = {}  # the key a row claims (a phone) -> (the owner it names, its line)
    imported = failed = 0
    for item in rows:
        if isinstance(item, Broken):
            failed += 1
            report(Problem(item.line, "", "", item.code, item.params))
            continue
        values = {name: cell for name, cell in zip(names, item.cells) if name}
        if not any(str(cell).strip() for cell in item.cells):
            continue  # blank lines and rows of empty cells are no rows
        if len(item.cells) > len(names) and any(str(cell).strip() for cell in item.cells[len(names):]):
            failed += 1
            report(Problem(item.line, "", "", "file.extra_cells", {"count": len(item.cells), "columns": len(names)}))
            continue
        cells = Cells(values, settings.zone)
        row = kind.read(cells, context)
        if not cells.problems:
            claim = kind.claim(row)
            if claim:
                key, owner = claim
                first = claims.setdefault(key, (owner, item.line))
                if first[0] != owner:
                    cells.fail(kind.CLAIM_COLUMN, Refused("import.same_key_in_file", line=first[1], name=first[0]))
        if not cells.problems:
            try:
                with db.writing():
                    kind.write(actor, row, context, update)
                    if check:
                        raise _DryRun
            except _DryRun:
                pass
            except Conflict as conflict:
                cells.fail(conflict.column, conflict)
            except Refused as refusal:  # the row against what is stored (milestones out of order)
                cells.fail("", refusal, "")
        if cells.problems:
            failed += 1
            for column, value, refusal in cells.problems:
                report(Problem(item.line, headings.get(column, column), value, refusal.code, refusal.params))
        else:
            imported += 1
        if progress and (imported + failed) % PROGRESS_EVERY == 0:
            progress()
    return ImportResult(imported, failed)
