"""Text that people typed is data: fill script templates safely, show control characters inertly."""
from __future__ import annotations

import json
import re
import unicodedata

# C0 controls, DEL and C1 controls: any of them could drive another clerk's terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Zero-width characters and bidi controls: invisible, yet they make look-alikes of names and can
# reorder what a terminal shows.
INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def comparable(text: str) -> str | None:
    """A name or login as compared: NFKC-folded and trimmed; None when it holds invisible characters."""
    text = unicodedata.normalize("NFKC", text).strip()
    return None if INVISIBLE.search(text) else text


def _symbol(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


# What a terminal must never get raw from typed data: controls, and the invisible characters
# that hide text or reorder it (a name ending in U+202E shows the next column backwards).
_SHOWN = re.compile(f"{CONTROL.pattern}|{INVISIBLE.pattern}")
# In JSON, escaped as \\uXXXX (lossless): C1 controls, the invisible ones, and the line separators
# some terminals and JavaScript take as line ends.
_ESCAPED = re.compile(f"[\x7f-\x9f\u2028\u2029]|{INVISIBLE.pattern}")


def inert(text: str) -> str:
    """The text with every control and invisible character replaced by a visible symbol, one for
    one (newline and tab kept)."""
    return _SHOWN.sub(_symbol, text)


def json_text(value) -> str:
    """JSON of `value`, Chinese as it is, but nothing a terminal would act on or hide."""
    return _ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def one_line(text: str) -> str:
    """Inert and on one line, for table cells and headers."""
    return inert(text.replace("\r\n", " ")).replace("\n", " ").replace("\t", " ")


# Only {name} with a plain name is a placeholder. Not str.format: a supervisor's "{company:d}",
# "{company!x}" or "{company:>99999999999}" would raise (or exhaust memory) on every clerk's desk,
# and one stray brace would stop every other placeholder from being filled.
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def fill(template: str, **values: str) -> str:
    """Substitute {company}, {customer}... ; unknown or malformed placeholders stay as written.

    Values are inserted as they are; they are never re-read as templates.
    """

    def value(match: re.Match) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def too_long(value: str, limit: int) -> bool:
    return len(value) > limit
