"""A throw-away PostgreSQL server for the tests: initdb into a temporary folder, a Unix socket
there and no TCP, stopped and removed at the end of the session.

Debian's `postgresql` package puts the binaries in /usr/lib/postgresql/<major>/bin. The server
refuses to run as root, so as root it runs as `nobody`, which owns the folder.
"""
from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
TEMPLATE = "callcenter_template"
PASSWORD_USER = "with_password"  # the one role that logs in with a password (pg_hba.conf)
# Durability off: a test server that loses its data on a crash loses nothing of value, and fsyncs
# would cost most of the suite's time on this shared machine.
SETTINGS = ("-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=200")


def binaries() -> Path | None:
    """The newest installed server's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class Server:
    """One server; `url(name)` is a database on it, `fresh()` a new database made from the template."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.folder = Path(tempfile.mkdtemp(prefix="callcenter-pg-"))
        self.data = self.folder / "data"
        self._names = itertools.count(1)
        self._user = "nobody" if os.geteuid() == 0 else None

    def _run(self, *command: str) -> None:
        if self._user:
            entry = pwd.getpwnam(self._user)
            prefix = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups"]
            command = (*prefix, *command)
        subprocess.run(command, check=True, capture_output=True, cwd=self.folder, timeout=120)

    def start(self) -> None:
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        os.chmod(self.folder, 0o755)  # the tests, as root or not, reach the socket inside
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        # One role must give its password, so a wrong one can be tried; everyone else is trusted.
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {PASSWORD_USER} scram-sha-256\n" + hba.read_text())
        options = " ".join([*SETTINGS, "-k", str(self.folder)])
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-w", "-l",
                  str(self.folder / "server.log"), "start")

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name: str, user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{name}?host={self.folder}"

    def sql(self, statement: str, database: str = "postgres", params=()) -> list:
        """One statement in autocommit (CREATE DATABASE cannot run in a transaction)."""
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def empty(self) -> str:
        """A new database with no tables: for init and copy."""
        name = f"empty_{next(self._names)}"
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def make_template(self) -> None:
        """The schema, migrated and seeded once; every test's database is a copy of it."""
        import db

        self.sql(f'CREATE DATABASE "{TEMPLATE}"')
        db.create_database(self.url(TEMPLATE))
        db.close_database()

    def fresh(self) -> str:
        name = f"test_{next(self._names)}"
        self.sql(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = url.split("/")[3].split("?")[0]
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start() -> tuple[Server | None, str]:
    """A running server with the template made, or None and why there is none."""
    bin_dir = binaries()
    if bin_dir is None:
        return None, "no PostgreSQL server installed (Debian: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "psycopg is not installed (pip install '.[postgres]')"
    server = Server(bin_dir)
    try:
        server.start()
        server.make_template()
    except Exception as error:  # noqa: BLE001 - reported as the skip reason
        log = server.folder / "server.log"
        detail = log.read_text(errors="replace")[-500:] if log.exists() else ""
        server.stop()
        stderr = getattr(error, "stderr", b"") or b""
        return None, f"the PostgreSQL test server did not start: {error} {stderr.decode(errors='replace')} {detail}"
    return server, ""
