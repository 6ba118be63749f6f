"""`callcenter`: opens the desk, or runs a supervisor's sub-command.

Exit codes: 0 success, 2 bad usage (argparse), 1 failure with one line on stderr.
"""
from __future__ import annotations

import argparse
import sys
import time

from callcenter import (cli_calendar, cli_copy, cli_exchange, cli_identity, cli_month, cli_serve, cli_staff, i18n,
                        textable)
from callcenter.i18n import t
from callcenter.rules.text import json_text

DEMO_CUSTOMERS = 2000
DEMO_CALLS = 20000
COMPLAINT_STATUSES = ("new", "in_progress", "resolved", "confirmed", "closed")
AT_FORMS = ("an ISO date or date-time (company zone unless it has an offset), or as at the desk: "
            "+3h, tomorrow 9:30, 明天 10:00")


def _common(parser: argparse.ArgumentParser, *, sub: bool = False) -> None:
    """--db and --lang, before or after the sub-command: a sub-command's parser must not reset them."""
    default = argparse.SUPPRESS if sub else None
    parser.add_argument("--db", default=default, help="SQLite file or database URL (default: $CALLCENTER_DB or the user data dir)")
    parser.add_argument("--lang", default=default, choices=i18n.LANGUAGES, help="interface language (default: zh)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="callcenter", description="Call desk for customer-service clerks")
    _common(parser)
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--agent", help="on a demo database only: come in as this login, to try the roles "
                                      "(elsewhere you are your OS login, or sign in with a password)")
    who.add_argument("--sign-in", action="store_true", help="always sign in with a staff login and password, "
                                                            "whoever the OS account is (served desks do)")
    parser.add_argument("--demo", action="store_true", help="open a demo database, filled on first use")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = sub.add_parser("init", help="create a new database whose first desk user is the given supervisor")
    _common(init, sub=True)
    init.add_argument("--supervisor", help="the supervisor's name (asked for on a terminal when missing)")
    init.add_argument("--login", help="the supervisor's login at the desk (asked for on a terminal when missing)")

    demo = sub.add_parser("demo", help="fill a database with realistic demo data")
    _common(demo, sub=True)
    demo.add_argument("--customers", type=int, default=DEMO_CUSTOMERS)
    demo.add_argument("--calls", type=int, default=DEMO_CALLS)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--complaints", type=int, default=None, help="complaints to add (default: calls / 10)")

    followups = sub.add_parser("followups", help="list the open follow-up calls (回访)")
    _common(followups, sub=True)
    followups.add_argument("--at", help=f"the moment to list at (default: now): {AT_FORMS}")
    followups.add_argument("--mine", action="store_true", help="only those assigned to the clerk (--agent)")
    followups.add_argument("--agent", default=argparse.SUPPRESS, help="clerk login (default: the OS user)")
    followups.add_argument("--format", choices=["table", "json"], default="table")

    complaints = sub.add_parser("complaints", help="list open complaints (投诉), or escalate the late ones (cron)")
    _common(complaints, sub=True)
    complaints.add_argument("--at", help=f"the moment to list or escalate at (default: now; escalating, not "
                                         f"later than now): {AT_FORMS}")
    complaints.add_argument("--status", choices=COMPLAINT_STATUSES, help="only complaints in this state "
                                                                         "(default: the open ones)")
    complaints.add_argument("--format", choices=["table", "json"], default="table")
    complaints.add_argument("--escalate", action="store_true",
                            help="escalate every complaint that is late and print one line for each")
    cli_calendar.add_parser(sub, _common)
    cli_exchange.add_parsers(sub, _common)
    cli_month.add_parsers(sub, _common)
    cli_staff.add_parser(sub, _common)
    cli_copy.add_parser(sub, _common)
    cli_identity.add_parsers(sub, _common)
    cli_serve.add_parser(sub, _common)
    return parser


def _fail(message: str) -> int:
    print(t("cli.error", message=message), file=sys.stderr)
    return 1


def _usage(args, message: str) -> int:
    """Bad usage found after parsing: one line in argparse's own style, exit 2."""
    print(f"callcenter {args.command}: {t('cli.error', message=message)}", file=sys.stderr)
    return 2


def _open(spec: str | None, *, create: bool = False):
    import db
    from callcenter import paths

    return db.open_database(spec or paths.default_db(), create=create)


def _init(args) -> int:
    """A new database whose first desk user is the named supervisor; on a terminal, asks for what is missing."""
    import db
    from callcenter import paths
    from callcenter.rules.text import one_line
    from callcenter.services import staff

    given = {}
    for option in ("supervisor", "login"):
        value = getattr(args, option)
        if value is None and sys.stdin.isatty():
            try:
                value = input(t(f"init.ask_{option}"))
            except EOFError:
                value = None
        if value is None:
            return _usage(args, t("init.options_required"))
        given[option] = value
    login, name = staff.checked_supervisor(given["login"], given["supervisor"])  # refused before any file
    spec = args.db or paths.default_db()
    db.create_database(spec)
    supervisor = staff.first_supervisor(login, name)
    print(t("init.done", path=one_line(db.shown(spec)), name=one_line(supervisor.name),
            login=one_line(supervisor.login)))
    return 0


