"""Data layer: Peewee models over SQLite, schema versions, audit trail. Never imports textual."""
from db.connection import DatabaseRefused, open_database, reading, writing
from db.models import database

__all__ = ["DatabaseRefused", "open_database", "reading", "writing", "database"]
