"""Text that people typed is data: fill script templates safely, show control characters inertly."""
from __future__ import annotations

import re

# C0 controls, DEL and C1 controls: any of them could drive another clerk's terminal.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _symbol(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as ␛
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def inert(text: str) -> str:
    """The text with every control character replaced by a visible symbol (newline and tab kept)."""
    return CONTROL.sub(_symbol, text)


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
