"""Month-end commands (DOMAIN.md rules 21, 23): what the clerk hands in by the 2nd.

    callcenter attendance --month 2026-12 [--detail] [--format table|json|csv] [-o FILE]
    callcenter ledger --month 2026-12 [--format table|json|csv] [-o FILE]
    callcenter report --month 2026-11 [--agent LOGIN] [--format table|json|md] [-o FILE]
    callcenter import punches|contracts FILE [--check]

Files are read by the import's own readers (CSV in any encoding, or XLSX); the services check each
row. Every bad row is reported with its line, all of them; `--check` writes nothing.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager

from callcenter import cli_identity, i18n, textable
from callcenter.i18n import t
from callcenter.rules.text import json_text

FORMATS = {"attendance": ("table", "json", "csv", "xlsx"), "ledger": ("table", "json", "csv", "xlsx"),
           "report": ("table", "json", "md", "xlsx")}
IMPORTS = ("punches", "contracts")


def add_parsers(sub, common) -> None:
    helps = {"attendance": "the month's attendance fines per person (考勤)",
             "ledger": "the month's signed-contract ledger by designer (签单台帐)",
             "report": "the month's work report figures beside last month's (述职报告)"}
    for name, text in helps.items():
        parser = sub.add_parser(name, help=text)
        common(parser, sub=True)
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--format", choices=FORMATS[name], default="table")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        if name == "attendance":
            parser.add_argument("--detail", action="store_true", help="one row per person and day, with each fine")
        if name == "report":
            parser.add_argument("--agent", default=argparse.SUPPRESS, help="one clerk's login (default: the whole desk)")


@contextmanager
def _output(args):
    """A text stream for the paper: standard output, or -o's file written as exports write theirs
    (a temporary file renamed at the end; the database, a folder or a missing folder refused).
    `out.buffer` is there for the spreadsheet writers."""
    import io

    from callcenter.cli_exchange import _target
    from callcenter.services import backup

    if not args.output:
        yield sys.stdout
        return
    with backup.replacing(_target(args.output, force=True)) as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        yield text
        text.flush()
        text.detach()


def _usage(args, message: str) -> int:
    print(f"callcenter {args.command}: {t('cli.error', message=message)}", file=sys.stderr)
    return 2


def run(args, open_db) -> int:
    from callcenter.services import month
    from callcenter.services.errors import Refused

    try:
        first = month.parse_month(args.month)
    except Refused as error:
        return _usage(args, i18n.refusal(error))
    open_db(args.db)
    if args.format == "xlsx" and not args.output:
        return _usage(args, t("output.xlsx_needs_file"))
    with _output(args) as out:
        if args.command == "attendance":
            return _attendance(args, first, out)
        if args.command == "ledger":
            return _ledger(args, first, out)
        return _report(args, first, out)


def _write(out, form: str, fields: tuple, rows: list[dict], headings: list[str]) -> None:
    if form == "json":
        for row in rows:
            out.write(json_text(row) + "\n")
    elif form in ("csv", "xlsx"):
        _sheet(out, form, fields, rows, headings)
    else:
        widths = [max(textable.width(h), *(textable.width(str(r[f])) for r in rows)) if rows else textable.width(h)
                  for f, h in zip(fields, headings)]
        textable.write(out, headings, widths[:-1] + [0], ([str(r[f]) for f in fields] for r in rows))


def _sheet(out, form: str, fields: tuple, rows: list[dict], headings: list[str]) -> None:
    """CSV and XLSX as every export writes them: a BOM for Excel, formulas defused, numbers as numbers."""
    from zoneinfo import ZoneInfo

    from callcenter.exchange.columns import Column
    from callcenter.exchange.writers import open_writer
    from callcenter.services import settings as settings_service

    def kind(field: str) -> str:
        values = [row[field] for row in rows if row[field] != ""]  # an empty cell suits any kind
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return "int"
        if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
            return "float"
        return "text"

    kinds = {field: kind(field) for field in fields}
    columns = [Column(field, kinds[field], heading) for field, heading in zip(fields, headings)]
    out.flush()
    binary = out.buffer
    writer = open_writer(form, binary, columns, ZoneInfo(settings_service.load().zone),
                         terminal=binary.isatty(), bom=binary is not sys.stdout.buffer)
    writer.rows([row[field] for field in fields] for row in rows)
    writer.close()
    binary.flush()


DETAIL_FIELDS = ("person", "date", "arrival", "departure", "reason", "minutes", "fine_yuan")


def _attendance(args, first, out) -> int:
    from callcenter.rules.text import one_line
    from callcenter.services import attendance

    people = attendance.month(first)
    if args.detail:
        rows = []
        for person in people:
            for day in person.summary.days:
                base = {"person": one_line(person.person), "date": day.day.isoformat(),
                        "arrival": day.arrival.strftime("%H:%M:%S") if day.arrival else "",
                        "departure": day.departure.strftime("%H:%M:%S") if day.departure else ""}
                if day.flagged:
                    rows.append({**base, "reason": t("attendance.reason.closed_day"), "minutes": 0, "fine_yuan": 0})
                for fine in day.fines:
                    rows.append({**base, "reason": t(f"attendance.reason.{fine.kind}"), "minutes": fine.minutes,
                                 "fine_yuan": fine.yuan})
        _write(out, args.format, DETAIL_FIELDS, rows, [t(f"attendance.col.{f}") for f in DETAIL_FIELDS])
        return 0
    rows = [{**person.row(first), "person": one_line(person.person)} for person in people]
    fields = attendance.SUMMARY_FIELDS
    _write(out, args.format, fields, rows, [t(f"attendance.col.{f}") for f in fields])
    return 0


LEDGER_FIELDS = ("designer", "signed_on", "customer", "address", "amount", "deposit", "notes")


def _ledger(args, first, out) -> int:
    from callcenter.rules import money
    from callcenter.rules.text import one_line
    from callcenter.services import contracts

    book = contracts.ledger(first)
    if args.format == "json":
        out.write(json_text(book.as_json()) + "\n")
        return 0
    rows = []
    for designer in book.designers:
        for s in designer.signings:
            rows.append({"designer": one_line(designer.name), "signed_on": s.signed_on.isoformat(),
                         "customer": one_line(s.customer), "address": one_line(s.address),
                         "amount": money.shown(s.amount), "deposit": money.shown(s.deposit), "notes": one_line(s.notes)})
        rows.append({"designer": t("ledger.subtotal", name=one_line(designer.name)), "signed_on": "", "customer": "",
                     "address": "", "amount": money.shown(designer.subtotal), "deposit": "", "notes": ""})
    rows.append({"designer": t("ledger.total"), "signed_on": "", "customer": "", "address": "",
                 "amount": money.shown(book.total), "deposit": "", "notes": ""})
    _write(out, args.format, LEDGER_FIELDS, rows, [t(f"ledger.col.{f}") for f in LEDGER_FIELDS])
    return 0


def _report(args, first, out) -> int:
    from callcenter.services import report

    clerk_id = None
    login = getattr(args, "agent", None)
    if login:
        clerk_id = report.clerk_by_login(login)
        if clerk_id is None:
            print(t("cli.error", message=t("followups.unknown_clerk", login=login)), file=sys.stderr)
            return 1
    figures = report.month_report(first, clerk_id)
    if args.format == "xlsx":
        rows = [{"figure": name, "this_month": value, "last_month": before} for name, value, before in
                _figures(figures)]
        _write(out, "xlsx", REPORT_FIELDS, rows, [t(f"report.col.{f}") for f in REPORT_FIELDS])
        return 0
    if args.format == "json":
        out.write(json_text(figures) + "\n")
        return 0
    from callcenter.report_text import lines

    for line in lines(figures, markdown=args.format == "md"):
        out.write(line + "\n")
    return 0


REPORT_FIELDS = ("figure", "this_month", "last_month")
_NOT_FIGURES = {"month", "clerk_id", "previous", "previous_month", "summary", "plan", "handed_in_at", "per_day"}


def _figures(figures: dict, path: str = "", previous: dict | None = None):
    """Each number of the report as (its dotted name, this month, last month or ""), for a sheet."""
    previous = figures.get("previous", {}) if previous is None else previous
    for key, value in figures.items():
        if key in _NOT_FIGURES:
            continue
        before = previous.get(key) if isinstance(previous, dict) else None
        if isinstance(value, dict):
            yield from _figures(value, f"{path}{key}.", before if isinstance(before, dict) else {})
        else:
            yield f"{path}{key}", _number(value), _number(before)


def _number(value):
    """A figure as a sheet cell: amounts ("12800.00") as numbers, as Excel keeps them; None empty."""
    if value is None:
        return ""
    if isinstance(value, str) and value.replace(".", "", 1).lstrip("-").isdigit():
        return float(value)
    return value


def run_import(args, open_db) -> int:
    """`import punches|contracts FILE [--check]`: every bad row reported, the good ones written in one go.

    The file is read as every import reads it (CSV in any of its encodings, or XLSX); a row the
    reader could not read is reported at its line like a bad one.
    """
    from callcenter.exchange.tables import Broken
    from callcenter.rules.text import one_line
    from callcenter.services import attendance, contracts, importing

    open_db(args.db)
    actor = cli_identity.actor(args)

    def report(line: int, refusal) -> None:
        print(t("import.bad_row", line=line, reason=one_line(i18n.refusal(refusal))), file=sys.stderr)

    try:
        handle = open(args.file, "rb")
    except OSError as error:
        print(t("cli.error", message=t("import.cannot_open", path=args.file, error=error.strerror or str(error))),
              file=sys.stderr)
        return 1
    unread = 0
    with handle:
        header, rows = None, []
        for item in importing.records(handle, args.file):
            if isinstance(item, Broken):
                unread += 1
                print(t("import.bad_row", line=item.line, reason=one_line(t(item.code, **item.params))),
                      file=sys.stderr)
            elif header is None:
                header = [str(cell).replace("\ufeff", "").strip() for cell in item.cells]
            elif any(str(cell).strip() for cell in item.cells):
                rows.append((item.line, {name: _cell(cell) for name, cell in zip(header, item.cells)}))
    if not header:
        print(t("cli.error", message=t("file.empty")), file=sys.stderr)
        return 1
    if args.what == "punches":
        result = attendance.import_punches(actor, header, rows, report, check=args.check)
        for line in result.flagged:
            print(t("import.bad_row", line=line, reason=t("attendance.reason.closed_day")), file=sys.stderr)
    else:
        result = contracts.import_contracts(actor, header, rows, report, check_only=args.check)
    print(t("import.month_checked" if args.check else "import.month_done", imported=result.imported,
            duplicates=result.duplicates, failed=result.failed + unread))
    return 1 if result.failed or unread else 0


def _cell(value) -> str:
    """A cell as the month's rows read it: text; an XLSX date cell as its ISO time."""
    from datetime import datetime

    return value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else str(value)
