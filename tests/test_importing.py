"""`callcenter import customers|staff|projects`: files as offices have them, every problem reported."""
from __future__ import annotations

import codecs
import io
import sqlite3

import pytest

from callcenter import i18n
from callcenter.exchange.columns import Column
from callcenter.exchange.writers import open_writer
from callcenter.services import customers, importing, staff
from callcenter.services.errors import Refused

HEADER = "name,phone,address,source"


def run(actor, data: bytes | str, kind: str = "customers", **options):
    reported = []
    raw = data.encode() if isinstance(data, str) else data
    result = importing.run(kind, actor, io.BytesIO(raw), report=reported.append, **options)
    return result, [(p.line, p.column, p.value, p.code) for p in reported]


def count(path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def text(*lines: str, header: str = HEADER) -> str:
    return "\r\n".join((header, *lines)) + "\r\n"


GOOD = ["周伟涛,138 1234 5678,正阳县建设路1号,朋友介绍", "李四,0396-2345678,,广告"]


def test_customers_are_imported_once_and_found_by_their_number(database, clerk):
    assert run(clerk, text(*GOOD))[0] == importing.ImportResult(2, 0)
    assert run(clerk, text(*GOOD))[0] == importing.ImportResult(2, 0)  # twice changes nothing
    assert count(database, "customer") == 2
    card = customers.find_by_phone("+8613812345678")
    assert (card.name, card.address, card.source) == ("周伟涛", "正阳县建设路1号", "朋友介绍")
    assert customers.search("zwt")[0].name == "周伟涛"  # pinyin keys made as the desk makes them


@pytest.mark.parametrize("encoding, bom", [("utf-8", codecs.BOM_UTF8), ("gbk", b""), ("gb18030", b""),
                                           ("utf-16-le", codecs.BOM_UTF16_LE)])
def test_every_encoding_chinese_excel_saves(database, clerk, encoding, bom):
    result, reported = run(clerk, bom + text(*GOOD).encode(encoding))
    assert (result, reported) == (importing.ImportResult(2, 0), [])
    assert customers.find_by_phone("+8613812345678").name == "周伟涛"


def test_chinese_headers_are_read_too(database, clerk):
    assert run(clerk, text(*GOOD, header="姓名,电话,地址,来源"))[0].imported == 2


def test_every_problem_of_every_row_with_line_column_and_value(database, clerk):
    rows = ["," + "x" * 3 + "," + "长" * 201 + ",", "王五,95588,,", "赵六,12,,", "孙七,139 0000 1111,a\rb,"]
    result, reported = run(clerk, text(*rows))
    assert result == importing.ImportResult(0, 4)
    assert reported == [
        (2, "name", "", "customer.name_required"), (2, "phone", "xxx", "phone.letters"),
        (2, "address", "长" * 201, "field.too_long"),
        (3, "phone", "95588", "import.phone_not_personal"),
        (4, "phone", "12", "phone.invalid"),
        (5, "address", "a\rb", "cell.control"),  # a stray CR: reported for what it is
    ]
    assert count(database, "customer") == 0


def test_a_misspelt_or_doubled_column_stops_the_file_before_any_row(database, clerk):
    with pytest.raises(Refused) as refused:
        run(clerk, text(*GOOD, header="name,phone,adress,phone"))
    assert refused.value.code == "file.bad_header"
    _, reported = run_reported(clerk, text(*GOOD, header="name,phone,adress,phone"))
    assert reported == [(1, "", "", "file.unknown_column"), (1, "", "", "file.duplicate_column")]
    assert count(database, "customer") == 0


def run_reported(actor, data: str):
    try:
        return run(actor, data)
    except Refused:
        reported = []
        with pytest.raises(Refused):
            importing.run("customers", actor, io.BytesIO(data.encode()), report=reported.append)
        return None, [(p.line, p.column, p.value, p.code) for p in reported]


def test_misspelt_optional_project_columns_are_refused_not_ignored(database, clerk):
    data = "customer,phone,handover,warranty\r\n张三,13812345678,2026-03-02 09:30,12\r\n"
    reported = []
    with pytest.raises(Refused):
        importing.run("projects", clerk, io.BytesIO(data.encode()), report=reported.append)
    assert [(p.code, p.params.get("suggestion")) for p in reported] == [
        ("file.unknown_column", "handover_at"), ("file.unknown_column", "warranty_months")]
    assert count(database, "project") == 0


def test_malformed_csv_loses_no_row_in_silence(database, clerk):
    data = text(GOOD[0], '"吴九,139 0000 2222,,', "x" * 40_000 + ",139 0000 3333,,", GOOD[1])
    result, reported = run(clerk, data)
    assert result == importing.ImportResult(2, 2)
    assert reported == [(3, "", "", "file.unterminated_quote"), (4, "", "", "file.cell_too_large")]


def test_check_reports_everything_and_writes_nothing(database, clerk):
    customers.create(clerk, "周伟", "", "", "13812345678")
    before = count(database, "audit")
    result, reported = run(clerk, text(*GOOD, "王五,12,,"), check=True)
    assert result == importing.ImportResult(1, 2)
    assert [(line, code) for line, _, _, code in reported] == [(2, "import.conflict"), (4, "phone.invalid")]
    assert (count(database, "customer"), count(database, "audit")) == (1, before)


def test_a_number_on_file_under_another_name_is_a_conflict_and_update_overwrites(database, clerk):
    existing = customers.create(clerk, "周伟", "旧地址", "", "13812345678")
    result, reported = run(clerk, text(GOOD[0]))
    assert (result.failed, reported) == (1, [(2, "name", "周伟涛", "import.conflict")])
    assert customers.card(existing).name == "周伟"
    assert run(clerk, text(GOOD[0]), update=True)[0].imported == 1
    card = customers.card(existing)
    assert (card.name, card.address) == ("周伟涛", "正阳县建设路1号") and count(database, "customer") == 1
    assert customers.search("zwt")[0].id == existing  # search keys follow the new name


def test_update_is_for_supervisors(database, clerk, desk_user):
    clerk_li = desk_user("li")
    with pytest.raises(Refused) as refused:
        run(clerk_li, text(*GOOD), update=True)
    assert refused.value.code == "import.supervisor_only"


def test_an_empty_file_is_refused(database, clerk):
    with pytest.raises(Refused) as refused:
        run(clerk, b"")
    assert refused.value.code == "file.empty"


def test_xlsx_with_numbers_and_dates_in_cells(database, clerk):
    out = io.BytesIO()
    columns = [Column("name", heading="姓名"), Column("phone", "int"), Column("address"), Column("source")]
    writer = open_writer("xlsx", out, columns, None)
    writer.row(["周伟涛", 13812345678, "正阳县", None])  # a phone typed into a number cell
    writer.row(["=cmd()", 13900001111, None, None])  # text, never a formula, in XLSX
    writer.close()
    result, reported = run(clerk, out.getvalue())
    assert (result, reported) == (importing.ImportResult(2, 0), [])
    assert customers.find_by_phone("+8613812345678").name == "周伟涛"
    assert customers.find_by_phone("+8613900001111").name == "=cmd()"


def test_a_workbook_that_breaks_mid_way_says_from_which_line_nothing_was_read(database, clerk):
    out = io.BytesIO()
    writer = open_writer("xlsx", out, [Column("name"), Column("phone", "int")], None)
    writer.row(["周伟涛", 13812345678])
    writer.row(["李四", "not a number"])  # a number cell that holds none: openpyxl stops there
    writer.close()
    result, reported = run(clerk, out.getvalue())
    assert result == importing.ImportResult(1, 1) and reported[0][0] == 3 and reported[0][3] == "file.bad_xlsx"


def test_staff_by_login_or_name_and_role_in_either_language(database, clerk):
    data = text("陈思远,设计师,设计部,,否,是", "客服小李,clerk,行政部,li,0,1", "周建军,QC inspector,工程部,,,",
                header="name,role,department,login,supervisor,active")
    assert run(clerk, data, "staff") == (importing.ImportResult(3, 0), [])
    assert run(clerk, data, "staff")[0] == importing.ImportResult(3, 0)
    people = {(p.name, p.role, p.department) for p in staff.people()}
    assert {("陈思远", "designer", "设计部"), ("客服小李", "clerk", "行政部"), ("周建军", "qc_inspector", "工程部")} <= people
    assert staff.sign_in("li").name == "客服小李"
    i18n.set_language("en")
    problems = []
    data = text("某人,clerk," + "部" * 41, header="name,role,department").encode()
    importing.run("staff", clerk, io.BytesIO(data), report=problems.append)
    assert [i18n.refusal(problem) for problem in problems] == ["Department is too long: at most 40 characters"]
    result, reported = run(clerk, text("某人,厨师,,,maybe,", header="name,role,department,login,supervisor,active"),
                           "staff")
    assert reported == [(2, "role", "厨师", "import.unknown_role"), (2, "supervisor", "maybe", "cell.not_flag")]


def test_staff_with_the_seeds_job_names_and_phones(database, clerk):
    data = text("何丽萍,行政助理,行政部,0396-2345678,", "高振华,副总经理,,,gaozh", "客服小周,客服,客服部,138 1234 5678,zhou",
                header="name,role,department,phone,login")
    assert run(clerk, data, "staff") == (importing.ImportResult(3, 0), [])
    assert run(clerk, data, "staff")[0] == importing.ImportResult(3, 0)  # twice: nothing new
    rows = {row.name: (row.role, row.phone) for row in staff.directory()}
    assert rows["何丽萍"] == ("admin_assistant", "0396-2345678") and rows["高振华"][0] == "deputy_gm"
    assert rows["客服小周"] == ("clerk", "138 1234 5678")
    result, reported = run(clerk, text("某人,设计师,,12ab", header="name,role,department,phone"), "staff")
    assert [(line, column) for line, column, *_ in reported] == [(2, "phone")]


def test_only_a_supervisor_imports_staff(database, clerk, desk_user):
    with pytest.raises(Refused):
        run(desk_user("li"), text("某人,clerk", header="name,role"), "staff")


def test_an_imported_customer_is_stored_as_the_desk_stores_one(database, clerk):
    """The import writes its rows with fixed SQL for speed: the same rows the desk's create writes."""
    desk = customers.create(clerk, " 曾小明 ", "正阳县", "广告", "139 0000 1111")
    run(clerk, text("曾小明,139 0000 2222,正阳县,广告"))
    imported = customers.find_by_phone("+8613900002222").id
    with sqlite3.connect(database) as conn:
        def stored(customer_id):
            row = conn.execute("SELECT name, address, source, phone_raw, phone_e164, phone_last4, created_at,"
                               " updated_at FROM customer WHERE id = ?", (customer_id,)).fetchone()
            keys = conn.execute("SELECT key FROM customer_key WHERE customer_id = ? ORDER BY key",
                                (customer_id,)).fetchall()
            trail = conn.execute("SELECT actor, entity, entity_id, action, before, after FROM audit"
                                 " WHERE entity = 'customer' AND entity_id = ?", (str(customer_id),)).fetchall()
            return row, keys, trail

        desk_row, desk_keys, desk_trail = stored(desk)
        row, keys, trail = stored(imported)
    assert row[:3] == desk_row[:3] and keys == desk_keys == [("cxm",), ("zxm",)]
    assert row[4:6] == ("+8613900002222", "2222") and row[6] == row[7] and isinstance(row[6], int)
    assert [t[:2] + t[3:5] for t in trail] == [t[:2] + t[3:5] for t in desk_trail] == [("wang", "customer", "create",
                                                                                        None)]
    assert trail[0][5] == desk_trail[0][5].replace("139 0000 1111", "139 0000 2222")


def test_an_old_xls_file_is_refused_with_what_to_do(database, clerk):
    with pytest.raises(Refused) as refused:
        run(clerk, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert refused.value.code == "file.old_excel"
