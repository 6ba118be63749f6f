"""Company settings: read as one snapshot, changed by supervisors only, every change audited."""
from __future__ import annotations

import json
from dataclasses import dataclass

import db
from db import audit
from db.defaults import DEFAULTS
from db.models import Setting
from callcenter.rules.clock import now_utc
from callcenter.services.errors import Refused


@dataclass(frozen=True)
class Settings:
    values: dict

    def __getitem__(self, key: str):
        return self.values.get(key, DEFAULTS.get(key))

    @property
    def company(self) -> str:
        return self["company_name"]

    @property
    def zone(self) -> str:
        return self["company_zone"]

    def script(self, stage: str) -> str:
        return self["script"].get(stage, DEFAULTS["script"].get(stage, ""))


def load() -> Settings:
    with db.reading():
        return Settings({row.key: json.loads(row.value) for row in Setting.select()})


def _same_shape(value, default) -> bool:
    if isinstance(default, dict):
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    if isinstance(default, list):
        return isinstance(value, list) and all(isinstance(v, type(default[0])) for v in value)
    return isinstance(value, type(default))


def save(actor, key: str, value) -> None:
    """Replace one setting. `actor` is the signed-in Clerk; only a supervisor may do this."""
    if not actor.is_supervisor:
        raise Refused("settings.supervisor_only")
    if key not in DEFAULTS:
        raise Refused("settings.unknown", key=key)
    if not _same_shape(value, DEFAULTS[key]) or value in ("", [], {}):
        raise Refused("settings.bad_value", key=key)
    text = json.dumps(value, ensure_ascii=False)
    with db.writing():
        row = Setting.get_or_none(Setting.key == key)
        before = json.loads(row.value) if row else None
        Setting.insert(key=key, value=text, updated_at=now_utc(), updated_by=actor.login).on_conflict_replace().execute()
        audit.record(actor.login, "setting", key, "update", before, value)
