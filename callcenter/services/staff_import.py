"""`callcenter import staff`: people by login, or by name and role; supervisors only.

Roles are read as the desk names them (designer) or as either language shows them (设计师).
"""
from __future__ import annotations

from dataclasses import dataclass

from callcenter import i18n
from callcenter.exchange.header import fold
from callcenter.rules.clock import now_utc
from callcenter.rules.roles import ROLES, role_of
from callcenter.services.customer_import import changes
from callcenter.services.customers import phone_from_text
from callcenter.services.errors import Refused, check_length
from callcenter.services.importing import Cells
from db import audit
from db.models import LIMITS, Staff

COLUMNS = ("name", "role", "department", "phone", "login", "supervisor", "active")
REQUIRED = ("name", "role")
CLAIM_COLUMN = "login"
SUPERVISOR_ONLY = True  # a row can make someone a supervisor
LOGIN_LIMIT = 40


@dataclass(frozen=True)
class Row:
    name: str
    role: str
    department: str
    phone: str
    login: str | None
    is_supervisor: bool
    active: bool


def prepare(settings) -> dict:
    """Every way a role may be written -> the role."""
    words = {}
    for role in ROLES:
        words[role] = role
        for text in i18n.CATALOG[f"role.{role}"]:
            words[fold(text)] = role
    return words


def read(cells: Cells, roles: dict) -> Row | None:
    name = cells.text("name", required="customer.name_required")
    cells.check("name", check_length, "name", name, LIMITS["name"])
    role_text = cells.text("role", required="import.role_required")
    role = roles.get(fold(role_text)) or role_of(role_text)  # the seed's job names too: 行政助理, 客服
    if role_text and role is None:
        cells.fail("role", Refused("import.unknown_role"))
    department = cells.text("department")
    cells.check("department", check_length, "department", department, LIMITS["name"])
    phone = cells.text("phone")
    if phone:
        cells.check("phone", check_length, "phone", phone, LIMITS["phone"])
        cells.check("phone", phone_from_text, phone, None)  # a number the desk can dial, as at the desk
    login = cells.text("login") or None
    if login and len(login) > LOGIN_LIMIT:
        cells.fail("login", Refused("staff.bad_login"))
    supervisor = cells.flag("supervisor", False)
    active = cells.flag("active", True)
    return Row(name, role, department, phone, login, supervisor, active) if role else None


def claim(row: Row):
    return (row.login, row.name) if row.login else None


def write(actor, row: Row, roles, update: bool) -> None:
    query = Staff.select().where(Staff.login == row.login) if row.login else (
        Staff.select().where((Staff.name == row.name) & (Staff.role == row.role) & Staff.login.is_null()))
    found = query.order_by(Staff.id).first()
    given = {"name": row.name, "role": row.role, "department": row.department, "phone": row.phone,
             "is_supervisor": row.is_supervisor, "active": row.active}
    if found is None:
        staff = Staff.create(login=row.login, created_at=now_utc(), **given)
        audit.record(actor.login, "staff", staff.id, "import", None, {"login": row.login, **given})
        return
    stored = {field: getattr(found, field) for field in given}
    stored["department"] = stored["department"] or ""
    # Flags are always given (a blank cell reads as the default): compare them like text.
    changed = changes({k: str(v) for k, v in stored.items()}, {k: str(v) for k, v in given.items() if v != ""},
                      update, {"is_supervisor": "supervisor"})
    if changed:
        values = {field: given[field] for field in changed}
        Staff.update(**values).where(Staff.id == found.id).execute()
        audit.record(actor.login, "staff", found.id, "import", {k: stored[k] for k in changed}, values)
