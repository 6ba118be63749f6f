"""`callcenter copy --from FILE --to URL`: move a desk's records to another database.

Meant for the day an office moves from its SQLite file to a PostgreSQL server (README, "More
than one office"): the target gets the schema and roles when it has none, every record with its
id, and is checked by counts. A target holding records, or any refusal, is one line, exit 1,
nothing written.
"""
from __future__ import annotations

import time

from callcenter.i18n import t


def add_parser(sub, common) -> None:
    parser = sub.add_parser("copy", help="copy every record to another database (a file to a server)")
    common(parser, sub=True)
    parser.add_argument("--from", dest="source", required=True, help="the database to read (a SQLite file or URL)")
    parser.add_argument("--to", dest="target", required=True, help="the database to fill: empty, or new")


def run(args) -> int:
    from db import transfer

    started = time.perf_counter()
    copied = transfer.copy(args.source, args.target)
    print(t("cli.copy_done", rows=sum(copied.values()), tables=len(copied), seconds=time.perf_counter() - started))
    return 0
