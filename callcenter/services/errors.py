"""A refusal the user must read: a message-catalog code and the values it mentions."""
from callcenter.rules.text import too_long


class Refused(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def check_length(field: str, value: str, limit: int) -> None:
    """An over-long field gets a message naming it, never a silent cut."""
    if too_long(value, limit):
        raise Refused("field.too_long", field=field, limit=limit)


def trouble(error: BaseException) -> str | None:
    """The catalog key when the database is there but cannot answer now (locked past the busy
    timeout, or a server out of reach), else None: the screen says "try again" and keeps what was
    typed instead of reporting a fault."""
    import sqlite3

    from peewee import InterfaceError, OperationalError

    from db import engine

    if isinstance(error, (OperationalError, InterfaceError, sqlite3.OperationalError)):
        text = str(error).lower()
        if "locked" in text or "busy" in text:
            return "db.busy_retry"
        if engine.unreachable(error):
            return "db.unreachable_retry"
    return None