def _demo(args) -> int:
    from callcenter.services import demo

    _open(args.db, create=True)
    started = time.perf_counter()
    with cli_exchange.progress(t("progress.demo"), args.calls) as advance:
        customers, calls = demo.fill(args.customers, args.calls, args.seed, complaints=args.complaints,
                                     progress=advance)
    print(t("cli.demo_done", customers=customers, calls=calls, seconds=time.perf_counter() - started))
    return 0


# Columns of `callcenter followups`: (catalog key of the heading, width); the project runs on.
FOLLOWUP_COLUMNS = (("col.due", 16), ("col.overdue", 0), ("col.purpose", 0), ("col.customer", 12),
                    ("col.phone", 15), ("col.stage", 10), ("col.project", 0))


def _moment(text: str, zone: str):
    """What --at names: an ISO date or date-time as before, else what the desk reads (+3h, 明天 10:00).

    WhenError (a ValueError) when it is neither.
    """
    from callcenter.rules.clock import now_utc, parse_day
    from callcenter.rules.relative_time import read_when

    try:
        return parse_day(text, zone)
    except ValueError:
        return read_when(text, now_utc(), zone)


def _open_at(args):
    """Open --db; its settings, the company zone, and the moment --at names (now by default).

    ValueError when --at is no time.
    """
    from zoneinfo import ZoneInfo

    from callcenter.rules.clock import now_utc
    from callcenter.services import settings as settings_service

    _open(args.db)
    settings = settings_service.load()
    at = _moment(args.at, settings.zone) if args.at else now_utc()
    return settings, ZoneInfo(settings.zone), at


def _bad_at(args) -> int:
    from callcenter.rules.text import one_line

    return _usage(args, t("cli.bad_at", value=one_line(args.at), reason=t("when.unreadable")))


def _followups(args) -> int:
    from callcenter.rules.text import one_line
    from callcenter.services import followups, signin

    try:
        settings, zone, at = _open_at(args)
    except ValueError:
        return _bad_at(args)
    clerk_id = None
    if args.mine:
        login = getattr(args, "agent", None) or signin.os_login()  # by user id: $USER is anyone's to set
        clerk_id = followups.staff_id_by_login(login)
        if clerk_id is None:
            return _fail(t("followups.unknown_clerk", login=login))
    rows = followups.open_stream(at, clerk_id, settings)
    out = sys.stdout
    if args.format == "json":
        for row in rows:
            out.write(json_text({
                "id": row.id, "due_at": row.due_at.astimezone(zone).isoformat(), "overdue": row.overdue,
                "reason": row.reason, "stage": row.stage, "status": row.status,
                "customer": row.customer, "customer_id": row.customer_id, "phone_e164": row.phone_e164,
                "phone": row.phone, "project": row.project if row.project_id is not None else None,
                "project_id": row.project_id, "assignee": row.assignee or None, "personal": row.personal,
                "attempts": row.attempts, "note": row.note,
            }) + "\n")
        return 0
    reasons = {reason: t(f"reason.{reason}") for reason in followups.REASONS}
    late = t("followups.overdue_mark")
    widths = {"col.overdue": max(textable.width(late), textable.width(t("col.overdue"))),
              "col.purpose": max(textable.width(text) for text in (*reasons.values(), t("col.purpose")))}
    columns = [(key, widths.get(key, width)) for key, width in FOLLOWUP_COLUMNS]
    overdue = 0

    def cells():
        nonlocal overdue
        for row in rows:
            overdue += row.overdue
            project = row.project if row.project_id is not None else row.note
            yield (row.due_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), late if row.overdue else "",
                   reasons.get(row.reason, row.reason), one_line(row.customer), one_line(row.phone),
                   one_line(row.stage), one_line(project))

    count = textable.write(out, [t(key) for key, _ in columns], [w for _, w in columns], cells())
    out.write(t("followups.count", count=count, overdue=overdue) + "\n")
    return 0


# Columns of `callcenter complaints`: (catalog key of the heading, width); 0 fits the texts, the
# description runs on.
COMPLAINT_COLUMNS = (("col.id", 6), ("col.deadline", 16), ("col.time_left", 0), ("col.status", 0), ("col.level", 0),
                     ("col.respondent", 10), ("col.kind", 6), ("col.complainant", 10), ("col.description", 0))


