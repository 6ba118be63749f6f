"""What the month-end screens share: the handed-in mark of a paper and the question before handing it in."""
from __future__ import annotations

from datetime import date

from callcenter.i18n import t
from callcenter.rules.clock import local
from callcenter.ui import backend


def handed_mark(paper, zone: str) -> str:
    if paper.handed_in_at is None:
        return t("month_end.not_handed_in")
    return t("month_end.handed_in", at=local(paper.handed_in_at, zone).strftime("%m-%d %H:%M"))


def ask_hand_in(screen, month: date, job, *args, then) -> None:
    """Ask, then run `job(*args)` (a hand-in: the mark, with the time) and call `then()`."""
    def answered(yes: bool) -> None:
        if yes:
            backend.call(screen, job, *args, done=lambda _: then())

    screen.app.confirm(t("month_end.confirm_hand_in", month=f"{month:%Y-%m}"), answered)
