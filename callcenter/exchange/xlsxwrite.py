"""XLSX written as a stream: rows go straight into the zip, so memory does not grow with the rows.

A minimal SpreadsheetML workbook: inline strings (no shared-string table to hold in memory),
times as real Excel dates in the company zone, phones as text, a bold frozen header row, column
widths from the header and the first rows (Chinese counts double), and a new sheet every
`SHEET_ROWS` rows (Excel stops at 1,048,576). Written by hand rather than with a library: the
libraries that stream either need lxml to be fast or write several times slower, and the
format needed here is a few fixed parts. The file is the same bytes for the same rows (fixed zip
times), so exports can be compared.
"""
from __future__ import annotations

import re
import zipfile
from datetime import datetime
from typing import BinaryIO, Sequence
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from callcenter.exchange.columns import Column, RowWriter
from callcenter.rules.dates import excel_serial
from callcenter.textable import width

SHEET_ROWS = 1_000_000
CELL_LIMIT = 32_767  # characters Excel holds in a cell
WIDTH_SAMPLE = 200  # rows read for the column widths
_STAMP = (1980, 1, 1, 0, 0, 0)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
# Style indexes in styles.xml: 0 plain, 1 header (bold), 2 date-time, 3 text (phones).
_HEADER, _TIME, _TEXT = 1, 2, 3
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
# XML 1.0 cannot hold most C0 controls nor U+FFFE/U+FFFF; Excel writes them as _xHHHH_, and a
# literal "_x" that looks like such an escape gets its underscore escaped the same way.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_(?=x[0-9A-Fa-f]{4}_)")
_SPECIAL = re.compile("[<>&\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]|_x")
_EXCEL_EPOCH_DAYS = 25569  # 1970-01-01 as an Excel serial
_OFFSET_SLOT = 900  # seconds; every zone changes its offset on a quarter hour


def _excel_escape(match: re.Match) -> str:
    return f"_x{ord(match.group()):04X}_"


def text_xml(text: str) -> str:
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT]
    if _SPECIAL.search(text) is None:  # most cells: one scan, no copies
        return text
    return escape(_NOT_XML.sub(_excel_escape, text))


def serial_time(zone: ZoneInfo):
    """Whole UTC seconds (or an aware datetime) -> the Excel serial of the company zone's clock.

    The zone's offset is looked up once per quarter hour of time, not once per cell.
    """
    offsets: dict[int, float] = {}

    def serial(value) -> float:
        if isinstance(value, datetime):
            return excel_serial(value, zone)
        slot = value // _OFFSET_SLOT
        offset = offsets.get(slot)
        if offset is None:
            offset = offsets[slot] = datetime.fromtimestamp(value, zone).utcoffset().total_seconds()
        return (value + offset) / 86400 + _EXCEL_EPOCH_DAYS

    return serial


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_name(base: str, number: int) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", "_", base)[:25] or "Sheet"
    return clean if number == 1 else f"{clean} {number}"


class XlsxWriter(RowWriter):
    def __init__(self, out: BinaryIO, columns: Sequence[Column], zone: ZoneInfo, *, sheet: str = "Sheet"):
        self._zip = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._columns = columns
        self._letters = [column_letters(i) for i in range(len(columns))]
        self._cells = [self._cell_writer(c.kind, zone) for c in columns]
        self._base = sheet
        self._sheets: list[str] = []
        self._stream = None
        self._rows_in_sheet = 0
        self._pending: list[Sequence] = []  # the first rows of a sheet, until the widths are known
        self._buffer: list[str] = []
        self.cut = 0  # cells longer than Excel holds, written cut to CELL_LIMIT: the caller says so

    def _cell_writer(self, kind: str, zone: ZoneInfo):
        if kind in ("text", "phone"):
            style = f' s="{_TEXT}"' if kind == "phone" else ""

            def text(ref, v):
                if type(v) is not str:
                    v = str(v)
                if len(v) > CELL_LIMIT:
                    self.cut += 1
                return f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">{text_xml(v)}</t></is></c>'

            return text
        if kind == "time":
            serial = serial_time(zone)
            return lambda ref, v: f'<c r="{ref}" s="{_TIME}"><v>{serial(v)!r}</v></c>'
        if kind == "bool":
            return lambda ref, v: f'<c r="{ref}" t="b"><v>{int(bool(v))}</v></c>'
        return lambda ref, v: f'<c r="{ref}"><v>{v!r}</v></c>'

    def row(self, values: Sequence) -> None:
        if self._stream is None:
            if len(self._pending) < WIDTH_SAMPLE:
                self._pending.append(values)
                return
            self._start_sheet()
        elif self._rows_in_sheet == SHEET_ROWS:
            self._end_sheet()
            self._start_sheet()
        self._write(values)

    def _write(self, values: Sequence) -> None:
        self._rows_in_sheet += 1
        number = str(self._rows_in_sheet + 1)
        cells = [write(letter + number, value) for write, letter, value in zip(self._cells, self._letters, values)
                 if value is not None and value != ""]
        self._buffer.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self._buffer) >= 500:  # fewer, larger writes: each one costs the zip a call into zlib
            self._flush()

    def _flush(self) -> None:
        self._stream.write("".join(self._buffer).encode())
        self._buffer.clear()

    def _widths(self) -> list[float]:
        sizes = []
        for index, column in enumerate(self._columns):
            size = width(column.title) + 2
            if column.kind == "time":
                size = max(size, 20)
            for values in self._pending:
                value = values[index]
                if isinstance(value, str):
                    size = max(size, width(value[:80]) + 2)
                elif value is not None and column.kind != "time":
                    size = max(size, len(repr(value)) + 2)
            sizes.append(min(max(size, 8), 60))
        return sizes

    def _start_sheet(self) -> None:
        self._sheets.append(sheet_name(self._base, len(self._sheets) + 1))
        info = zipfile.ZipInfo(f"xl/worksheets/sheet{len(self._sheets)}.xml", _STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._stream = self._zip.open(info, "w")
        self._rows_in_sheet = 0
        cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                       for i, w in enumerate(self._widths(), start=1))
        header = "".join(f'<c r="{letter}1" t="inlineStr" s="{_HEADER}"><is><t>{text_xml(c.title)}</t></is></c>'
                         for letter, c in zip(self._letters, self._columns))
        self._stream.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f'<cols>{cols}</cols><sheetData><row r="1">{header}</row>'.encode())
        pending, self._pending = self._pending, []
        for values in pending:
            self._write(values)

    def _end_sheet(self) -> None:
        self._flush()
        self._stream.write(b"</sheetData></worksheet>")
        self._stream.close()

    def _part(self, name: str, xml: str) -> None:
        info = zipfile.ZipInfo(name, _STAMP)
        info.compress_type = zipfile.ZIP_DEFLATED
        self._zip.writestr(info, xml)

    def close(self) -> None:
        if self._stream is None:
            self._start_sheet()  # an empty export still opens in Excel: its header row
        self._end_sheet()
        count = len(self._sheets)
        sheets = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(self._sheets, start=1))
        rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                       for i in range(1, count + 1))
        overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                            for i in range(1, count + 1))
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        self._part("[Content_Types].xml", f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                   f'{overrides}</Types>')
        self._part("_rels/.rels", f'{head}<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                   f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        self._part("xl/workbook.xml", f'{head}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}</sheets>'
                   '</workbook>')
        self._part("xl/_rels/workbook.xml.rels", f'{head}<Relationships xmlns="{_PKG}">{rels}<Relationship '
                   f'Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
        self._part("xl/styles.xml", _STYLES)
        self._zip.close()
