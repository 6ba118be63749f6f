"""The jobs in the staff directory, and the names people write them by in a file or a form."""
from __future__ import annotations

import re
import unicodedata

ROLES = ("designer", "qc_inspector", "project_manager", "admin_assistant", "deputy_gm", "clerk", "other")

# The seed's own job names (SEED.zh.txt), as a staff list in Chinese writes them.
CHINESE = {"设计师": "designer", "质检员": "qc_inspector", "项目经理": "project_manager",
           "行政助理": "admin_assistant", "副总经理": "deputy_gm", "客服": "clerk", "其他": "other"}

# A login is typed at a terminal and passed to --agent: letters, digits, . _ -, up to 40.
LOGIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def role_of(text: str) -> str | None:
    """The role key for `designer`, `Designer`, ` 设计师 `; None for anything else."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded in CHINESE:
        return CHINESE[folded]
    key = folded.lower().replace(" ", "_")
    return key if key in ROLES else None


def valid_login(text: str) -> bool:
    return LOGIN.fullmatch(text) is not None
