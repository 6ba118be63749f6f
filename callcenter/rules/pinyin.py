"""Pinyin-initials search keys for names: 张三 -> zs; 曾 reads z or c, so 曾丽 gives zl and cl."""
from __future__ import annotations

import os
from functools import lru_cache
from itertools import product

MAX_KEYS = 16  # a name of many polyphonic characters stays a handful of rows


@lru_cache(maxsize=8192)
def _letters(char: str) -> tuple[str, ...]:
    if char.isascii():
        return (char.lower(),) if char.isalnum() else ()
    # Per character with every reading: phrase data would cost 45 MB and no better answer here.
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    letters = sorted({r[0].lower() for r in readings[0] if r}) if readings else []
    return tuple(letter for letter in letters if letter.isascii() and letter.isalpha())


def initials_keys(name: str) -> list[str]:
    """Every initials spelling of `name`, at most MAX_KEYS of them."""
    parts = [_letters(char) for char in name if not char.isspace()]
    parts = [letters for letters in parts if letters]
    if not parts:
        return []
    keys = []
    for combo in product(*parts):
        keys.append("".join(combo))
        if len(keys) >= MAX_KEYS:
            break
    return keys
