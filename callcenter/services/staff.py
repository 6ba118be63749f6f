"""Who is at the desk, and the staff directory: the people calls are about or are transferred to.

A supervisor keeps the directory (add, edit, deactivate); a login not in it is refused at the desk,
except on a demo database, where anyone comes in as the demo clerk without being added.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.roles import CHINESE, role_of, valid_login
from callcenter.rules.text import comparable
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import LIMITS, DatabaseMark, Staff

DEMO_LOGIN = "demo"  # the demo database's shared clerk: whoever is not in its directory
DEMO_NAME = "演示客服"


@dataclass(frozen=True)
class Clerk:
    id: int
    login: str
    name: str
    is_supervisor: bool
    department: str = ""


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    department: str


@dataclass(frozen=True)
class PersonFields:
    """A directory entry as typed: role is a key or its Chinese name, login and phone may be empty."""

    name: str
    role: str
    department: str = ""
    phone: str = ""
    login: str = ""
    is_supervisor: bool = False


@dataclass(frozen=True)
class DirectoryRow:
    id: int
    name: str
    role: str
    department: str
    phone: str
    login: str
    is_supervisor: bool
    active: bool


def checked_login(login: str) -> str:
    """The login as kept: NFKC-folded (ｗａｎｇ is wang) and trimmed; letters, digits, . _ - and 1 to 40
    of them."""
    login = comparable(login)
    if login is None:
        raise Refused("staff.invisible", field="login")
    if not login or len(login) > LIMITS["name"]:
        raise Refused("staff.bad_login")
    if not valid_login(login):
        raise Refused("staff.login_characters", login=login)
    return login


def _name(text: str) -> str:
    """A person's name as kept: NFKC-folded, so that no look-alike of another name can be made."""
    name = comparable(text)
    if name is None:
        raise Refused("staff.invisible", field="name")
    return name


def checked_supervisor(login: str, name: str) -> tuple[str, str]:
    """(login, name) of a new database's first supervisor, refused before anything is written."""
    name = _name(name)
    if not name:
        raise Refused("staff.name_required")
    check_length("name", name, LIMITS["name"])
    return checked_login(login), name


def _clerk(staff: Staff) -> Clerk:
    return Clerk(staff.id, staff.login, staff.name, staff.is_supervisor, staff.department or "")


def first_supervisor(login: str, name: str) -> Clerk:
    """The first desk user of a new database (`callcenter init`): a supervisor, by name."""
    login, name = checked_supervisor(login, name)
    with db.writing():
        if Staff.select().where(Staff.login.is_null(False)).exists():
            raise Refused("staff.not_first")
        staff = Staff.create(login=login, name=name, role="clerk", is_supervisor=True, created_at=now_utc())
        audit.record(login, "staff", staff.id, "create", None, {"login": login, "name": name, "is_supervisor": True})
    return _clerk(staff)


def is_demo() -> bool:
    with db.reading():
        return DatabaseMark.select().where(DatabaseMark.name == "demo").exists()


def sign_in(login: str) -> Clerk:
    """The desk user with this login. Unknown logins are refused, never added: on a demo database
    they come in as the demo clerk; a database with no desk user at all (made before `init`
    existed) takes its first one as supervisor."""
    login = checked_login(login)
    with db.reading():  # the usual case: no write lock for a clerk who is already known
        staff = Staff.get_or_none(Staff.login == login)
        demo = DatabaseMark.select().where(DatabaseMark.name == "demo").exists()
    if staff is not None:
        if not staff.active:
            raise Refused("staff.inactive_login", login=login)
        return _clerk(staff)
    if demo:  # the demo clerk, once made, is read: a start must not wait on another desk's write
        with db.reading():
            shared = Staff.get_or_none(Staff.login == DEMO_LOGIN)
        if shared is not None:
            return _clerk(shared)
    with db.writing():
        staff = Staff.get_or_none(Staff.login == (DEMO_LOGIN if demo else login))
        if staff is None and demo:
            staff = Staff.create(login=DEMO_LOGIN, name=DEMO_NAME, role="clerk", department="行政部",
                                 created_at=now_utc())
        elif staff is None:
            if Staff.select().where(Staff.login.is_null(False)).exists():
                raise Refused("staff.not_in_directory", login=login)
            staff = Staff.create(login=login, name=login, role="clerk", is_supervisor=True, created_at=now_utc())
            audit.record(login, "staff", staff.id, "create", None, {"login": login, "is_supervisor": True})
    return _clerk(staff)


