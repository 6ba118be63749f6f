"""CSV as offices have it: any of Excel's encodings, comma or tab, broken rows reported, never raised.

`detect(sample)` names the encoding: a BOM (UTF-8, UTF-16) decides; else UTF-8 if the sample
decodes as UTF-8, else GB18030 (a superset of GBK, what Chinese Excel saves as "CSV").
`read(binary)` yields a `Record` per row and a `Broken` for each row it cannot read, at the line
the row starts on, and goes on after it:

- bytes that are not in the file's encoding: that line is reported, the next is read;
- a quote that never closes: reported at its line, and the lines after it are read again as rows
  (a quoted cell may span lines, so the rest of the file is where the quote would have ended);
- a cell longer than Excel's 32,767 characters (or a line longer than the record limit):
  reported, the next line is read.

Lines end at LF (CR LF too); a CR LF inside a quoted cell reads as LF, as Excel writes line
breaks in cells, and a lone CR elsewhere stays in its cell for the row's check to refuse (in
UTF-16, which is decoded before it is split, a lone CR ends its line).

Memory is bounded by the record limit, however the file is made.
"""
from __future__ import annotations

import codecs
import io
import re
from typing import BinaryIO, Iterator

from callcenter.exchange.cells import undefused
from callcenter.exchange.tables import CELL_LIMIT, Broken, Record

RECORD_LIMIT = 1 << 20  # characters (or bytes) of one row, however many lines it spans
# Lines one quoted cell may span before its quote counts as never closed: a bound on the lines
# read again after each one (a file of stray quotes would otherwise be read over and over).
QUOTED_LINES = 500
SAMPLE = 1 << 16
# Bad bytes in UTF-16 decode to a lone surrogate, which valid UTF-16 never decodes to: the line
# holding one is reported, and the reading goes on.
_MARK_BAD = "callcenter.exchange.bad_bytes"
codecs.register_error(_MARK_BAD, lambda error: ("\udc80", error.end))
_ESCAPED = re.compile("\udc80")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def detect(sample: bytes) -> str:
    """The encoding of a file that starts with `sample`: utf-8-sig, utf-16, utf-8 or gb18030."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < SAMPLE)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _byte_lines(binary: BinaryIO, encoding: str) -> Iterator[tuple[int, str | Broken]]:
    """Numbered lines of a file split on LF (ASCII-safe encodings), each decoded on its own."""
    number = 0
    while True:
        raw = binary.readline(RECORD_LIMIT)
        if not raw:
            return
        number += 1
        if not raw.endswith(b"\n") and len(raw) == RECORD_LIMIT:
            while (rest := binary.readline(RECORD_LIMIT)) and not rest.endswith(b"\n"):
                pass  # skip the rest of the monster line, without holding it
            yield number, Broken(number, "file.line_too_long", {"limit": RECORD_LIMIT})
            continue
        if number == 1 and encoding == "utf-8-sig":
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            text = raw.decode("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            yield number, Broken(number, "file.bad_bytes", {"encoding": encoding.upper()})
            continue
        yield number, text.removesuffix("\n").removesuffix("\r")


def _text_lines(binary: BinaryIO, encoding: str) -> Iterator[tuple[int, str | Broken]]:
    """Numbered lines of a UTF-16 file; a line with undecodable bytes is reported, the next is read."""
    text = io.TextIOWrapper(binary, encoding=encoding, errors=_MARK_BAD, newline="")
    number = 0
    try:
        while line := text.readline(RECORD_LIMIT):  # ends at LF, CR LF or CR (newline="")
            number += 1
            if _ESCAPED.search(line):
                yield number, Broken(number, "file.bad_bytes", {"encoding": "UTF-16"})
            else:
                yield number, line.removesuffix("\n").removesuffix("\r")
    finally:
        text.detach()


def split(text: str, delimiter: str) -> list[str] | None:
    """The cells of one record's text; None while a quoted cell is still open at its end."""
    if '"' not in text:
        return text.split(delimiter)
    cells = []
    i, n = 0, len(text)
    while True:
        parts = []
        if i < n and text[i] == '"':
            j = i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    return None
                if text.startswith('"', k + 1):
                    parts.append(text[j:k + 1])
                    j = k + 2
                    continue
                parts.append(text[j:k])
                i = k + 1
                break
        d = text.find(delimiter, i)
        end = n if d < 0 else d
        parts.append(text[i:end])  # after a closing quote: kept as written, like Excel
        cells.append("".join(parts))
        if d < 0:
            return cells
        i = d + 1


def _delimiter(header: str) -> str:
    """Excel's "Unicode text" is tab-separated; its "CSV" is comma-separated."""
    return "\t" if header.count("\t") > header.count(",") else ","


def read(binary: BinaryIO, encoding: str | None = None) -> Iterator[Record | Broken]:
    """Every row of the file (the header row first), or what kept one unread; see the module."""
    if encoding is None:
        encoding = detect(binary.read(SAMPLE))
        binary.seek(0)
    source = _text_lines(binary, encoding) if encoding == "utf-16" else _byte_lines(binary, encoding)
    replay: list[tuple[int, str | Broken]] = []  # lines read ahead for a quote that never closed
    delimiter = None

    def next_line():
        return replay.pop() if replay else next(source, None)

    while (item := next_line()) is not None:
        number, line = item
        if isinstance(line, Broken):
            yield line
            if line.stopped:
                return
            continue
        if delimiter is None:
            delimiter = _delimiter(line)
        held = [(number, line)]
        text = line
        cells = split(text, delimiter)
        while cells is None:
            item = next_line()
            if (item is None or isinstance(item[1], Broken) or len(text) + len(item[1]) > RECORD_LIMIT
                    or len(held) > QUOTED_LINES):
                # The quote never closes: report it, then read what followed it as rows again.
                if item is not None:
                    held.append(item)
                replay.extend(reversed(held[1:]))
                yield Broken(number, "file.unterminated_quote")
                break
            held.append(item)
            text += "\n" + item[1]
            if '"' in item[1]:
                cells = split(text, delimiter)
        if cells is None:
            continue
        oversized = next((i for i, cell in enumerate(cells) if len(cell) > CELL_LIMIT), None)
        if oversized is not None:
            yield Broken(number, "file.cell_too_large", {"column": oversized + 1, "size": len(cells[oversized]),
                                                         "limit": CELL_LIMIT})
            continue
        yield Record(number, [undefused(cell) for cell in cells])
