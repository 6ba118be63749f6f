"""Phone messages (电话记录) for people who could not take a call, until someone relays them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import db
from callcenter.rules.clock import now_utc
from callcenter.rules.phone import display
from callcenter.services import settings as settings_service
from callcenter.services.errors import Refused, check_length
from callcenter.services.paging import PAGE_SIZE, Page, page_of
from db import audit
from db.models import LIMITS, Message, Staff


@dataclass
class MessageDraft:
    recipient: str
    content: str
    caller_name: str = ""
    callback_text: str = ""
    urgent: bool = False


@dataclass(frozen=True)
class MessageRow:
    id: int
    created_at: datetime
    recipient: str
    caller_name: str
    callback: str
    content: str
    urgent: bool
    taken_by: str
    relayed_at: datetime | None


def check(draft: MessageDraft, settings):
    """Refuse a message that is incomplete or too long; return its callback Phone (or None)."""
    from callcenter.services.customers import phone_from_text

    if not draft.recipient.strip():
        raise Refused("message.recipient_required")
    if not draft.content.strip():
        raise Refused("message.content_required")
    for name, value in (("recipient", draft.recipient), ("name", draft.caller_name), ("content", draft.content)):
        check_length(name, value, LIMITS[name])
    return phone_from_text(draft.callback_text, settings) if draft.callback_text.strip() else None


def insert(actor, draft: MessageDraft, settings, call_id: int | None = None) -> int:
    """Inside the caller's write transaction."""
    phone = check(draft, settings)
    message = Message.create(
        call=call_id, recipient=draft.recipient.strip(), caller_name=draft.caller_name.strip(),
        callback_raw=phone.raw if phone else "", callback_e164=phone.e164 if phone else None,
        content=draft.content, urgent=draft.urgent, created_at=now_utc(), created_by=actor.id,
    )
    audit.record(actor.login, "message", message.id, "create", None,
                 {"recipient": message.recipient, "urgent": message.urgent})
    return message.id


def create(actor, draft: MessageDraft) -> int:
    settings = settings_service.load()
    check(draft, settings)
    with db.writing():
        return insert(actor, draft, settings)


def count_open() -> int:
    with db.reading():
        return Message.select().where(Message.relayed_at.is_null()).count()


def _row(message) -> MessageRow:
    return MessageRow(
        message.id, message.created_at, message.recipient, message.caller_name,
        display(message.callback_e164, message.callback_raw), message.content, message.urgent,
        message.created_by.name, message.relayed_at,
    )


def listing(page: int = 0, size: int = PAGE_SIZE, *, include_relayed: bool = False) -> Page[MessageRow]:
    """Open messages, urgent first then oldest first; with relayed ones, newest first."""
    query = Message.select(Message, Staff).join(Staff, on=(Message.created_by == Staff.id))
    if include_relayed:
        query = query.order_by(Message.created_at.desc())
    else:
        query = query.where(Message.relayed_at.is_null()).order_by(Message.urgent.desc(), Message.created_at)
    with db.reading():
        return page_of(query, page, size, _row)


def mark_relayed(actor, message_id: int) -> None:
    """Record who passed the message on and when; a message is relayed once."""
    now = now_utc()
    with db.writing():
        changed = (
            Message.update(relayed_at=now, relayed_by=actor.id)
            .where((Message.id == message_id) & Message.relayed_at.is_null())
            .execute()
        )
        if not changed:
            raise Refused("message.already_relayed")
        audit.record(actor.login, "message", message_id, "relay", {"relayed_at": None},
                     {"relayed_at": now.isoformat(), "relayed_by": actor.login})
