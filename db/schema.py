"""Schema versions, kept in PRAGMA user_version, and the migrations that reach each one."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from db.models import TABLES, Draft, Setting

# A new database is created from the models at SCHEMA_VERSION. A database of an older released
# version n is brought up by UPGRADES[n] (n -> n + 1), in order: when a model changes, raise
# SCHEMA_VERSION and add the step that alters an existing database the same way.
SCHEMA_VERSION = 2


def _add_drafts(db) -> None:
    db.create_tables([Draft])


UPGRADES: dict = {1: _add_drafts}


def current_version(db) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def check_and_migrate(db, *, migrate: bool = True) -> None:
    from db.connection import DatabaseRefused

    version = current_version(db)
    if version > SCHEMA_VERSION:
        raise DatabaseRefused("db.too_new", found=version, known=SCHEMA_VERSION)
    if version < SCHEMA_VERSION and migrate:
        with db.atomic():
            # Re-read inside the lock: another clerk's desk may have migrated meanwhile.
            version = current_version(db)
            if version == 0:
                db.create_tables(TABLES)
            else:
                for step in range(version, SCHEMA_VERSION):
                    UPGRADES[step](db)
            db.execute_sql(f"PRAGMA user_version = {SCHEMA_VERSION}")
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
