"""Who is at the desk, and the people calls are about or are transferred to."""
from __future__ import annotations

from dataclasses import dataclass

import db
from callcenter.rules.clock import now_utc
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import LIMITS, Staff

ROLES = ("clerk", "supervisor", "designer", "qc_inspector", "project_manager", "assistant", "deputy_gm", "other")


@dataclass(frozen=True)
class Clerk:
    id: int
    login: str
    name: str
    is_supervisor: bool


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: str
    department: str


def checked_login(login: str) -> str:
    """The login as kept: trimmed, 1 to 40 characters."""
    login = login.strip()
    if not login or len(login) > LIMITS["name"]:
        raise Refused("staff.bad_login")
    return login


def checked_supervisor(login: str, name: str) -> tuple[str, str]:
    """(login, name) of a new database's first supervisor, refused before anything is written."""
    name = name.strip()
    if not name:
        raise Refused("staff.name_required")
    check_length("name", name, LIMITS["name"])
    return checked_login(login), name


def first_supervisor(login: str, name: str) -> Clerk:
    """The first desk user of a new database (`callcenter init`): a supervisor, by name."""
    login, name = checked_supervisor(login, name)
    with db.writing():
        if Staff.select().where(Staff.login.is_null(False)).exists():
            raise Refused("staff.not_first")
        staff = Staff.create(login=login, name=name, role="supervisor", is_supervisor=True, created_at=now_utc())
        audit.record(login, "staff", staff.id, "create", None, {"login": login, "name": name, "is_supervisor": True})
    return Clerk(staff.id, staff.login, staff.name, staff.is_supervisor)


def sign_in(login: str) -> Clerk:
    """The clerk with this login, created on first use; the very first desk user supervises."""
    login = checked_login(login)
    with db.reading():  # the usual case: no write lock for a clerk who is already known
        staff = Staff.get_or_none(Staff.login == login)
    if staff is not None:
        return Clerk(staff.id, staff.login, staff.name, staff.is_supervisor)
    with db.writing():
        staff = Staff.get_or_none(Staff.login == login)  # another desk may have just added them
        if staff is None:
            first = not Staff.select().where(Staff.login.is_null(False)).exists()
            staff = Staff.create(
                login=login, name=login, role="supervisor" if first else "clerk",
                is_supervisor=first, created_at=now_utc(),
            )
            audit.record(login, "staff", staff.id, "create", None, {"login": login, "is_supervisor": first})
    return Clerk(staff.id, staff.login, staff.name, staff.is_supervisor)


def people(roles: tuple[str, ...] | None = None) -> list[Person]:
    """Active staff, by name; a company has tens of them, not thousands."""
    with db.reading():
        query = Staff.select().where(Staff.active == True).order_by(Staff.name)  # noqa: E712
        if roles:
            query = query.where(Staff.role.in_(roles))
        return [Person(s.id, s.name, s.role, s.department or "") for s in query]
