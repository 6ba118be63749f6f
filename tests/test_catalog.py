"""The one message catalog: complete in both languages, and holding every key the code uses.

The source scan runs over every .py file under callcenter/ and db/ at test time, so it guards
code written after this test too (the desk's screens included).
"""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from callcenter import i18n
from callcenter.i18n import CATALOG, t

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Calls whose first argument is a catalog key: t("key", ...), i18n.t(...), and the refusals.
KEY_TAKERS = {"t", "Refused", "DatabaseRefused", "PhoneError"}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_key_has_a_chinese_and_an_english_text():
    assert CATALOG
    for key, texts in CATALOG.items():
        assert isinstance(texts, tuple) and len(texts) == 2, key
        zh, en = texts
        assert isinstance(zh, str) and zh.strip(), key
        assert isinstance(en, str) and en.strip(), key


def test_no_english_text_holds_chinese_characters():
    wrong = {key: en for key, (_, en) in CATALOG.items() if CJK.search(en)}
    assert wrong == {}


def test_chinese_and_english_use_the_same_placeholders():
    wrong = {key: (placeholders(zh), placeholders(en))
             for key, (zh, en) in CATALOG.items() if placeholders(zh) != placeholders(en)}
    assert wrong == {}


def test_placeholders_are_plain_names():
    for key, pair in CATALOG.items():
        for text in pair:
            for name in placeholders(text):
                assert name.isidentifier(), (key, text)


def test_t_follows_the_language_and_fills_placeholders():
    assert t("db.read_only", path="/x") == "数据库只读，无法写入：/x"
    i18n.set_language("en")
    assert t("db.read_only", path="/x") == "the database is read-only: /x"
    assert t("field.too_long", field="notes", limit=5) == "Notes is too long: at most 5 characters"
    i18n.set_language("fr")  # unknown: back to Chinese
    assert i18n.language() == "zh"
    assert t("no.such.key") == "no.such.key"


# ---- every key the code uses exists -----------------------------------------------------------


def source_files() -> list[Path]:
    files = sorted(p for folder in ("callcenter", "db") for p in (ROOT / folder).rglob("*.py"))
    assert len(files) > 10
    return files


def _callee(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def key_uses():
    """(file:line, callee, key or f-string prefix, is_prefix, keyword names or None for **kwargs)."""
    uses = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) not in KEY_TAKERS or not node.args:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            first = node.args[0]
            keywords = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                uses.append((where, _callee(node), first.value, False, keywords))
            elif isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
                uses.append((where, _callee(node), first.values[0].value, True, keywords))
    return uses


def grep_uses() -> set[str]:
    """The same by plain text search, so a call the AST walk would miss is still checked."""
    pattern = re.compile(r"""\b(?:t|Refused|DatabaseRefused|PhoneError)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    found = set()
    for path in source_files():
        found.update(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_the_scan_finds_the_known_uses():
    keys = {key for _, _, key, _, _ in key_uses()}
    assert {"cli.error", "db.too_new", "db.not_sqlite", "phone.letters", "message.already_relayed",
            "settings.supervisor_only", "field.too_long"} <= keys
    assert {"cli.error", "phone.empty"} <= grep_uses()


def test_every_key_used_in_the_code_is_in_the_catalog():
    missing = sorted(f"{where}: {key}" for where, _, key, prefix, _ in key_uses()
                     if not prefix and key not in CATALOG)
    assert missing == []
    assert sorted(grep_uses() - set(CATALOG)) == []


def test_every_key_built_from_a_prefix_has_entries():
    missing = sorted(f"{where}: {key}..." for where, _, key, prefix, _ in key_uses()
                     if prefix and not any(k.startswith(key) for k in CATALOG))
    assert missing == []


def test_every_use_gives_the_values_its_text_needs():
    """A placeholder the call does not fill would raise KeyError when the text is shown."""
    short = []
    for where, callee, key, prefix, keywords in key_uses():
        if prefix or keywords is None or key not in CATALOG:
            continue
        given = set(keywords) | ({"field_name"} if "field" in keywords else set())
        needed = placeholders(CATALOG[key][0]) | placeholders(CATALOG[key][1])
        # t("key") with no values at all shows the text as written (setting help mentions {company})
        if not keywords and callee == "t":
            continue
        if needed - given:
            short.append(f"{where}: {key} needs {sorted(needed - given)}")
    assert short == []


@pytest.mark.parametrize("code", ["db.not_sqlite", "db.read_only", "db.unusable", "db.too_new",
                                  "phone.empty", "phone.letters", "phone.invalid"])
def test_the_refusals_of_the_lower_layers_read_in_both_languages(code):
    for language in ("zh", "en"):
        i18n.set_language(language)
        text = t(code, path="/tmp/x.db", error="boom", found=9, known=1)
        assert text != code and "{" not in text