def people(roles: tuple[str, ...] | None = None) -> list[Person]:
    """Active staff, by name: what pick lists offer; a company has tens of them, not thousands."""
    with db.reading():
        query = Staff.select().where(Staff.active == True).order_by(Staff.name)  # noqa: E712
        if roles:
            query = query.where(Staff.role.in_(roles))
        return [Person(s.id, s.name, s.role, s.department or "") for s in query]


def directory(*, inactive: bool = True) -> list[DirectoryRow]:
    """Everyone in the directory, active first, then by name."""
    with db.reading():
        query = Staff.select().order_by(Staff.active.desc(), Staff.name, Staff.id)
        if not inactive:
            query = query.where(Staff.active == True)  # noqa: E712
        return [DirectoryRow(s.id, s.name, s.role, s.department or "", s.phone, s.login or "",
                             s.is_supervisor, s.active) for s in query]


def _checked(fields: PersonFields, settings=None) -> PersonFields:
    """The fields as kept: role a key, phone as typed but valid, login checked; refused otherwise."""
    from callcenter.services.customers import phone_from_text

    name = _name(fields.name)
    if not name:
        raise Refused("staff.person_name_required")
    check_length("name", name, LIMITS["name"])
    department = fields.department.strip()
    check_length("department", department, LIMITS["name"])
    role = role_of(fields.role)
    if role is None:
        raise Refused("staff.bad_role", role=fields.role.strip(), roles="、".join(CHINESE))
    phone = fields.phone.strip()
    if phone:
        check_length("phone", phone, LIMITS["phone"])
        phone_from_text(phone, settings)
    login = checked_login(fields.login) if fields.login.strip() else ""
    if fields.is_supervisor and not login:
        raise Refused("staff.supervisor_needs_login")
    return PersonFields(name, role, department, phone, login, fields.is_supervisor)


def _supervisor(actor) -> None:
    if not actor.is_supervisor:
        raise Refused("staff.supervisor_only")


def _taken(login: str, staff_id: int | None) -> None:
    if not login:
        return
    query = Staff.select().where(Staff.login == login)
    if staff_id is not None:
        query = query.where(Staff.id != staff_id)
    if query.exists():
        raise Refused("staff.duplicate_login", login=login)


def _keeps_a_supervisor() -> None:
    """Called after a change inside its transaction: someone active must still supervise."""
    if not Staff.select().where(Staff.is_supervisor & Staff.active & Staff.login.is_null(False)).exists():
        raise _LastSupervisor


class _LastSupervisor(Exception):
    """Rolls the change back; refused as staff.last_supervisor."""


def _entry(staff: Staff) -> dict:
    return {"name": staff.name, "role": staff.role, "department": staff.department or "", "phone": staff.phone,
            "login": staff.login or "", "is_supervisor": staff.is_supervisor, "active": staff.active}


def _columns(fields: PersonFields) -> dict:
    values = asdict(fields)
    values["login"] = fields.login or None
    return values


def add(actor, fields: PersonFields) -> int:
    _supervisor(actor)
    fields = _checked(fields)
    with db.writing():
        _taken(fields.login, None)
        staff = Staff.create(**_columns(fields), created_at=now_utc())
        audit.record(actor.login, "staff", staff.id, "create", None, _entry(staff))
    return staff.id


def _change(actor, staff_id: int, **values) -> bool:
    """Write `values` to one person, audited; refused when it leaves no active supervisor. True if
    anything changed."""
    try:
        with db.writing():
            staff = Staff.get_or_none(Staff.id == staff_id)
            if staff is None:
                raise Refused("staff.unknown")
            before = _entry(staff)
            _taken(values.get("login") or "", staff_id)
            for key, value in values.items():
                setattr(staff, key, value)
            after = _entry(staff)
            if after == before:
                return False
            staff.save()
            _keeps_a_supervisor()
            audit.record(actor.login, "staff", staff_id, "update", before, after)
    except _LastSupervisor:
        raise Refused("staff.last_supervisor") from None
    return True


def edit(actor, staff_id: int, fields: PersonFields) -> bool:
    _supervisor(actor)
    return _change(actor, staff_id, **_columns(_checked(fields)))


def set_active(actor, staff_id: int, active: bool) -> bool:
    """Deactivated people keep their history and drop out of every pick list."""
    _supervisor(actor)
    return _change(actor, staff_id, active=active)
