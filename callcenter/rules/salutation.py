"""How the script addresses a customer (呼声): 陈先生 once the salutation is known, else the full name.

The salutation is asked, never guessed from the name: 陈强玉 may be either.
"""
from __future__ import annotations

SALUTATIONS = ("先生", "女士")  # "" : not asked yet

# Two-character surnames common enough to meet at the desk; any other name's surname is its first character.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 百里 呼延".split())


def surname(name: str) -> str:
    name = name.strip()
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[:1]


def address(name: str, salutation: str) -> str:
    """陈先生 / 欧阳女士 with a salutation; the name as written without one (or for a non-Chinese name)."""
    name = name.strip()
    if salutation not in SALUTATIONS or not name or not all("\u4e00" <= ch <= "\u9fff" for ch in name):
        return name
    return surname(name) + salutation
