"""Settings as text a supervisor edits: read in the shape of their default, or SettingTextError."""
import pytest

from callcenter.rules.setting_text import SettingTextError, from_text, to_text


@pytest.mark.parametrize(
    "typed, default, value",
    [
        ("24", 1, 24),
        (" ２４ ", 1, 24),  # full-width digits from a Chinese input method
        ("红家", "x", "红家"),
        ("greeting = 您好，{company}。\n\nhold = 请稍候", {"a": "b"}, {"greeting": "您好，{company}。", "hold": "请稍候"}),
        ("你怎么能这样 => 对不起", [{"phrase": "", "instead": ""}], [{"phrase": "你怎么能这样", "instead": "对不起"}]),
        ("08:00-12:00\n13:30-17:30", [["08:00", "12:00"]], [["08:00", "12:00"], ["13:30", "17:30"]]),
        ("设计部\n 工程部 \n", ["x"], ["设计部", "工程部"]),
    ],
)
def test_from_text_reads_the_shape_of_the_default_and_back(typed, default, value):
    assert from_text(typed, default) == value
    assert from_text(to_text(value), default) == value


@pytest.mark.parametrize(
    "typed, default",
    [
        ("", 1),
        ("twenty", 1),
        ("1" * 5000, 1),  # more digits than int() reads: its own ValueError before
        ("\ud800", 1),
        ("a\nb", "x"),
        ("greeting", {"a": "b"}),
        (" = line", {"a": "b"}),
        ("just a phrase", [{"phrase": "", "instead": ""}]),
        ("8:00-12:00", [["08:00", "12:00"]]),
        ("true", True),
    ],
)
def test_text_that_does_not_fit_raises_setting_text_error(typed, default):
    with pytest.raises(SettingTextError):
        from_text(typed, default)
