"""Who is at the desk or the command line: the OS login, or a staff login and password on an OS
account several people share; and what a command needs them to be.

Identity never comes from a flag: `--agent` picks a role only on a demo database. Every refusal
of a sign-in or of a command is one Refused and one audit row; nothing else is written.
"""
from __future__ import annotations

import os
import pwd
from datetime import datetime, timedelta

import db
from callcenter.rules import passwords
from callcenter.rules.clock import now_utc
from callcenter.services import settings as settings_service
from callcenter.services import staff
from callcenter.services.errors import Refused
from db import audit
from db.models import Credential, DatabaseMark, Staff

CRON = "cron"  # the system identity of scheduled escalations, once a supervisor enabled it


def os_login() -> str:
    """The OS account running this process, from its user id: $USER and $LOGNAME can be set by anyone."""
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a uid without a passwd entry (some containers) has no name to be
        raise Refused("signin.no_os_login", uid=os.geteuid()) from None


def is_shared(login: str) -> bool:
    return login in settings_service.load()["shared_logins"]


def refuse(actor: str, what: str, code: str, **params) -> Refused:
    """Audit a refused sign-in or command and return the Refused to raise."""
    with db.writing():
        audit.record(actor, "sign_in", what, "refused", None, {"reason": code, **params})
    return Refused(code, **params)


def desk_user(login: str, agent: str | None = None) -> staff.Clerk | None:
    """The clerk this OS login is; None when the account is shared and the sign-in screen decides.

    `agent` (the --agent flag) is refused unless the database is a demo.
    """
    if agent is not None:
        if not staff.is_demo():
            raise refuse(login, "agent", "signin.agent_demo_only")
        return staff.sign_in(agent)
    if not staff.is_demo() and is_shared(login):
        return None
    try:
        return staff.sign_in(login)
    except Refused as error:
        raise refuse(login, login, error.code, **error.params) from None


def anyone_has_password() -> bool:
    """Whether some active desk user could sign in with a password (a served desk needs one)."""
    with db.reading():
        return (Credential.select().join(Staff, on=(Credential.staff == Staff.id))
                .where(Staff.active == True).exists())  # noqa: E712


def _wrong(credential_id: int, now: datetime) -> tuple[int, bool]:
    """One more wrong password; (tries left, locked now)."""
    credential = Credential.get_by_id(credential_id)
    credential.failures += 1
    locked = credential.failures >= passwords.ATTEMPTS
    if locked:
        credential.failures = 0
        credential.locked_until = now + timedelta(seconds=passwords.LOCK_SECONDS)
    credential.save()
    return passwords.ATTEMPTS - credential.failures, locked


def with_password(login: str, password: str, by: str = "") -> staff.Clerk:
    """The desk user whose staff login and password these are; `by` is the shared OS account.

    Five wrong passwords in a row lock the login for five minutes; every failure is audited.
    """
    actor = by or login
    login = staff.checked_login(login)
    now = now_utc()
    with db.reading():
        person = Staff.get_or_none(Staff.login == login)
        credential = None if person is None else Credential.get_or_none(Credential.staff == person.id)
    if person is None or not person.active:
        raise refuse(actor, login, "signin.unknown_login", login=login)
    if credential is None:
        raise refuse(actor, login, "signin.no_password", login=login)
    if credential.locked_until is not None and credential.locked_until > now:
        minutes = -(-int((credential.locked_until - now).total_seconds()) // 60)
        raise refuse(actor, login, "signin.locked", login=login, minutes=minutes)
    if not passwords.matches(password, bytes.fromhex(credential.salt), bytes.fromhex(credential.digest)):
        with db.writing():
            left, locked = _wrong(credential.id, now)
            code = "signin.locked_now" if locked else "signin.wrong_password"
            audit.record(actor, "sign_in", login, "refused", None, {"reason": code, "left": left})
        raise Refused(code, login=login, left=left, minutes=passwords.LOCK_SECONDS // 60)
    if credential.failures or credential.locked_until is not None:
        with db.writing():
            Credential.update(failures=0, locked_until=None).where(Credential.id == credential.id).execute()
    return staff.sign_in(login)


def set_password(actor: staff.Clerk, login: str, password: str) -> None:
    """Anyone sets their own password; a supervisor sets anyone's. The password itself is never kept."""
    login = staff.checked_login(login)
    if login != actor.login and not actor.is_supervisor:
        raise refuse(actor.login, "passwd", "signin.passwd_supervisor_only", login=login)
    if len(password) < passwords.MIN_LENGTH:
        raise Refused("signin.password_short", length=passwords.MIN_LENGTH)
    salt = passwords.new_salt()
    digest = passwords.digest(password, salt).hex()  # before the write lock: it takes a tenth of a second
    with db.writing():
        person = Staff.get_or_none((Staff.login == login) & (Staff.active == True))  # noqa: E712
        if person is None:
            raise Refused("signin.unknown_login", login=login)
        Credential.insert(staff=person.id, digest=digest, salt=salt.hex(), failures=0, locked_until=None,
                          set_at=now_utc()).on_conflict(
            conflict_target=[Credential.staff],
            update={Credential.digest: digest, Credential.salt: salt.hex(), Credential.failures: 0,
                    Credential.locked_until: None, Credential.set_at: now_utc()}).execute()
        audit.record(actor.login, "staff", person.id, "set_password", None, {"login": login})


def needs_supervisor(clerk: staff.Clerk, command: str) -> staff.Clerk:
    """The clerk, when they supervise; a refusal, audited, when not."""
    if not clerk.is_supervisor:
        raise refuse(clerk.login, command, "signin.supervisor_command", command=command)
    return clerk


def cron_enabled() -> bool:
    with db.reading():
        return DatabaseMark.select().where(DatabaseMark.name == CRON).exists()


def enable_cron(actor: staff.Clerk) -> bool:
    """Let scheduled escalations run as the system identity; False when they already could."""
    needs_supervisor(actor, "cron")
    with db.writing():
        if DatabaseMark.select().where(DatabaseMark.name == CRON).exists():
            return False
        DatabaseMark.create(name=CRON, at=now_utc())
        audit.record(actor.login, "system", CRON, "enable", None, {"identity": CRON})
    return True

