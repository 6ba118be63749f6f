"""What differs between SQLite and PostgreSQL, in one place: everything else is the same SQL.

A file is SQLite; a `postgresql://` URL is a server (psycopg 3, the `[postgres]` extra). The rest of
the program asks this module, never `isinstance`, for: the schema version, one-writer-at-a-time
transactions, raw SQL with `?` marks, a list of ids as a table, bulk loading, sequences, roles, and
what a failure to connect means.
"""
from __future__ import annotations

import re
import zlib
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from peewee import Database, PostgresqlDatabase

SERVER_SCHEMES = ("postgresql", "postgres")
# Pool settings a URL may carry (`?max_connections=20&stale_timeout=300`); the rest goes to libpq.
POOL_DEFAULTS = {"max_connections": 32, "stale_timeout": 600, "timeout": 10}
CONNECT_TIMEOUT = 5  # seconds: a server that is down or a wrong host fails quickly
VERSION_TABLE = "schema_version"  # the server's one-row stand-in for PRAGMA user_version
# Collations that order text by code point, as SQLite does: names sort the same on both, and the
# pinyin search's range (key >= 'zs' AND key < 'zs{') holds; a language collation ignores the '{'.
SAME_ORDER = ("C", "C.UTF-8", "C.utf8", "POSIX")
# pg_advisory_xact_lock key for writes: the server's BEGIN IMMEDIATE (see write_lock).
WRITE_LOCK = zlib.crc32(b"callcenter.writing")


def is_server_spec(text: str) -> bool:
    return urlsplit(text).scheme in SERVER_SCHEMES


def is_server(db: Database) -> bool:
    """For a database or the models' proxy (whose `obj` is the database)."""
    return isinstance(getattr(db, "obj", db), PostgresqlDatabase)


def server_database(url: str) -> Database:
    """A pooled psycopg 3 database for a `postgresql://` URL (not yet connected)."""
    try:
        import psycopg  # noqa: F401  (the optional extra)
    except ImportError:
        raise _refused("db.no_driver") from None
    from playhouse.pool import PooledPostgresqlDatabase

    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    pool = dict(POOL_DEFAULTS)
    pool.update((key, float(value)) for key, value in query if key in POOL_DEFAULTS)
    rest = [(key, value) for key, value in query if key not in POOL_DEFAULTS]
    if not any(key == "connect_timeout" for key, _ in rest):
        rest.append(("connect_timeout", str(CONNECT_TIMEOUT)))
    conninfo = urlunsplit(parts._replace(scheme="postgresql", query=urlencode(rest)))
    pool["max_connections"] = int(pool["max_connections"])
    # The whole URL goes to psycopg as conninfo: it knows ?host=/socket/folder, sslmode and the rest.
    return PooledPostgresqlDatabase(conninfo, **pool)


def _refused(code: str, **details):
    from db.connection import DatabaseRefused  # connection imports this module

    return DatabaseRefused(code, **details)


def database_name(db: Database) -> str:
    return unquote(urlsplit(db.database).path.lstrip("/")) if is_server(db) else db.database


# ---- schema version ----------------------------------------------------------------------------


def schema_version(db: Database) -> int:
    if not is_server(db):
        return db.execute_sql("PRAGMA user_version").fetchone()[0]
    if VERSION_TABLE not in db.get_tables():
        return 0
    row = db.execute_sql(f'SELECT version FROM "{VERSION_TABLE}"').fetchone()
    return row[0] if row else 0


def set_schema_version(db: Database, version: int) -> None:
    if not is_server(db):
        db.execute_sql(f"PRAGMA user_version = {int(version)}")
        return
    db.execute_sql(f'CREATE TABLE IF NOT EXISTS "{VERSION_TABLE}" (version INTEGER NOT NULL, '
                   "one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one))")
    db.execute_sql(f'INSERT INTO "{VERSION_TABLE}" (version) VALUES (%s) '
                   "ON CONFLICT (one) DO UPDATE SET version = excluded.version", (version,))


def foreign_tables(db: Database) -> bool:
    """A server database holding tables but none of our schema: another program's (refused, never
    written). A file keeps its old rule: without a version it is "missing", and init adds ours."""
    return is_server(db) and schema_version(db) == 0 and bool(db.get_tables())


# ---- transactions ----------------------------------------------------------------------------


