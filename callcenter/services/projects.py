"""Projects (工地) and their milestones; saving milestones re-plans the follow-ups at once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.followup_plan import MilestoneError, Milestones, check
from callcenter.services import followups
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from db import audit
from db.models import LIMITS, Acceptance, Customer, FollowUp, Project, Staff

STAFF_ROLES = ("designer", "qc_inspector", "project_manager")


@dataclass(frozen=True)
class ProjectDetail:
    id: int
    customer_id: int
    customer: str
    address: str
    staff: dict  # role -> (staff id, name) or None
    handover_at: datetime | None
    acceptances: dict  # stage -> time
    final_acceptance_at: datetime | None
    warranty_months: int | None  # the project's own; None: the company's
    plan: tuple  # FollowUpRow of this project, open, done and cancelled


def detail(project_id: int) -> ProjectDetail | None:
    with db.reading():
        project = Project.get_or_none(Project.id == project_id)
        if project is None:
            return None
        customer = Customer.get_by_id(project.customer_id)
        staff = {}
        for role in STAFF_ROLES:
            staff_id = getattr(project, f"{role}_id")
            person = Staff.get_or_none(Staff.id == staff_id) if staff_id else None
            staff[role] = (person.id, person.name) if person else None
        acceptances = {a.stage: a.at for a in Acceptance.select().where(Acceptance.project == project_id)}
        convert = followups._to_row(now_utc())
        plan = tuple(convert(row) for row in followups._rows(FollowUp.project == project_id))
    return ProjectDetail(project.id, customer.id, customer.name, project.address, staff, project.handover_at,
                         acceptances, project.final_acceptance_at, project.warranty_months, plan)


def check_milestones(handover_at, acceptances: dict, final_at, warranty_months: int | None, settings) -> None:
    months = warranty_months if warranty_months is not None else settings["warranty_months"]
    stages = tuple(sorted(((s, t) for s, t in acceptances.items() if t is not None), key=lambda p: p[1]))
    try:
        check(Milestones(handover_at, stages, final_at, months), now_utc())
    except MilestoneError as error:
        raise Refused(error.code) from None


def save_milestones(actor, project_id: int, handover_at: datetime | None, acceptances: dict,
                    final_at: datetime | None, warranty_months: int | None) -> None:
    """Replace a project's milestones and re-plan its follow-ups, all in one transaction."""
    settings = settings_service.load()
    check_milestones(handover_at, acceptances, final_at, warranty_months, settings)
    with db.writing():
        project = Project.get_by_id(project_id)
        before = {"handover_at": project.handover_at, "final_acceptance_at": project.final_acceptance_at,
                  "warranty_months": project.warranty_months,
                  "acceptances": {a.stage: a.at for a in project.acceptances}}
        Project.update(handover_at=handover_at, final_acceptance_at=final_at, warranty_months=warranty_months).where(
            Project.id == project_id).execute()
        Acceptance.delete().where(Acceptance.project == project_id).execute()
        rows = [{"project": project_id, "stage": s, "at": t} for s, t in acceptances.items() if t is not None]
        if rows:
            Acceptance.insert_many(rows).execute()
        followups.replan(project_id, settings)
        audit.record(actor.login, "project", project_id, "milestones", before,
                     {"handover_at": handover_at, "final_acceptance_at": final_at, "warranty_months": warranty_months,
                      "acceptances": {r["stage"]: r["at"] for r in rows}})


def create(actor, customer_id: int, address: str, staff_ids: dict | None = None) -> int:
    check_length("address", address, LIMITS["address"])
    staff_ids = staff_ids or {}
    with db.writing():
        project = Project.create(customer=customer_id, address=address.strip(), created_at=now_utc(),
                                 **{role: staff_ids.get(role) for role in STAFF_ROLES})
        audit.record(actor.login, "project", project.id, "create", None,
                     {"customer": customer_id, "address": project.address, **staff_ids})
    return project.id
