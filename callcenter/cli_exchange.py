"""`callcenter export|import|backup|restore|check`: the bodies behind cli.py's sub-commands.

Each function takes the parsed arguments and cli.py's `open_db(spec)` and returns the exit code;
refusals are raised as `Refused`/`DatabaseRefused` for cli.py to print in one line.
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

from callcenter import cli_identity, i18n
from callcenter.i18n import t

EXPORT_KINDS = ("calls", "customers", "projects", "followups", "complaints", "messages", "staff", "audit")
IMPORT_KINDS = ("customers", "staff", "projects", "punches", "contracts")  # the last two: cli_month
FORMATS = ("csv", "xlsx", "jsonl", "json")  # json: the name `jsonl` had before
REPORT_LIMIT = 100  # problems printed before the rest is only counted


def add_parsers(sub, common) -> None:
    """The sub-commands of this module, on cli.py's sub-parsers; `common` adds --db and --lang."""
    export = sub.add_parser("export", help="write records as CSV (Excel), XLSX or JSON lines")
    export.add_argument("what", choices=EXPORT_KINDS)
    common(export, sub=True)
    export.add_argument("--format", choices=FORMATS, default="jsonl", help="json is the old name of jsonl")
    export.add_argument("--from", dest="start", help="first day (YYYY-MM-DD or ISO date-time)")
    export.add_argument("--to", dest="end", help="last day, included (YYYY-MM-DD or ISO date-time)")
    export.add_argument("-o", "--output", help="file to write (default: standard output, csv and jsonl only)")
    export.add_argument("--force", action="store_true", help="replace an existing file")
    export.add_argument("--encoding", choices=("utf-8", "gb18030"), default="utf-8",
                        help="CSV text encoding (default: UTF-8 with a BOM, as Excel needs)")
    export.add_argument("--raw", action="store_true", help="CSV cells exactly as stored: no apostrophe before "
                                                          "=, +, -, @ (formula injection guard off)")

    imports = sub.add_parser("import", help="read records from a CSV or XLSX file")
    imports.add_argument("what", choices=IMPORT_KINDS)
    common(imports, sub=True)
    imports.add_argument("--agent", default=argparse.SUPPRESS, help="who imports, for the audit trail "
                                                                    "(default: the OS user)")
    imports.add_argument("--check", action="store_true", help="report every problem, write nothing")
    imports.add_argument("--update", action="store_true", help="overwrite what is on file when a row "
                                                              "disagrees with it (supervisors)")
    imports.add_argument("file", help="CSV (UTF-8, GB18030/GBK or UTF-16) or XLSX with a header row")

    backup = sub.add_parser("backup", help="write a consistent copy of the database, while desks work")
    common(backup, sub=True)
    backup.add_argument("-o", "--output", help="file to write (default: a dated file in the backups folder)")
    backup.add_argument("--force", action="store_true", help="replace an existing file")

    restore = sub.add_parser("restore", help="put a backup in place of the database (the current one is "
                                             "kept as a backup first)")
    common(restore, sub=True)
    restore.add_argument("file", help="a backup written by `callcenter backup`")

    check = sub.add_parser("check", help="check the database: integrity, foreign keys, schema version")
    common(check, sub=True)


# ---- progress ----------------------------------------------------------------------------------


@contextmanager
def progress(label: str, total: int | None):
    """A progress bar on stderr when it is a terminal (cron and pipes get nothing).

    Yields `advance(done, total=None)`; with no total the bar only pulses (a backup has no count).
    """
    if not sys.stderr.isatty():
        yield lambda done, total=None: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda done, total=None: bar.update(task, completed=done, total=total or bar.tasks[0].total)


# ---- export ------------------------------------------------------------------------------------


def _target(path: str, force: bool) -> Path:
    """The file an export or backup may write; Refused (one line) before anything is written."""
    from callcenter.services import backup
    from callcenter.services.errors import Refused

    target = Path(path).expanduser()
    if target.is_dir():
        raise Refused("output.is_folder", path=path)
    if not target.parent.resolve().is_dir():
        raise Refused("output.no_folder", path=str(target.parent))
    if backup.is_database_file(target):
        raise Refused("output.is_database", path=path)
    if target.is_file() and not force:  # a device or a pipe (/dev/null) is no file to lose
        raise Refused("output.exists", path=path)
    return target


def _bounds(args, zone: str):
    from callcenter.rules.clock import parse_day
    from callcenter.services.errors import Refused

    bounds = []
    for value, end in ((args.start, False), (args.end, True)):
        try:
            bounds.append(parse_day(value, zone, end=end) if value else None)
        except (ValueError, OverflowError):
            raise Refused("cli.bad_date", value=value) from None
    return bounds


def _headings(kind: str):
    """The kind's columns, headed in the current language."""
    from dataclasses import replace

    from callcenter.services import export

    return [replace(column, heading=t(f"heading.{column.name}")) for column in export.KINDS[kind].columns]


