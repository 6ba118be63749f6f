"""Company settings: read as one snapshot, changed by supervisors only, every change audited."""
from __future__ import annotations

import json
from dataclasses import dataclass

import db
from callcenter.rules.clock import ZoneError, now_utc, zone
from callcenter.rules.text import CONTROL
from callcenter.services.errors import Refused
from db import audit
from db.defaults import DEFAULTS
from db.models import LIMITS, Setting


MAY_BE_EMPTY = {"shared_logins"}  # no shared OS account is the usual case


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


def _same_shape(value, default, *, item: bool = False) -> bool:
    """The default's form all the way down: [["08:00", "12:00"]] pairs, {"phrase", "instead"} items.

    The top-level `script` dict may hold any stages (a missing one falls back to its default);
    a dict or list inside a list must have the keys or length of the default's first item.
    """
    if isinstance(default, dict):
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return False
        return not item or set(value) == set(default)
    if isinstance(default, list):
        if not isinstance(value, list) or (item and len(value) != len(default)):
            return False
        if not default:  # a list of names (shared_logins)
            return all(isinstance(v, str) for v in value)
        return all(_same_shape(v, default[0], item=True) for v in value)
    return type(value) is type(default)  # bool is an int to isinstance; not here


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _sensible(key: str, value) -> bool:
    """Values that have the right form but would break the desk."""
    # Script lines and lists are shown to every clerk: no control character may reach a terminal.
    if any(CONTROL.search(text) for text in _strings(value)):
        return False
    if key == "company_zone":
        try:
            zone(value)  # total: a folder name (Asia) or a long a/a/a... is refused, never raised
        except ZoneError:
            return False
    if key == "rest_weekday":
        return 1 <= value <= 7
    if key == "warranty_months":
        return 1 <= value <= 120
    if key == "backup_keep_days":
        return 1 <= value <= 365
    if key in ("followup_takeover_hours", "no_answer_attempts", "no_answer_retry_hours",
               "complaint_deadline_hours", "complaint_escalate_after_hours"):
        return 1 <= value <= 240
    if key in ("complaint_kinds", "categories"):
        return all(k.strip() and len(k) <= LIMITS["category"] for k in value) and len(set(value)) == len(value)
    if key == "default_area_code":
        return value.isdigit() and value.startswith("0") and len(value) <= 5
    if key == "phone_region":
        return len(value) == 2 and value.isalpha() and value.isupper()
    return True


def save(actor, key: str, value) -> None:
    """Replace one setting. `actor` is the signed-in Clerk; only a supervisor may do this."""
    if not actor.is_supervisor:
        raise Refused("settings.supervisor_only")
    if key not in DEFAULTS:
        raise Refused("settings.unknown")  # a key is no name a supervisor knows
    empty = value in ("", [], {}) and key not in MAY_BE_EMPTY
    if not _same_shape(value, DEFAULTS[key]) or empty or not _sensible(key, value):
        raise Refused("settings.bad_value", setting=key)
    text = json.dumps(value, ensure_ascii=False)
    with db.writing():
        row = Setting.get_or_none(Setting.key == key)
        before = json.loads(row.value) if row else None
        Setting.insert(key=key, value=text, updated_at=now_utc(), updated_by=actor.login).on_conflict(
            conflict_target=[Setting.key], preserve=[Setting.value, Setting.updated_at, Setting.updated_by]).execute()
        audit.record(actor.login, "setting", key, "update", before, value)
