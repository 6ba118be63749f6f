"""Data layer: Peewee models over SQLite, schema versions, audit trail. Never imports textual."""
from db.connection import (
    DatabaseRefused,
    close_database,
    open_database,
    reading,
    writing,
)
from db.models import database

__all__ = ["DatabaseRefused", "close_database", "open_database", "reading", "writing", "database"]