def export(args, open_db) -> int:
    from zoneinfo import ZoneInfo

    from callcenter.exchange.writers import open_writer
    from callcenter.services import backup
    from callcenter.services import export as export_service
    from callcenter.services import settings as settings_service
    from callcenter.services.errors import Refused

    fmt = "jsonl" if args.format == "json" else args.format
    if fmt == "xlsx" and not args.output:
        raise Refused("output.xlsx_needs_file")
    backup.open_for_reading(args.db, open_db)
    target = _target(args.output, args.force) if args.output else None
    zone = settings_service.load().zone
    start, end = _bounds(args, zone)
    columns = _headings(args.what)
    options = dict(encoding=args.encoding, raw=args.raw, sheet=t(f"export.sheet.{args.what}"))
    if target is None:
        out = sys.stdout.buffer
        sys.stdout.flush()
        # The BOM is for Excel opening a file; a pipe or a terminal gets plain UTF-8.
        writer = open_writer(fmt, out, columns, ZoneInfo(zone), terminal=out.isatty(), bom=False, **options)
        export_service.export(args.what, writer, zone, start, end)
        writer.close()
        out.flush()
        return 0
    total = export_service.count(args.what, start, end)
    with backup.replacing(target) as out, progress(t("progress.export"), total) as advance:
        writer = open_writer(fmt, out, columns, ZoneInfo(zone), **options)
        rows = export_service.export(args.what, writer, zone, start, end, advance)
        writer.close()
    print(t("cli.export_done", rows=rows), file=sys.stderr)
    if getattr(writer, "cut", 0):
        print(t("export.cells_cut", count=writer.cut), file=sys.stderr)
    return 0


# ---- import ------------------------------------------------------------------------------------


def _cut(value, limit: int = 40) -> str:
    from callcenter.exchange.cells import for_terminal
    from callcenter.rules.text import one_line

    text = one_line(for_terminal(str(value)))
    return text if len(text) <= limit else text[:limit - 1] + "…"


def import_(args, open_db) -> int:
    from callcenter.services import importing
    from callcenter.services.errors import Refused

    open_db(args.db)
    actor = cli_identity.supervisor(args, "import")
    path = Path(args.file)
    try:
        size = path.stat().st_size
        handle = path.open("rb")
    except OSError as error:
        raise Refused("import.cannot_open", path=args.file, error=error.strerror or str(error)) from None
    shown = 0

    def report(problem) -> None:
        nonlocal shown
        shown += 1
        if shown > REPORT_LIMIT:
            return
        reason = _cut(i18n.refusal(problem), 200)
        if problem.column:
            text = t("import.bad_cell", line=problem.line, column=_cut(problem.column), value=_cut(problem.value),
                     reason=reason)
        else:
            text = t("import.bad_row", line=problem.line, reason=reason)
        print(text, file=sys.stderr)

    with handle, progress(t("progress.import"), size) as advance:
        result = importing.run(args.what, actor, handle, check=args.check, update=args.update, report=report,
                               progress=lambda: advance(handle.tell()) if not handle.closed else None)
    if shown > REPORT_LIMIT:
        print(t("import.more_problems", count=shown - REPORT_LIMIT), file=sys.stderr)
    key = "import.checked" if args.check else "import.done"
    print(t(key, imported=result.imported, failed=result.failed))
    return 1 if result.failed else 0


# ---- backup, restore, check --------------------------------------------------------------------


def backup_(args, open_db) -> int:
    from callcenter.services import backup

    db_path = backup.open_for_reading(args.db, open_db)
    target = _target(args.output, args.force) if args.output else backup.default_target(db_path)
    with progress(t("progress.backup"), None):
        written = backup.write(target)
    print(t("backup.done", path=str(written)), file=sys.stderr)
    return 0


def _replaced_by_a_supervisor(args, spec, open_db) -> None:
    """A database that opens is a supervisor's to replace; one that does not (the reason to restore)
    has nobody to ask."""
    import db
    from db import DatabaseRefused

    if "://" not in str(spec) and not Path(spec).exists():
        return
    try:
        open_db(spec)
    except DatabaseRefused:
        return
    try:
        cli_identity.supervisor(args, "restore")
    finally:
        db.close_database()


def restore(args, open_db) -> int:
    from callcenter import paths
    from callcenter.services import backup
    from callcenter.services.errors import Refused
    from db.engine import is_server_spec

    spec = args.db or paths.default_db()
    if is_server_spec(spec):
        raise Refused("backup.on_server")
    _replaced_by_a_supervisor(args, spec, open_db)
    with progress(t("progress.restore"), None):
        kept = backup.restore(Path(args.file), Path(spec))
    open_db(spec)  # migrates a backup of an older version
    print(t("restore.done", path=args.file, kept=str(kept) if kept else "-"), file=sys.stderr)
    return 0


def check(args, open_db) -> int:
    from callcenter.services import backup

    backup.open_for_reading(args.db, open_db)
    failed = False
    for finding in backup.check():
        failed |= not finding.ok
        print(t(f"check.{finding.what}.{'ok' if finding.ok else 'bad'}", detail=_cut(finding.detail, 200)))
    return 1 if failed else 0

