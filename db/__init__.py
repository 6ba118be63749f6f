"""Data layer: Peewee models over SQLite, schema versions, audit trail. Never imports textual."""
from db.connection import (
    DatabaseRefused,
    close_database,
    create_database,
    open_database,
    reading,
    shown,
    writing,
)
from db.models import database

__all__ = ["DatabaseRefused", "close_database", "create_database", "open_database", "reading", "shown", "writing",
           "database"]
