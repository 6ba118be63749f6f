"""The audit trail: every write that changes a record says who, when, what, before and after."""
import json
from datetime import datetime, timezone

from db.models import Audit


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
