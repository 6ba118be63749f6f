"""Company settings as text a supervisor edits, and back: one item a line.

Lists of text: one item a line. The script: `stage = line`. Forbidden phrases:
`phrase => what to say instead`. Working hours: `08:00-12:00`. Numbers and names: as they are.
"""
from __future__ import annotations

import re


class SettingTextError(ValueError):
    """Text that does not fit the setting's shape: the only error `from_text` raises."""


_HOURS = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$")


def to_text(value) -> str:
    if isinstance(value, dict):
        return "\n".join(f"{k} = {v}" for k, v in value.items())
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "\n".join(f"{item.get('phrase', '')} => {item.get('instead', '')}" for item in value)
    if isinstance(value, list) and value and isinstance(value[0], list):
        return "\n".join("-".join(pair) for pair in value)
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


def from_text(text: str, default):
    """Read `text` in the shape of `default`; SettingTextError when it does not fit."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if isinstance(default, bool):
        raise SettingTextError("no boolean settings")
    if isinstance(default, int):
        try:
            return int(text.strip())
        except ValueError:  # not a number, or more digits than int() reads (4,300)
            raise SettingTextError("a whole number expected") from None
    if isinstance(default, str):
        if len(lines) != 1:
            raise SettingTextError("one line expected")
        return lines[0]
    if isinstance(default, dict):
        pairs = [line.split("=", 1) for line in lines]
        if any(len(p) != 2 or not p[0].strip() for p in pairs):
            raise SettingTextError("stage = line expected")
        return {k.strip(): v.strip() for k, v in pairs}
    if default and isinstance(default[0], dict):
        pairs = [line.split("=>", 1) for line in lines]
        if any(len(p) != 2 or not p[0].strip() for p in pairs):
            raise SettingTextError("phrase => instead expected")
        return [{"phrase": p.strip(), "instead": i.strip()} for p, i in pairs]
    if default and isinstance(default[0], list):
        if not all(_HOURS.match(line) for line in lines):
            raise SettingTextError("HH:MM-HH:MM expected")
        return [line.split("-") for line in lines]
    return lines
