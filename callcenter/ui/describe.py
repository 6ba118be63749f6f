"""How the desk words and lays out rows that several screens show: one place, so no screen
imports another for a helper."""
from __future__ import annotations

from rich.cells import cell_len

from callcenter.i18n import every, t
from callcenter.rules.clock import duration
from callcenter.rules.text import one_line
from callcenter.ui.text import cell, when, widest


def purpose_width() -> int:
    """Cells a purpose column needs: the widest reason, " · " and a stage of four characters (竣工验收)."""
    return widest(every("reason.")) + 3 + 8


def purpose(row) -> str:
    """What the queue and the call say a follow-up is for: 验收回访 · 水电."""
    text = t(f"reason.{row.reason}")
    return f"{text} · {row.stage}" if row.stage else text


def time_left(row, now) -> str:
    """A complaint's time to its deadline (-3:05 when late), or its status once closed."""
    if row.urgency == "closed":
        return t(f"complaint.status.{row.status}")
    seconds = (row.deadline_at - now).total_seconds()
    return ("-" if seconds < 0 else "") + duration(abs(seconds))


def respondent(row, *, short: bool = False) -> str:
    role = t(("role_short." if short else "role.") + row.respondent_role)
    return f"{row.respondent}({role})"


def contact_columns(*, with_customer: bool = True) -> list[tuple[str, int | None]]:
    """Today's list names the customer; one customer's history shows the date instead."""
    who = [(t("col.customer"), 8), (t("col.phone"), 13)] if with_customer else [(t("col.time"), 14)]
    first = [(t("col.time"), 5)] if with_customer else []
    way = max(cell_len(t(f"channel.{c}")) for c in ("phone", "visit", "fax")) + 1  # + the outgoing mark
    return [*first, (t("col.channel"), way), *who, (t("col.category"), 4), (t("col.clerk"), 8), (t("col.notes"), None)]


def contact_cells(row, zone: str, *, with_customer: bool = True):
    """A calls.ContactRow as (row key, cells)."""
    mark = t(f"channel.{row.channel}") + ("↗" if row.direction == "out" else "")
    if with_customer:
        lead = [cell(when(row.started_at, zone)), cell(mark), cell(row.customer or "-", 8), cell(row.phone, 13)]
    else:
        lead = [cell(mark), cell(when(row.started_at, zone, "%y-%m-%d %H:%M"))]
    return str(row.id), [*lead, cell(row.category, 4), cell(row.clerk, 8), cell(row.notes, 60)]


def day_why(day) -> str:
    """Why a calendar.Day is closed, or opened: 休息日, 节假日：春节, 节假日（估算）：春节, 主管开放：盘点;
    nothing for a usual working day."""
    if day.why == "working":
        return ""
    if not day.detail:
        return t(f"calendar.why.{day.why}_plain")
    return t("calendar.why.estimated" if day.estimated else f"calendar.why.{day.why}", name=one_line(day.detail))
