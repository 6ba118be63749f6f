"""Cell values made safe for where they go: a spreadsheet (formula injection) or a terminal."""
from __future__ import annotations

import re

# OWASP's CSV injection rule: a cell starting with one of these is a formula (or becomes one) in
# Excel, LibreOffice and WPS; a leading apostrophe makes it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# What must never reach a terminal from data: C0/C1 controls (escape sequences), bidi controls
# (text that reads backwards) and zero-width characters (names that look alike but differ).
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e"
                                  "\u2060-\u2069\ufeff]")


def defused(text: str) -> str:
    """The text with a leading apostrophe when a spreadsheet would read it as a formula.

    Apostrophes already leading such a text get one more, so `undefused` gives back exactly
    what was stored.
    """
    return "'" + text if text.lstrip("'").startswith(FORMULA_START) else text


def undefused(text: str) -> str:
    """What `defused` was given."""
    return text[1:] if text.startswith("'") and text.lstrip("'").startswith(FORMULA_START) else text


def for_terminal(text: str) -> str:
    """The text with every control, bidi and zero-width character shown as U+FFFD (newlines kept)."""
    return _UNSAFE_FOR_TERMINAL.sub("\ufffd", text)
