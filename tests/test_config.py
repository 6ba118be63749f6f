"""The clerk's config.toml: what is wrong in it is told, one line naming the file and the key,
and the rest of the file still counts (a broken file counts for nothing, and says so)."""
from __future__ import annotations

import pytest

from callcenter import config, i18n
from callcenter.config import Personal, Problem

CASES = [
    # (file text, settings expected, [(problem code, key or line)])
    ('language = "en"\ncursor_blink = true\n[keymap]\n"call.hold" = "f7"\n',
     Personal("en", True, {"call.hold": "f7"}), []),
    ('language = "fr"\n', Personal(), [("config.bad_value", "language")]),
    ('language = "en"\ncursor_blink = "yes"\n', Personal("en"), [("config.bad_value", "cursor_blink")]),
    ('langauge = "en"\n', Personal(), [("config.unknown_key", "langauge")]),
    ('keymap = "f7"\n', Personal(), [("config.bad_value", "keymap")]),
    ('[keymap]\n"call.hold" = 7\n"call.save" = "f9"\n', Personal(keymap={"call.save": "f9"}),
     [("config.bad_value", "keymap.call.hold")]),
    ('language = "en"\n\ncursor_blink = tru\n', Personal(), [("config.broken", 3)]),
    ('language = "en\n', Personal(), [("config.broken", 1)]),
]


@pytest.mark.parametrize("text, expected, problems", CASES,
                         ids=["good", "unknown_language", "blink_not_bool", "unknown_key", "keymap_not_table",
                              "keymap_entry_not_text", "broken_toml", "unterminated_string"])
def test_each_wrong_thing_is_one_problem_and_the_rest_counts(tmp_path, text, expected, problems):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    loaded = config.load(path)
    assert (loaded.language, loaded.cursor_blink, loaded.keymap) == (expected.language, expected.cursor_blink,
                                                                     expected.keymap)
    found = [(p.code, p.params.get("key", p.params.get("line"))) for p in loaded.problems]
    assert found == problems
    assert all(p.params["path"] == str(path) for p in loaded.problems)


def test_a_missing_file_is_the_defaults_without_a_word(tmp_path):
    assert config.load(tmp_path / "none.toml") == Personal()


def test_a_file_that_is_not_utf8_is_told(tmp_path):
    path = tmp_path / "config.toml"
    path.write_bytes(b'language = "\xd3\xa2\xc4"\n')  # GBK, not UTF-8
    loaded = config.load(path)
    assert loaded.language == "zh" and [p.code for p in loaded.problems] == ["config.unreadable"]


def test_every_problem_reads_as_one_line_naming_the_file_and_key_in_both_languages(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('language = "fr\\u001b[31m"\ncolour = 1\n[keymap]\n"call.hold" = 7\n', encoding="utf-8")
    problems = config.load(path).problems
    assert [p.params["key"] for p in problems] == ["colour", "keymap.call.hold", "language"]
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        for problem in problems:
            line = i18n.refusal(problem)
            assert str(path) in line and problem.params["key"] in line
            assert "\n" not in line and "\x1b" not in line
    i18n.set_language("en")
    assert i18n.refusal(problems[2]) == (f'the settings file {path}: language = "fr␛[31m" is not valid '
                                         f"(expected zh | en); the default is used")


def test_a_long_wrong_value_is_cut(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(f'language = "{"x" * 500}"\n', encoding="utf-8")
    shown = config.load(path).problems[0].params["value"]
    assert len(shown) == config.SHOWN_VALUE and shown.endswith("…")


def test_problems_are_keys_told_in_the_language_chosen_later():
    problem = Problem("config.unknown_key", {"path": "/x/config.toml", "key": "k"})
    assert i18n.refusal(problem) == "个人设置文件 /x/config.toml：没有 k 这项设置，已忽略"