def _span(seconds: float) -> str:
    """Hours and minutes: 3:05, 27:40."""
    minutes = int(abs(seconds)) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def _complaints(args) -> int:
    from callcenter.rules.clock import now_utc
    from callcenter.rules.text import one_line
    from callcenter.services import complaints
    from callcenter.services.errors import Refused

    try:
        settings, zone, at = _open_at(args)
    except ValueError:
        return _bad_at(args)
    out = sys.stdout
    if args.escalate:
        if at > now_utc():  # said before who asks: a write dated in the future is refused for anyone
            raise Refused("complaint.escalate_future")
        cli_identity.escalator(args)
        roles = {level: t(f"role.{role}") for level, role in complaints.ESCALATE_TO.items()}
        for done in complaints.escalate_due(at):
            out.write(t("complaints.escalated", id=done.complaint_id, level=done.level, role=roles[done.level],
                        name=one_line(done.to) or t("complaints.nobody")) + "\n")
        return 0
    rows = complaints.open_stream(at, args.status)
    if args.format == "json":
        for row in rows:
            out.write(json_text({
                "id": row.id, "received_at": row.received_at.astimezone(zone).isoformat(),
                "deadline_at": row.deadline_at.astimezone(zone).isoformat(), "status": row.status,
                "overdue": row.urgency == "overdue", "urgency": row.urgency, "escalation_level": row.escalation_level,
                "escalated_to": row.escalated_to or None, "respondent": row.respondent,
                "respondent_role": row.respondent_role, "responsible": row.responsible or None,
                "complainant": row.complainant, "customer_id": row.customer_id, "staff_dispute": row.staff_dispute,
                "project": row.project or None, "kind": row.kind, "description": row.description,
            }) + "\n")
        return 0
    statuses = {status: t(f"complaint.status.{status}") for status in COMPLAINT_STATUSES}
    widths = {"col.time_left": max(textable.width(t("complaints.late", time="000:00")), textable.width(t("col.time_left"))),
              "col.status": max(textable.width(text) for text in (*statuses.values(), t("col.status"))),
              "col.level": max(1, textable.width(t("col.level")))}
    columns = [(key, widths.get(key, width)) for key, width in COMPLAINT_COLUMNS]
    overdue = 0

    def cells():
        nonlocal overdue
        for row in rows:
            overdue += row.urgency == "overdue"
            left = (row.deadline_at - at).total_seconds()
            clock = "" if row.urgency == "closed" else t(
                "complaints.late" if left <= 0 else "complaints.left", time=_span(left))
            yield (str(row.id), row.deadline_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), clock,
                   statuses.get(row.status, row.status), str(row.escalation_level), one_line(row.respondent),
                   one_line(row.kind), one_line(row.complainant), one_line(row.description))

    count = textable.write(out, [t(key) for key, _ in columns], [w for _, w in columns], cells())
    out.write(t("complaints.count", count=count, overdue=overdue) + "\n")
    return 0


def _desk(args, personal) -> int:
    from callcenter import paths
    from callcenter.services import signin

    spec = args.db or (paths.demo_db() if args.demo else None)
    _open(spec, create=args.demo)
    if args.demo:
        from callcenter.services import demo

        if demo.is_empty():
            print(t("cli.demo_filling"), file=sys.stderr)
            demo.fill(DEMO_CUSTOMERS, DEMO_CALLS, seed=1)
    login = signin.os_login()
    # None: a shared account, or a served desk, signs in on screen
    clerk = None if args.sign_in else signin.desk_user(login, args.agent)
    from callcenter.ui.app import (
        create_app,  # textual is imported only when the desk opens
    )

    app = create_app(clerk, personal, login)
    app.run()
    return app.return_code or 0


EXCHANGE = {"export": cli_exchange.export, "import": cli_exchange.import_, "backup": cli_exchange.backup_,
            "restore": cli_exchange.restore, "check": cli_exchange.check}


def main(argv: list[str] | None = None) -> int:
    from callcenter import config
    from callcenter.services.errors import Refused
    from db import DatabaseRefused

    personal = config.load()
    args = build_parser().parse_args(argv)
    i18n.set_language(args.lang or personal.language)
    for problem in personal.problems:  # then on with the defaults: the desk must open
        print(t("cli.warning", message=i18n.refusal(problem)), file=sys.stderr)
    try:
        if args.command == "init":
            return _init(args)
        if args.command == "demo":
            return _demo(args)
        if args.command == "import" and args.what in cli_month.IMPORTS:
            return cli_month.run_import(args, _open)
        if args.command in EXCHANGE:
            return EXCHANGE[args.command](args, _open)
        if args.command == "followups":
            return _followups(args)
        if args.command in cli_month.FORMATS:
            return cli_month.run(args, _open)
        if args.command == "complaints":
            return _complaints(args)
        if args.command == "calendar":
            return cli_calendar.run(args, _open)
        if args.command == "staff":
            return cli_staff.run(args, _open)
        if args.command == "copy":
            return cli_copy.run(args)
        if args.command == "serve":
            return cli_serve.run(args, _open)
        if args.command in ("passwd", "cron"):
            return getattr(cli_identity, args.command)(args, _open)
        return _desk(args, personal)
    except (DatabaseRefused, Refused) as error:
        return _fail(i18n.refusal(error))
    except BrokenPipeError:  # `callcenter export ... | head` is fine
        return 0
    except Exception as error:  # a database locked past its busy timeout: one line, not a traceback
        from callcenter.services.errors import trouble

        code = trouble(error)
        if code is None:
            raise
        return _fail(t(code))
    except KeyboardInterrupt:
        return 1


if __name__ == "__main__":
    sys.exit(main())
