"""The desk on a PostgreSQL server over a Unix socket: copying the benchmark file over, the
lookups and the export against the server's budgets, and 8 desks x 500 saves under load.

    python bench/make_db.py && python bench/server.py [PATH] [--url URL] [--samples N] [--saves N]

Without --url a throw-away server is started (tests/pg.py; Debian's postgresql package) and
removed after. With --url, that server must let the user create databases; two are made.
"""
from __future__ import annotations

import argparse
import os
import platform
import sqlite3
import sys
import time

from benchlib import DEFAULT, run_cli  # also puts the checkout on sys.path
from lookups import measure

from tests import load, pg  # noqa: E402

LOOKUP_MS = 2.0  # a round trip over the socket costs what SQLite's whole lookup does
PINYIN_MS = 3.0
EXPORT_ROWS_PER_S = 30_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT))
    parser.add_argument("--url", help="a server's maintenance database URL (default: a throw-away server)")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--desks", type=int, default=8)
    parser.add_argument("--saves", type=int, default=500)
    args = parser.parse_args()
    if not os.path.exists(args.path):
        raise SystemExit(f"{args.path} is missing: run bench/make_db.py first")
    server = None
    if args.url is None:
        server, why = pg.start()
        if server is None:
            raise SystemExit(why)
    try:
        def empty() -> str:
            if server:
                return server.empty()
            raise SystemExit("--url: give a database made empty by createdb for each run")
        target = args.url or empty()
        with sqlite3.connect(args.path) as con:
            calls = con.execute("SELECT COUNT(*) FROM call").fetchone()[0]
            rows = sum(con.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").fetchall())
        version = server.sql("SHOW server_version")[0][0] if server else "?"
        print(f"{args.path}: {calls} calls, {rows} rows in all; PostgreSQL {version} over a Unix socket; "
              f"{os.cpu_count()} cores, Python {platform.python_version()}")
        seconds, rss, _ = run_cli("copy", "--from", args.path, "--to", target)
        print(f"callcenter copy: {seconds:.1f} s, {rows / seconds:,.0f} rows/s, peak RSS {rss:.0f} MB")
        failed = measure(target, LOOKUP_MS, PINYIN_MS, args.samples, EXPORT_ROWS_PER_S)

        busy = empty()
        import db

        db.create_database(busy)
        db.close_database()
        load.prepare(busy)
        started = time.perf_counter()
        outcome = load.run(busy, desks=args.desks, saves=args.saves)
        found = load.tally(busy, outcome)
        print(f"{args.desks} desks x {args.saves} saves while escalation and export run: "
              f"{time.perf_counter() - started:.1f} s, {found['saves_per_second']:.0f} saves/s; "
              f"errors {len(found['errors'])}, lost {found['lost']}, duplicates {found['duplicates']}, "
              f"double escalations {found['double_escalations']}, exports run {found['exports'][0]}")
        for error in found["errors"][:3]:
            print(error, file=sys.stderr)
        failed |= bool(found["errors"]) or found["lost"] or found["duplicates"] or found["double_escalations"]
    finally:
        if server:
            import db

            db.close_database()
            server.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
