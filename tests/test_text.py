"""Typed text is data: control characters shown inertly, markup left alone, templates filled safely."""
import pytest

from callcenter.rules.text import fill, inert, one_line, too_long


@pytest.mark.parametrize(
    "typed, shown",
    [
        ("\x1b[31mred", "\u241b[31mred"),  # ESC as the control picture ␛
        ("ding\x07", "ding\u2407"),  # BEL
        ("\x00", "\u2400"),
        ("a\x08b", "a\u2408b"),  # backspace could rub out what the clerk sees
        ("a\rb", "a\u240db"),  # carriage return could overwrite the line
        ("\x7f", "\u2421"),  # DEL
        ("\x9b31m", "\ufffd31m"),  # C1 CSI: an escape sequence in one byte
        ("\x90", "\ufffd"),  # C1 DCS
        ("\x1b]0;title\x07", "\u241b]0;title\u2407"),  # OSC that would retitle a terminal
    ],
)
def test_control_characters_become_visible_symbols(typed, shown):
    assert inert(typed) == shown


@pytest.mark.parametrize(
    "text",
    ["[bold red]x[/]", "[link=https://evil.example]点我[/link]", "[/]", "[@click=app.quit]x[/]",
     "张三 13812345678", "line one\nline two\tand a tab", ":smile: \\[escaped]", "{company}", ""],
)
def test_plain_text_and_markup_are_untouched(text):
    assert inert(text) == text


def test_nothing_that_drives_a_terminal_survives():
    every = "".join(chr(code) for code in range(0x00, 0xA0))
    shown = inert(every)
    assert all(not (ch < " " or "\x7f" <= ch <= "\x9f") or ch in "\n\t" for ch in shown)
    assert len(shown) == len(every)  # one symbol per character: nothing vanishes silently


def test_one_line_keeps_a_cell_on_one_line():
    assert one_line("a\nb\r\nc\td\x1b") == "a b c d\u241b"
    assert "\n" not in one_line("x\n" * 5)


@pytest.mark.parametrize(
    "template, expected",
    [
        ("您好，{company}。", "您好，红家装饰有限公司。"),
        ("您好，{company}。{customer}，请问有什么可以帮您？", "您好，红家装饰有限公司。张三，请问有什么可以帮您？"),
        ("我是{company}的{clerk}。", "我是红家装饰有限公司的小王。"),
        ("no placeholders", "no placeholders"),
        ("", ""),
        # unknown names stay as written, the known ones around them are still filled
        ("{company}{unknown}", "红家装饰有限公司{unknown}"),
        ("{department}", "{department}"),
        # malformed placeholders stay as written and never break the known ones
        ("{", "{"),
        ("}", "}"),
        ("}{", "}{"),
        ("{company", "{company"),
        ("{customer}：{", "张三：{"),
        ("{0}{company}", "{0}红家装饰有限公司"),
        ("{}{company}", "{}红家装饰有限公司"),
        ("{a.b}{customer}", "{a.b}张三"),
        ("{customer[0]}", "{customer[0]}"),
        ("{customer.upper}", "{customer.upper}"),
        ("{ company }", "{ company }"),
        ("{公司}", "{公司}"),
        ("{company:{customer}}", "{company:张三}"),  # the inner one is a plain placeholder
        ("{{company}}", "{红家装饰有限公司}"),  # braces around a placeholder are text, not an escape
    ],
)
def test_fill(template, expected):
    assert fill(template, company="红家装饰有限公司", customer="张三", clerk="小王") == expected


@pytest.mark.parametrize(
    "template",
    ["{company:d}", "{company!x}", "{company!r}", "{company:>99999999999}", "{company:xxxxxxxxxx}",
     "{customer!s:d}", "{company:%Y}"],
)
def test_format_syntax_in_a_script_never_raises_nor_runs(template):
    # A supervisor edits scripts; whatever they type, every clerk's desk must still show a line.
    result = fill(template, company="红家", customer="张三")
    assert result == template


def test_values_are_inserted_as_they_are_never_re_expanded():
    result = fill("您好，{customer}。", customer="{company}", company="红家")
    assert result == "您好，{company}。"
    assert fill("{customer}", customer="{customer}{customer}") == "{customer}{customer}"
    assert fill("{customer}", customer="[bold red]x[/] {0} {") == "[bold red]x[/] {0} {"


def test_fill_does_not_look_into_objects():
    class Secret:
        token = "s3cret"

    result = fill("{customer}", customer="张三", secret=Secret())
    assert result == "张三"
    assert "s3cret" not in fill("{secret.token}", secret=Secret())


def test_too_long():
    assert not too_long("张" * 40, 40)
    assert too_long("张" * 41, 40)
