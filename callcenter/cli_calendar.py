"""`callcenter calendar`: show the company calendar; a supervisor opens, closes or clears a day.

    callcenter calendar show [--from DATE] [--to DATE] [--format table|json]
    callcenter calendar open DATE [--reason TEXT]
    callcenter calendar close DATE [--reason TEXT]
    callcenter calendar clear DATE

The actor is --agent or the OS login, signed in as every command does (the first desk user of a
new database supervises). Bad input (a date that is none, out of 2000-2100, a day already open or
closed, a reason too long, a past day) is one line and exit 2, nothing written; a clerk who is no
supervisor gets one line and exit 1.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta

from callcenter import cli_identity, i18n, textable
from callcenter.i18n import t
from callcenter.rules.text import json_text

SHOWN_DAYS = 14  # `show` without --to: two weeks
COLUMNS = (("col.date", 10), ("col.weekday", 0), ("col.open", 0), ("col.hours", 23), ("col.why", 0))


def add_parser(sub, common) -> None:
    calendar = sub.add_parser("calendar", help="show the company calendar, or open / close a day (supervisors)")
    actions = calendar.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="which days are open, and why")
    common(show, sub=True)
    show.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (default: today)")
    show.add_argument("--to", dest="end", help=f"last day, included (default: {SHOWN_DAYS} days from the first)")
    show.add_argument("--format", choices=["table", "json"], default="table")
    for action, text in (("open", "open a day for work (a Monday, a holiday)"),
                         ("close", "close a day: nothing is due on it, it does not count"),
                         ("clear", "back to the usual calendar for that day")):
        parser = actions.add_parser(action, help=text)
        common(parser, sub=True)
        parser.add_argument("day", metavar="DATE", help="YYYY-MM-DD")
        parser.add_argument("--agent", default=argparse.SUPPRESS, help="who, for the audit trail (default: the OS user)")
        if action != "clear":
            parser.add_argument("--reason", default="", help="why, shown in the calendar")


DONE = {"open": "calendar.opened", "close": "calendar.closed", "clear": "calendar.cleared"}


def _usage(message: str) -> int:
    print(t("cli.error", message=message), file=sys.stderr)
    return 2


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def run(args, open_db) -> int:
    typed = [getattr(args, name, None) for name in ("start", "end", "day")]
    bad = next((text for text in typed if text is not None and _date(text) is None), None)
    if bad is not None:  # before the database is even opened: nothing written
        return _usage(t("cli.bad_date", value=bad))
    from callcenter.rules.clock import now_utc
    from callcenter.services import calendar
    from callcenter.services import settings as settings_service
    from callcenter.services.errors import Refused

    open_db(args.db)
    settings = settings_service.load()
    try:
        if args.action == "show":
            start = _date(args.start) if args.start else now_utc().astimezone(calendar.load(settings).tz).date()
            end = _date(args.end) if args.end else start + timedelta(days=SHOWN_DAYS - 1)
            return _show(calendar.show(start, end, settings), args.format)
        actor = cli_identity.supervisor(args, f"calendar {args.action}")
        change = {"open": calendar.open_day, "close": calendar.close_day, "clear": calendar.clear_day}[args.action]
        done = change(actor, _date(args.day), getattr(args, "reason", ""))
    except Refused as error:
        # Not bad usage: the wrong person (no supervisor, or a login not in the directory).
        if error.code == "calendar.supervisor_only" or error.code.startswith(("staff.", "signin.")):
            print(t("cli.error", message=i18n.refusal(error)), file=sys.stderr)
            return 1
        return _usage(i18n.refusal(error))
    print(t(DONE[args.action], day=done.day.isoformat(), moved=done.moved))
    return 0


def _why(day) -> str:
    if not day.detail:  # the rest day, a working day, a day opened or closed without a reason
        return t(f"calendar.why.{day.why}_plain")
    return t("calendar.why.estimated" if day.estimated else f"calendar.why.{day.why}", name=day.detail)


def _show(days, form: str) -> int:
    from callcenter.rules.text import one_line

    out = sys.stdout
    if form == "json":
        for day in days:
            out.write(json_text({"date": day.day.isoformat(), "open": day.open, "hours": [list(p) for p in day.hours],
                              "why": day.why_text}) + "\n")
        return 0
    marks = {True: t("calendar.open_mark"), False: t("calendar.closed_mark")}
    weekdays = [t(f"weekday_short.{n}") for n in range(1, 8)]
    widths = {"col.weekday": max(textable.width(t("col.weekday")), *(textable.width(w) for w in weekdays)),
              "col.open": max(textable.width(t("col.open")), *(textable.width(m) for m in marks.values())),
              "col.why": 0}
    columns = [(key, widths.get(key, width)) for key, width in COLUMNS]
    cells = ((day.day.isoformat(), weekdays[day.day.isoweekday() - 1], marks[day.open],
              " ".join(f"{a}-{b}" for a, b in day.hours), one_line(_why(day))) for day in days)
    textable.write(out, [t(key) for key, _ in columns], [w for _, w in columns], cells)
    return 0
