"""Typed data never drives or hides from a terminal: controls, bidi controls and zero-width
characters show as visible marks in tables and the desk, and are escaped in JSON."""
from __future__ import annotations

import json

import pytest

import db
from callcenter import cli
from callcenter.rules.text import inert, json_text, one_line
from callcenter.services import staff


@pytest.mark.parametrize("typed, shown", [
    ("王芳", "王芳"),
    ("a\x1b[2Jb", "a␛[2Jb"),
    ("a\x85b", "a\ufffdb"),  # C1 NEL
    ("abc\u202edef", "abc\ufffddef"),  # RIGHT-TO-LEFT OVERRIDE would show "fed"
    ("\u2066x\u2069", "\ufffdx\ufffd"),  # isolates
    ("王\u200b芳\u200d\ufeff", "王\ufffd芳\ufffd\ufffd"),  # zero-width space, joiner, BOM
    ("line\nnext", "line\nnext"),
])
def test_inert_shows_every_control_and_invisible_character_one_for_one(typed, shown):
    assert inert(typed) == shown and len(inert(typed)) == len(typed)


@pytest.mark.parametrize("value, written", [
    ({"n": "王芳"}, '{"n": "王芳"}'),
    ({"n": "a\x85b"}, '{"n": "a\\u0085b"}'),
    ({"n": "a\x1bb"}, '{"n": "a\\u001bb"}'),
    ({"n": "a\u202eb\u200b"}, '{"n": "a\\u202eb\\u200b"}'),
    ({"n": "a\u2028b"}, '{"n": "a\\u2028b"}'),
])
def test_json_escapes_c1_bidi_and_zero_width_and_reads_back_the_same(value, written):
    assert json_text(value) == written
    assert json.loads(written) == value


def test_the_staff_list_shows_marks_in_the_table_and_escapes_in_json(database, clerk, capsys):
    staff.add(clerk, staff.PersonFields("陈思远", "设计师", "设计\u202e部\x85门"))
    db.close_database()
    assert cli.main(["staff", "list", "--db", str(database)]) == 0
    table = capsys.readouterr().out
    assert "设计\ufffd部\ufffd门" in table and "\u202e" not in table and "\x85" not in table
    assert cli.main(["staff", "list", "--db", str(database), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert "\\u202e" in out and "\\u0085" in out and "\u202e" not in out
    assert json.loads(out.splitlines()[1])["department"] == "设计\u202e部\x85门"
    assert one_line("设计\u202e部\x85门") in table
