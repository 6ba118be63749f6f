"""`callcenter`: opens the desk, or runs a supervisor's sub-command.

Exit codes: 0 success, 2 bad usage (argparse), 1 failure with one line on stderr.
"""
from __future__ import annotations

import argparse
import getpass
import sys
import time

from callcenter import i18n
from callcenter.i18n import t

DEMO_CUSTOMERS = 2000
DEMO_CALLS = 20000


def _common(parser: argparse.ArgumentParser, *, db_default=None) -> None:
    parser.add_argument("--db", default=db_default, help="SQLite file or database URL (default: $CALLCENTER_DB or the user data dir)")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language (default: zh)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="callcenter", description="Call desk for customer-service clerks")
    _common(parser)
    parser.add_argument("--agent", help="clerk name at the desk (default: the OS user)")
    parser.add_argument("--demo", action="store_true", help="open a demo database, filled on first use")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="fill a database with realistic demo data")
    _common(demo, db_default=argparse.SUPPRESS)
    demo.add_argument("--customers", type=int, default=DEMO_CUSTOMERS)
    demo.add_argument("--calls", type=int, default=DEMO_CALLS)
    demo.add_argument("--seed", type=int, default=1)

    export = sub.add_parser("export", help="stream records as JSON lines or CSV")
    export.add_argument("what", choices=["calls"])
    _common(export, db_default=argparse.SUPPRESS)
    export.add_argument("--format", choices=["json", "csv"], default="json")
    export.add_argument("--from", dest="start", help="first day (YYYY-MM-DD or ISO date-time)")
    export.add_argument("--to", dest="end", help="last day, included (YYYY-MM-DD or ISO date-time)")
    export.add_argument("-o", "--output", help="file to write (default: standard output)")
    return parser


def _fail(message: str) -> int:
    print(t("cli.error", message=message), file=sys.stderr)
    return 1


def _open(spec: str | None):
    import db
    from callcenter import paths

    return db.open_database(spec or paths.default_db())


def _demo(args) -> int:
    from callcenter.services import demo

    _open(args.db)
    started = time.perf_counter()
    customers, calls = demo.fill(args.customers, args.calls, args.seed)
    print(t("cli.demo_done", customers=customers, calls=calls, seconds=time.perf_counter() - started))
    return 0


def _export(args) -> int:
    _open(args.db)  # a bad --db is refused before the exporter is even loaded
    from callcenter.rules.clock import parse_day
    from callcenter.services import export
    from callcenter.services import settings as settings_service

    zone = settings_service.load().zone
    bounds = []
    for value, end in ((args.start, False), (args.end, True)):
        try:
            bounds.append(parse_day(value, zone, end=end) if value else None)
        except ValueError:
            return _fail(t("cli.bad_date", value=value))
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            rows = export.export_calls(out, args.format, bounds[0], bounds[1], zone)
        print(t("cli.export_done", rows=rows), file=sys.stderr)
    else:
        export.export_calls(sys.stdout, args.format, bounds[0], bounds[1], zone)
    return 0


def _desk(args, personal) -> int:
    from callcenter import paths
    from callcenter.services import demo, staff

    spec = args.db or (paths.demo_db() if args.demo else None)
    _open(spec)
    if args.demo and demo.is_empty():
        print(t("cli.demo_filling"), file=sys.stderr)
        demo.fill(DEMO_CUSTOMERS, DEMO_CALLS, seed=1)
    clerk = staff.sign_in(args.agent or getpass.getuser())
    from callcenter.ui.app import create_app  # textual is imported only when the desk opens

    app = create_app(clerk, personal)
    app.run()
    return app.return_code or 0


def main(argv: list[str] | None = None) -> int:
    from callcenter import config
    from callcenter.services.errors import Refused
    from db import DatabaseRefused

    personal = config.load()
    args = build_parser().parse_args(argv)
    i18n.set_language(args.lang or personal.language)
    try:
        if args.command == "demo":
            return _demo(args)
        if args.command == "export":
            return _export(args)
        return _desk(args, personal)
    except (DatabaseRefused, Refused) as error:
        return _fail(i18n.refusal(error))
    except BrokenPipeError:  # `callcenter export ... | head` is fine
        return 0
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
