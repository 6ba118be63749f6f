"""The call a clerk is working, kept as it is typed, so a crash, a kill or a dropped SSH link
loses nothing: the next start offers it back. One draft per clerk; saving the call removes it
in the call's own transaction (see calls.save)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import db
from callcenter.rules.clock import now_utc
from db.models import Draft

KIND_CALL = "call"


@dataclass(frozen=True)
class Kept:
    kind: str
    data: dict
    started_at: datetime
    updated_at: datetime


def keep(clerk_id: int, data: dict, started_at: datetime, kind: str = KIND_CALL) -> None:
    """Write (or overwrite) the clerk's draft: one short immediate transaction, no audit row,
    since a draft is the clerk's scratch paper, not a record."""
    text = json.dumps(data, ensure_ascii=False)
    with db.writing():
        Draft.insert(staff=clerk_id, kind=kind, data=text, started_at=started_at, updated_at=now_utc()).on_conflict(
            conflict_target=[Draft.staff], update={Draft.kind: kind, Draft.data: text, Draft.started_at: started_at,
                                                   Draft.updated_at: now_utc()}).execute()


def find(clerk_id: int) -> Kept | None:
    with db.reading():
        row = Draft.get_or_none(Draft.staff == clerk_id)
    if row is None:
        return None
    try:
        data = json.loads(row.data)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return None  # not ours to read: nothing to offer
    return Kept(row.kind, data, row.started_at, row.updated_at)


def discard(clerk_id: int) -> None:
    with db.writing():
        remove_in_transaction(clerk_id)


def remove_in_transaction(clerk_id: int) -> None:
    """For a save that ends the call: inside its transaction, so the two stand or fall together."""
    Draft.delete().where(Draft.staff == clerk_id).execute()


def context(followup_id: int | None, project_id: int | None):
    """What a restored follow-up call needs besides its fields: the follow-up row and its project."""
    from callcenter.services import followups, projects

    row = followups.get(followup_id) if followup_id is not None else None
    detail = projects.detail(project_id) if project_id is not None else None
    return row, detail
