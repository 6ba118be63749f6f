"""Personal settings (language, cursor blink, key map) from a TOML file the clerk owns."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from callcenter.paths import config_file
from callcenter.rules.text import one_line

LANGUAGES = ("zh", "en")
SHOWN_VALUE = 40  # characters of a wrong value a message repeats


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, told to the clerk: `code` is a message-catalog key.

    Kept as a key, not a text: the language to tell it in may be chosen after (--lang).
    """

    code: str
    params: dict


@dataclass(frozen=True)
class Personal:
    language: str = "zh"
    cursor_blink: bool = False  # each blink repaints: bytes over SSH for nothing
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. call.hold = "f7"
    problems: tuple[Problem, ...] = ()  # what was ignored, one line each (i18n.refusal)


def _shown(value) -> str:
    """A wrong value as TOML writes it, inert and short."""
    if isinstance(value, str):
        text = one_line(f'"{value}"')
    else:
        text = one_line(str(value).lower() if isinstance(value, bool) else str(value))
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE - 1] + "…"


def load(path: Path | None = None) -> Personal:
    """The clerk's settings. What is missing or wrong gives its default, and each wrong thing a
    Problem naming the file and the key: the desk must open, and the clerk must know why their
    setting did not take."""
    path = path or config_file()
    if not path.exists():
        return Personal()
    import tomllib  # 8 ms, and most clerks never write the file

    where = one_line(str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else type(error).__name__
        return Personal(problems=(Problem("config.unreadable", {"path": where, "error": reason}),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"at line (\d+)", str(error))
        line = int(found.group(1)) if found else text.count("\n") + 1  # "at end of document"
        return Personal(problems=(Problem("config.broken", {"path": where, "line": line}),))

    problems = []

    def bad(key: str, value, expected: str) -> None:
        problems.append(Problem("config.bad_value", {"path": where, "key": one_line(key), "value": _shown(value),
                                                     "expected": expected}))

    for key in data.keys() - {"language", "cursor_blink", "keymap"}:
        problems.append(Problem("config.unknown_key", {"path": where, "key": one_line(key)}))
    language = data.get("language", "zh")
    if language not in LANGUAGES:
        bad("language", language, " | ".join(LANGUAGES))
        language = "zh"
    blink = data.get("cursor_blink", False)
    if not isinstance(blink, bool):
        bad("cursor_blink", blink, "true | false")
        blink = False
    keymap = data.get("keymap", {})
    if not isinstance(keymap, dict):
        bad("keymap", keymap, "[keymap]")
        keymap = {}
    for binding, keys in list(keymap.items()):
        if not isinstance(keys, str):
            bad(f"keymap.{binding}", keys, '"f7"')
            del keymap[binding]
    return Personal(language=language, cursor_blink=blink, keymap=keymap,
                    problems=tuple(sorted(problems, key=lambda p: p.params["key"])))
