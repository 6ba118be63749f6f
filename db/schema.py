"""Schema versions (PRAGMA user_version in a file, a one-row table on a server) and the migrations
that reach each one."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from db import engine
from db.models import MONTH_END_TABLES, TABLES, Audit, CalendarDay, Credential, CustomerAlias, DatabaseMark, Draft, Setting

# A new database is created from the models at SCHEMA_VERSION. A database of an older released
# version n is brought up by UPGRADES[n] (n -> n + 1), in order: when a model changes, raise
# SCHEMA_VERSION and add the step that alters an existing database the same way.
SCHEMA_VERSION = 7
UPGRADE_ACTOR = "upgrade"  # the audit trail's actor for what an upgrade changes


def _add_drafts(db) -> None:
    db.create_tables([Draft])


def _company_clock(db) -> None:
    """Days a supervisor opens or closes; open due times and deadlines on the company clock; the
    follow-up lines that said 今天 replaced where nobody had edited them."""
    from db import due_times
    from db.defaults import DEFAULTS, OLD_SCRIPT_LINES

    db.create_tables([CalendarDay])
    row = Setting.get_or_none(Setting.key == "script")
    if row is not None:
        script = json.loads(row.value)
        stale = [stage for stage, old in OLD_SCRIPT_LINES.items() if script.get(stage) == old]
        if stale:
            script.update((stage, DEFAULTS["script"][stage]) for stage in stale)
            Setting.update(value=json.dumps(script, ensure_ascii=False)).where(Setting.key == "script").execute()
    values = due_times.settings_values()
    calendar = due_times.company_calendar(values)
    why = {"why": "company_clock"}
    # Warranty visits keep their date rule, and no day has been opened or closed yet: not them.
    moved = due_times.followups(calendar, values, warranty=False)
    due_times.record(UPGRADE_ACTOR, "followup", "due_at", moved, why)
    due_times.record(UPGRADE_ACTOR, "complaint", "deadline_at", due_times.deadlines(calendar, values), why)


def _month_end(db) -> None:
    """Punches, leave, proofs of forgotten punches, the contract ledger and the month's papers; the
    payment-plan setting arrives with seed_settings."""
    db.create_tables(MONTH_END_TABLES)


def _people(db) -> None:
    """The staff directory, customer salutations and merges, the demo mark, the seed's own words.

    Staff get a phone; customers an index on the name (a new caller's name is looked up); the role names become the directory's (the administrative assistant is
    admin_assistant; "supervisor" was never a job, the flag says it); a customer gets a salutation
    and merged ids resolve through customer_alias; a database `callcenter demo` filled is marked
    as a demo; default lines still as shipped become the seed's words, edited ones stay.
    """
    from db.defaults import DEFAULTS, OLD_LINES

    db.execute_sql("ALTER TABLE staff ADD COLUMN phone VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql("ALTER TABLE customer ADD COLUMN salutation VARCHAR(255) NOT NULL DEFAULT ''")
    db.execute_sql('CREATE INDEX IF NOT EXISTS "customer_name" ON "customer" ("name")')
    db.create_tables([CustomerAlias, DatabaseMark])
    db.execute_sql("UPDATE staff SET role = 'admin_assistant' WHERE role = 'assistant'")
    db.execute_sql("UPDATE staff SET role = 'clerk' WHERE role = 'supervisor'")
    filled = Audit.select(Audit.at).where((Audit.actor == "demo") & (Audit.action == "demo_fill")).first()
    if filled is not None:
        DatabaseMark.insert(name="demo", at=filled.at).on_conflict_ignore().execute()
    for key, old in OLD_LINES.items():
        row = Setting.get_or_none(Setting.key == key)
        if row is None:
            continue
        value = json.loads(row.value)
        if isinstance(old, dict):  # script lines, one by one
            stale = [stage for stage, line in old.items() if value.get(stage) == line]
            value.update((stage, DEFAULTS[key][stage]) for stage in stale)
            changed = bool(stale)
        else:  # a list is the supervisor's once any item of it was edited
            changed = value == old
            value = DEFAULTS[key] if changed else value
        if changed:
            Setting.update(value=json.dumps(value, ensure_ascii=False), updated_at=datetime.now(timezone.utc),
                           updated_by=UPGRADE_ACTOR).where(Setting.key == key).execute()


def _passwords(db) -> None:
    """Passwords for the desk users who sign in on an OS account several people share."""
    db.create_tables([Credential])


def _audit_chain(db) -> None:
    """The audit trail becomes tamper-evident: a hash chain over every row there is."""
    from db import audit

    db.execute_sql("ALTER TABLE audit ADD COLUMN chain VARCHAR(255)")
    engine.grant_chain(db)
    audit.seal()


UPGRADES: dict = {1: _add_drafts, 2: _company_clock, 3: _month_end, 4: _people, 5: _passwords, 6: _audit_chain}


def current_version(db) -> int:
    return engine.schema_version(db)


def check_and_migrate(db, *, migrate: bool = True) -> None:
    from db.connection import DatabaseRefused

    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseRefused("db.too_new", found=version, known=SCHEMA_VERSION)
    if version < SCHEMA_VERSION and migrate:
        with db.atomic():
            engine.write_lock(db)
            # Re-read inside the lock: another clerk's desk may have migrated meanwhile.
            version = current_version(db)
            if version < SCHEMA_VERSION and not engine.as_owner(db):
                raise DatabaseRefused("db.upgrade_by_owner", found=version, known=SCHEMA_VERSION)
            if version == 0:
                db.create_tables(TABLES)
            else:
                for step in range(version, SCHEMA_VERSION):
                    UPGRADES[step](db)
            engine.set_schema_version(db, SCHEMA_VERSION)
            seed_settings()


def seed_settings() -> None:
    """Insert the default of every setting the database does not have yet."""
    from db.defaults import DEFAULTS

    now = datetime.now(timezone.utc)
    rows = [
        {"key": key, "value": json.dumps(value, ensure_ascii=False), "updated_at": now, "updated_by": ""}
        for key, value in DEFAULTS.items()
    ]
    Setting.insert_many(rows).on_conflict_ignore().execute()