def write_lock(db: Database) -> None:
    """Make the current transaction the only writer, as SQLite's BEGIN IMMEDIATE does.

    The services read, decide and write in one transaction (the first desk user supervises, a
    follow-up is done once, a draft is replaced): on the server two such transactions would both
    read the old state under READ COMMITTED. A transaction-scoped advisory lock queues them the
    way the file's write lock did; reads never wait for it, and it goes at commit or rollback.
    """
    if is_server(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))


# ---- raw SQL ---------------------------------------------------------------------------------


def sql(db: Database, text: str) -> str:
    """Raw SQL written with `?` marks, in the driver's parameter style (psycopg: %s)."""
    return text.replace("?", db.param) if db.param != "?" else text


def execute(db: Database, text: str, params=()):
    return db.execute_sql(sql(db, text), params)


def executemany(db: Database, text: str, rows) -> None:
    db.cursor().executemany(sql(db, text), list(rows))


def plan(db: Database, text: str, params=()) -> str:
    """The query plan, one line per step (tests and bench check which index a query uses)."""
    explain = "EXPLAIN " if is_server(db) else "EXPLAIN QUERY PLAN "
    return "\n".join(" ".join(str(cell) for cell in row) for row in db.execute_sql(explain + text, params))


def stream(db: Database, query):
    """Rows of a long query as they come: psycopg's ordinary cursor would hold them all in memory
    (a million calls for the export), so the server reads through a named cursor in a transaction."""
    if not is_server(db):
        return db.execute(query)
    return _server_rows(db, query)


def stream_sql(db: Database, text: str, params=()):
    """`stream` for SQL written with `?` placeholders (the exports' own statements)."""
    if not is_server(db):
        return db.execute_sql(text, params)
    return _server_rows(db, sql(db, text), params)


def _server_rows(db: Database, query, params=None):
    text, params = query.sql() if params is None else (query, params)
    with db.atomic(), db.connection().cursor(name="callcenter_stream") as cursor:
        cursor.itersize = 5000
        cursor.execute(text, params)
        yield from cursor


def indexed_by(db: Database, index: str) -> str:
    """SQLite's INDEXED BY where the code knows better than its planner; a server plans for itself."""
    return "" if is_server(db) else f"INDEXED BY {index}"


def acceptance_list(db: Database) -> str:
    """A project's acceptances as one text, "stage<US>at" joined by <RS>, in time order (the export's
    `acceptances` column): each engine has its own string aggregate."""
    if is_server(db):
        return ("(SELECT string_agg(stage || chr(31) || at, chr(30) ORDER BY at, stage) "
                "FROM acceptance a WHERE a.project_id = p.id)")
    return ("(SELECT group_concat(stage || char(31) || at, char(30)) FROM "
            "(SELECT stage, at FROM acceptance a WHERE a.project_id = p.id ORDER BY at, stage))")


def json_ids(db: Database) -> str:
    """A FROM item that turns one bound JSON array into rows of one column, `value`.

    Use CAST(value AS INTEGER) or CAST(value AS TEXT): the two engines give it different types.
    """
    return "json_array_elements_text(CAST(? AS json)) AS ids(value)" if is_server(db) else "json_each(?)"


# ---- bulk copy -------------------------------------------------------------------------------


def load_rows(db: Database, table: str, columns: list[str], rows) -> int:
    """Append rows as they are (ids included): COPY on the server, executemany on a file."""
    names = ", ".join(f'"{column}"' for column in columns)
    count = 0
    if is_server(db):
        with db.cursor() as cursor, cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    batch = []
    marks = ", ".join("?" * len(columns))
    for row in rows:
        batch.append(row)
        if len(batch) == 10_000:
            executemany(db, f'INSERT INTO "{table}" ({names}) VALUES ({marks})', batch)
            count += len(batch)
            batch = []
    executemany(db, f'INSERT INTO "{table}" ({names}) VALUES ({marks})', batch)
    return count + len(batch)


def reset_sequence(db: Database, table: str, column: str = "id") -> None:
    """After rows came in with their ids: the next id a desk gets follows the largest copied."""
    if is_server(db):
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX(\"{column}\"), 1), "
                       f'MAX("{column}") IS NOT NULL) FROM "{table}"', (f'"{table}"', column))


def analyze(db: Database) -> None:
    """Fresh planner statistics after a bulk load (SQLite keeps none unless asked; fine without)."""
    if is_server(db):
        db.execute_sql("ANALYZE")


# ---- roles ----------------------------------------------------------------------------------


