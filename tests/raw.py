"""Reading what is really stored, past peewee and its pool: sqlite3 on a file, psycopg on a URL.

`connect(spec)` gives a connection whose `execute(sql, params)` takes `?` marks on both engines.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager


class _Server:
    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql: str, params=()):
        return self.conn.execute(sql.replace("?", "%s"), params or None)


@contextmanager
def connect(spec):
    text = os.fspath(spec)
    if text.startswith(("postgresql://", "postgres://")):
        import psycopg

        with psycopg.connect(text, autocommit=True) as conn:
            yield _Server(conn)
        return
    with sqlite3.connect(text) as conn:
        yield conn
    conn.close()


def rows(spec, sql: str, *params) -> list:
    with connect(spec) as conn:
        cursor = conn.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()] if cursor.description else []
