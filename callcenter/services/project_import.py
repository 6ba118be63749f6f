"""`callcenter import projects`: customers, their projects and milestones, one row at a time.

Columns: customer, phone, address, designer, qc_inspector, project_manager, handover_at,
acceptances, final_acceptance_at, warranty_months (or their Chinese headings); only customer and
phone are required. Times in any form of callcenter.rules.dates; acceptances are
`stage:time;stage:time` with the company's stage names.

A row's customer (found by phone, else created; another name on file is a conflict unless
`update`), its project (found by customer and address, else created) and its milestones land in
one transaction. An empty cell keeps what the project already has, so a file that only adds the
latest acceptances works, and importing the same file again changes nothing (rows that match
what is stored are not written again, so not even the audit trail grows).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import db
from callcenter.rules import dates
from callcenter.rules.phone import Phone
from callcenter.services import customer_import, projects
from callcenter.services.errors import Refused, check_length
from callcenter.services.importing import Cells
from db import audit
from db.models import LIMITS, Acceptance, Project, Staff

STAFF_ROLES = projects.STAFF_ROLES
COLUMNS = ("customer", "phone", "address", *STAFF_ROLES, "handover_at", "acceptances", "final_acceptance_at",
           "warranty_months")
REQUIRED = ("customer", "phone")
CLAIM_COLUMN = "phone"


@dataclass
class Row:
    """One row, read and checked: nothing in it needs the database any more."""

    customer: customer_import.Row
    staff: dict = field(default_factory=dict)  # role -> staff id, given cells only
    handover_at: datetime | None = None
    acceptances: dict = field(default_factory=dict)  # stage -> time, given stages only
    final_at: datetime | None = None
    warranty_months: int | None = None


@dataclass(frozen=True)
class Context:
    settings: object
    staff: dict  # (name, role) -> staff id
    stages: frozenset


def prepare(settings) -> Context:
    """(name, role) -> staff id: active people first, then the oldest record. Tens of rows."""
    customer_import.prepare(settings)
    index = {}
    with db.reading():
        query = (Staff.select(Staff.id, Staff.name, Staff.role)
                 .where(Staff.role.in_(STAFF_ROLES)).order_by(Staff.active.desc(), Staff.id).tuples())
        for staff_id, name, role in query:
            index.setdefault((name, role), staff_id)
    return Context(settings, index, frozenset(settings["acceptance_stages"]))


def _acceptances(cells: Cells, stages: frozenset) -> dict:
    """`水电:2026-11-20 09:30;泥瓦:2026-12-02 10:00` -> {stage: time}; every bad part reported."""
    result = {}
    folded = unicodedata.normalize("NFKC", cells.text("acceptances"))  # ；and ：typed on a Chinese keyboard
    for part in folded.split(";"):
        part = part.strip()
        if not part:
            continue
        stage, colon, when = part.partition(":")
        stage, when = stage.strip(), when.strip()
        if not colon or not stage or not when:
            cells.fail("acceptances", Refused("import.bad_acceptance", value=part), part)
        elif stage not in stages:
            cells.fail("acceptances", Refused("import.unknown_stage", stage=stage), part)
        elif stage in result:
            cells.fail("acceptances", Refused("milestone.duplicate_stage"), part)
        else:
            reading = dates.read(when, cells.zone)
            if reading.problem:
                cells.fail("acceptances", Refused(reading.problem), part)
            result[stage] = reading.value
    return result


def read(cells: Cells, context: Context) -> Row | None:
    name = cells.text("customer", required="customer.name_required")
    phone: Phone | None = customer_import.personal_phone(cells, "phone", context.settings)
    address = cells.text("address")
    cells.check("customer", check_length, "name", name, LIMITS["name"])
    cells.check("address", check_length, "address", address, LIMITS["address"])
    row = Row(customer_import.Row(name, phone, address, ""))
    for role in STAFF_ROLES:
        person = cells.text(role)
        if person:
            staff_id = context.staff.get((person, role))
            if staff_id is None:
                cells.fail(role, Refused(f"import.unknown_{role}", name=person))
            row.staff[role] = staff_id
    row.handover_at = cells.time("handover_at")
    row.acceptances = _acceptances(cells, context.stages)
    row.final_at = cells.time("final_acceptance_at")
    row.warranty_months = cells.number("warranty_months")
    if not cells.problems:
        try:
            projects.check_milestones(row.handover_at, row.acceptances, row.final_at, row.warranty_months,
                                      context.settings)
        except Refused as refusal:  # the dates do not fit together: no one cell is wrong
            cells.fail("", refusal, "")
    return row if phone else None


def claim(row: Row):
    return customer_import.claim(row.customer)


def write(actor, row: Row, context: Context, update: bool) -> None:
    """The row's customer, project and milestones, in the caller's write transaction."""
    customer_id = customer_import.write(actor, row.customer, context.settings, update, compare=("name",),
                                           name_column="customer")
    address = row.customer.address
    project = (Project.select().where((Project.customer == customer_id) & (Project.address == address))
               .order_by(Project.id).first())
    if project is None:
        project = Project.get_by_id(projects.create(actor, customer_id, address, row.staff))
    else:
        changed = {role: staff_id for role, staff_id in row.staff.items()
                   if getattr(project, f"{role}_id") != staff_id}
        if changed:
            before = {role: getattr(project, f"{role}_id") for role in changed}
            Project.update(**changed).where(Project.id == project.id).execute()
            audit.record(actor.login, "project", project.id, "staff", before, changed)
    stored = {a.stage: a.at for a in Acceptance.select().where(Acceptance.project == project.id)}
    handover = row.handover_at or project.handover_at
    acceptances = stored | row.acceptances
    final = row.final_at or project.final_acceptance_at
    months = row.warranty_months if row.warranty_months is not None else project.warranty_months
    if (handover, acceptances, final, months) == (project.handover_at, stored, project.final_acceptance_at,
                                                  project.warranty_months):
        return  # as stored: nothing to write, nothing to re-plan
    projects.save_milestones(actor, project.id, handover, acceptances, final, months)
