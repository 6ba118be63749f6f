"""Personal settings (language, cursor blink, key map) from a TOML file the clerk owns."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from callcenter.paths import config_file


@dataclass(frozen=True)
class Personal:
    language: str = "zh"
    cursor_blink: bool = False  # each blink repaints: bytes over SSH for nothing
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys, e.g. call.hold = "f7"
    problems: tuple[str, ...] = ()  # what was wrong with the file, one line each, to show the clerk


def load(path: Path | None = None) -> Personal:
    """The clerk's settings; a missing or broken file gives the defaults (the desk must open)."""
    path = path or config_file()
    if not path.exists():
        return Personal()
    import tomllib  # 8 ms, and most clerks never write the file

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return Personal()
    language = data.get("language", "zh")
    keymap = data.get("keymap", {})
    return Personal(
        language=language if language in ("zh", "en") else "zh",
        cursor_blink=bool(data.get("cursor_blink", False)),
        keymap={str(k): str(v) for k, v in keymap.items()} if isinstance(keymap, dict) else {},
    )