def role_names(db: Database) -> tuple[str, str]:
    """(owner, desk) group roles of this database: named after it, so several share one server."""
    base = re.sub(r"[^a-z0-9_]", "_", database_name(db).lower())
    return f"{base}_owner", f"{base}_desk"


def create_roles(db: Database) -> tuple[str, str] | None:
    """On a server: an owner role that holds the tables (migrations) and a desk role that may read
    and write records but never change or delete the audit trail nor the schema. Run inside the
    transaction that creates the schema, before it, by a user allowed to create roles.

    Both are group roles (NOLOGIN): people log in as their own users, granted one of them.
    """
    if not is_server(db):
        return None
    collation, provider = db.execute_sql("SELECT datcollate, datlocprovider FROM pg_database "
                                         "WHERE datname = current_database()").fetchone()
    if provider == "i" or collation not in SAME_ORDER:  # ICU collations are all language orders
        raise _refused("db.collation", collation="ICU" if provider == "i" else collation)
    owner, desk = role_names(db)
    for role in (owner, desk):
        exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            db.execute_sql(f'CREATE ROLE "{role}" NOLOGIN')
    name = database_name(db)
    db.execute_sql(f'GRANT CONNECT ON DATABASE "{name}" TO "{desk}", "{owner}"')
    db.execute_sql(f'GRANT "{owner}" TO CURRENT_USER')  # so init may hand its tables to the owner
    db.execute_sql(f'GRANT USAGE ON SCHEMA public TO "{desk}"')
    db.execute_sql(f'GRANT USAGE, CREATE ON SCHEMA public TO "{owner}"')
    return owner, desk


def as_owner(db: Database) -> bool:
    """Before an upgrade's DDL: act as the owner role for the rest of the transaction, so what it
    creates belongs to the owner (and reaches the desk through the default privileges). False when
    the database has an owner role and this user is not in it: a desk may not change the schema."""
    if not is_server(db):
        return True
    owner, _ = role_names(db)
    row = db.execute_sql("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = %s",
                         (owner,)).fetchone()
    if row is None:  # a database made without init (the demo): whoever opens it migrates
        return True
    if row[0]:
        db.execute_sql(f'SET LOCAL ROLE "{owner}"')
    return bool(row[0])


def grant_chain(db: Database) -> None:
    """The desk may write an audit row's chain (db/audit.py seals the rows it adds), nothing else of it."""
    if not is_server(db):
        return
    desk = role_names(db)[1]
    if db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (desk,)).fetchone():  # made by init
        db.execute_sql(f'GRANT UPDATE ("chain") ON "audit" TO "{desk}"')


def grant_desk(db: Database) -> None:
    """Give the tables to the owner and the desk its rights on every table and sequence there is."""
    if not is_server(db):
        return
    owner, desk = role_names(db)
    tables = db.get_tables()
    for table in tables:
        db.execute_sql(f'ALTER TABLE "{table}" OWNER TO "{owner}"')
    db.execute_sql(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{desk}"')
    db.execute_sql(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{desk}"')
    # The trail is append-only, and the schema version is the owner's to change.
    db.execute_sql(f'REVOKE UPDATE, DELETE, TRUNCATE ON "audit" FROM "{desk}"')
    grant_chain(db)
    db.execute_sql(f'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "{VERSION_TABLE}" FROM "{desk}"')
    # Tables a later upgrade adds (created by the owner) reach the desk without a new grant.
    db.execute_sql(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
                   f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{desk}"')
    db.execute_sql(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
                   f'GRANT USAGE, SELECT ON SEQUENCES TO "{desk}"')


# ---- failures -------------------------------------------------------------------------------


def refusal(error: BaseException) -> str | None:
    """The catalog key for a server that cannot be used, from the driver's error; None if not one."""
    text = str(error).lower()
    if "password authentication failed" in text or "no password supplied" in text \
            or ("role" in text and "does not exist" in text):
        return "db.login_failed"
    if "database" in text and "does not exist" in text:
        return "db.server_no_database"
    if unreachable(error):
        return "db.unreachable"
    return None


def unreachable(error: BaseException) -> bool:
    """The server is down, the host wrong or the link gone: the same request may work later."""
    text = str(error).lower()
    return any(sign in text for sign in (
        "connection refused", "could not translate host name", "failed to resolve host", "no such file or directory",
        "timeout expired", "server closed the connection", "connection is lost", "the connection is closed",
        "terminating connection", "could not receive data", "could not send data", "no route to host",
        "network is unreachable", "the database system is shutting down", "the database system is starting up",
    ))
