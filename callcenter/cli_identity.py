"""Who runs a command that writes: the OS login's staff member, or on an OS account several people
share, a staff login and password asked on the terminal. Also `callcenter passwd` and `callcenter
cron enable`.

    callcenter passwd [LOGIN]      your own password, or (supervisors) someone else's
    callcenter cron enable         scheduled escalations may run as the system identity "cron"
"""
from __future__ import annotations

import getpass
import sys

from callcenter.i18n import t


def add_parsers(sub, common) -> None:
    passwd = sub.add_parser("passwd", help="set a desk password (for OS accounts several people share)")
    common(passwd, sub=True)
    passwd.add_argument("login", nargs="?", help="whose (default: yours); supervisors set anyone's")
    cron = sub.add_parser("cron", help="let scheduled escalations run as the system identity (supervisors)")
    common(cron, sub=True)
    cron.add_argument("action", choices=["enable"])


def _ask(prompt: str, *, secret: bool) -> str:
    from callcenter.services.errors import Refused

    if not sys.stdin.isatty():
        raise Refused("signin.needs_terminal")
    try:
        return getpass.getpass(prompt) if secret else input(prompt)
    except EOFError:
        raise Refused("signin.needs_terminal") from None


def actor(args):
    """The staff member running this command; --agent only on a demo database."""
    from callcenter.services import signin

    login = signin.os_login()
    clerk = signin.desk_user(login, getattr(args, "agent", None))
    if clerk is None:  # a shared account: the person says who they are
        clerk = signin.with_password(_ask(t("signin.ask_login"), secret=False),
                                     _ask(t("signin.ask_password"), secret=True), by=login)
    return clerk


def supervisor(args, command: str):
    from callcenter.services import signin

    return signin.needs_supervisor(actor(args), command)


def escalator(args) -> str:
    """Who escalates: a staff member, else the system identity once a supervisor enabled it."""
    from callcenter.services import signin, staff
    from callcenter.services.errors import Refused

    login = signin.os_login()
    try:
        return staff.sign_in(login).login
    except Refused:
        if signin.cron_enabled():
            return signin.CRON
        raise signin.refuse(login, "complaints --escalate", "signin.cron_disabled", login=login) from None


def passwd(args, open_db) -> int:
    from callcenter.services import signin

    open_db(args.db)
    clerk = actor(args)
    login = args.login or clerk.login
    if login != clerk.login:
        signin.needs_supervisor(clerk, "passwd")
    first = _ask(t("signin.new_password", login=login), secret=True)
    if _ask(t("signin.again"), secret=True) != first:
        from callcenter.services.errors import Refused

        raise Refused("signin.passwords_differ")
    signin.set_password(clerk, login, first)
    print(t("signin.password_set", login=login))
    return 0


def cron(args, open_db) -> int:
    from callcenter.services import signin

    open_db(args.db)
    enabled = signin.enable_cron(supervisor(args, "cron"))
    print(t("signin.cron_enabled" if enabled else "signin.cron_was_enabled"))
    return 0
