"""The work report's figures as lines of text (`callcenter report --format table|md`), each figure
beside last month's: "电话 1,234（上月 1,100）"."""
from __future__ import annotations

from typing import Iterator

from callcenter.i18n import t
from callcenter.rules.text import one_line


def _pair(this, last) -> str:
    return t("report.pair", this=this, last=last if last is not None else "-")


def _groups(title: str, this: dict, last: dict, markdown: bool, prefix: str = "") -> Iterator[str]:
    """A breakdown, largest first; `prefix` names the catalog texts of its keys (channel., role.)."""
    if not this and not last:
        return
    yield f"  {t(title)}:" if not markdown else f"- {t(title)}:"
    for key in sorted(set(this) | set(last), key=lambda k: -this.get(k, 0)):
        name = (t(prefix + key) if prefix and key else one_line(key)) or t("report.none")
        yield f"    {name}  {_pair(this.get(key, 0), last.get(key, 0))}" if not markdown else \
            f"  - {name}: {_pair(this.get(key, 0), last.get(key, 0))}"


def lines(report: dict, markdown: bool = False) -> Iterator[str]:
    prev = report["previous"]
    head = "## " if markdown else ""
    yield ("# " if markdown else "") + t("report.title", month=report["month"], last=report["previous_month"])

    def figure(key: str, this, last) -> str:
        return (f"- {t(key)}: " if markdown else f"  {t(key)}: ") + _pair(this, last)

    c, pc = report["contacts"], prev["contacts"]
    yield head + t("report.contacts")
    yield figure("report.total", c["total"], pc["total"])
    for group, prefix in (("by_channel", "channel."), ("by_direction", "direction."), ("by_category", ""),
                          ("by_source", "")):
        yield from _groups(f"report.{group}", c[group], pc[group], markdown, prefix)
    k, pk = report["checklist"], prev["checklist"]
    yield head + t("report.checklist")
    yield figure("report.checked_calls", k["calls"], pk["calls"])
    for item, share in k["items"].items():
        last = pk["items"].get(item)
        yield figure_line(markdown, one_line(item), f"{share:.0%}", "-" if last is None else f"{last:.0%}")
    for name, row in k["per_clerk"].items():
        yield figure_line(markdown, one_line(name), f"{row['share']:.0%} ({row['calls']})", None)
    m, pm = report["complaints"], prev["complaints"]
    yield head + t("report.complaints")
    for key in ("received", "answered_in_time", "open_at_end"):
        yield figure(f"report.{key}", m[key], pm[key])
    for level in ("1", "2"):
        yield figure(f"report.escalated_{level}", m["escalated"][level], pm["escalated"][level])
    yield from _groups("report.by_role", m["by_role"], pm["by_role"], markdown, "role.")
    yield from _groups("report.by_person", m["by_person"], pm["by_person"], markdown)
    f, pf = report["followups"], prev["followups"]
    yield head + t("report.followups")
    for key in ("due", "done_on_time", "done_late", "open"):
        yield figure(f"report.{key}", f[key], pf[key])
    due = {reason: row["due"] for reason, row in f["by_reason"].items()}
    yield from _groups("report.by_reason", due, {r: row["due"] for r, row in pf["by_reason"].items()}, markdown,
                       "reason.")
    r = report["ratings"]
    yield head + t("report.ratings")
    for role, people in r.items():
        for name, row in people.items():
            yield figure_line(markdown, f"{t(f'role.{role}')} {one_line(name)}", f"{row['average']:.2f} ({row['count']})",
                              None)
    s, ps = report["messages"], prev["messages"]
    yield head + t("report.messages")
    yield figure("report.taken", s["taken"], ps["taken"])
    yield figure("report.relayed", s["relayed"], ps["relayed"])
    yield figure("report.median_relay", s["median_relay_minutes"], ps["median_relay_minutes"])
    p, pp = report["praise"], prev["praise"]
    yield head + t("report.praise")
    yield figure("report.forwarded", p["forwarded"], pp["forwarded"])
    yield figure("report.exchange_meeting", p["exchange_meeting"], pp["exchange_meeting"])
    g, pg = report["signings"], prev["signings"]
    yield head + t("report.signings")
    yield figure("report.signing_count", g["count"], pg["count"])
    yield figure("report.signing_amount", g["amount"], pg["amount"])
    for key in ("summary", "plan"):
        yield head + t(f"report.{key}")
        for text in (report[key] or t("report.none")).splitlines():
            yield ("" if markdown else "  ") + one_line(text)


def figure_line(markdown: bool, label: str, this, last) -> str:
    text = f"{label}: {this}" if last is None else f"{label}: {_pair(this, last)}"
    return f"- {text}" if markdown else f"  {text}"
