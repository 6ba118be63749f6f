"""The audit trail: every write that changes a record says who, when, what, before and after.

It is tamper-evident: each row's `chain` is a SHA-256 of its content and of the row before's
chain, so an edited, deleted or reordered row breaks every chain after it (`callcenter check`
names the first). Rows inserted in bulk by raw SQL are chained by `seal()` in the same
transaction. Writes are serialized (SQLite's BEGIN IMMEDIATE, the server's transaction advisory
lock: db.engine.write_lock), so the row before is well defined.
"""
import hashlib
import json
from datetime import datetime, timezone

from db.models import Audit

GENESIS = "0" * 64  # the chain before the first row


def record(actor: str, entity: str, entity_id, action: str, before=None, after=None) -> None:
    """Add an audit row inside the caller's transaction, so the change and its trail land together."""
    Audit.create(
        at=datetime.now(timezone.utc),
        actor=actor,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        before=None if before is None else json.dumps(before, ensure_ascii=False, default=str),
        after=None if after is None else json.dumps(after, ensure_ascii=False, default=str),
    )
    seal()


def link(previous: str, row: Audit) -> str:
    """The chain of `row`, given the chain of the row before it."""
    content = json.dumps([row.id, int(row.at.timestamp()), row.actor, row.entity, row.entity_id, row.action,
                          row.before, row.after], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{content}".encode("utf-8")).hexdigest()


def seal() -> int:
    """Chain the newest rows that have none yet, oldest first; inside the writer's transaction.
    Walks back from the newest row to the last sealed one (by primary key: no scan)."""
    unsealed = []
    previous = GENESIS
    for row in Audit.select().order_by(Audit.id.desc()).iterator():
        if row.chain is not None:
            previous = row.chain
            break
        unsealed.append(row)
    for row in reversed(unsealed):
        previous = link(previous, row)
        Audit.update(chain=previous).where(Audit.id == row.id).execute()
    return len(unsealed)


def first_broken() -> int | None:
    """The id of the first row whose chain does not match its content and the row before; None
    when the whole trail holds together."""
    previous = GENESIS
    for row in Audit.select().order_by(Audit.id).iterator():
        if row.chain != link(previous, row):
            return row.id
        previous = row.chain
    return None
