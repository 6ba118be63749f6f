"""Caller lookups, first pages and the export, timed on the benchmark database.

    python bench/make_db.py && python bench/lookups.py [PATH] [--samples N]

Prints median and p95 per measure against its budget; a ratio above 1 is a failed budget.
"""
from __future__ import annotations

import os
import platform
import random
import sqlite3
import sys

from benchlib import (  # also puts the checkout on sys.path
    HEADER,
    bench_args,
    line,
    report,
    run_cli,
    timed,
)

import db  # noqa: E402
from callcenter.rules.clock import local  # noqa: E402
from callcenter.rules.phone import display  # noqa: E402
from callcenter.services import calls, customers  # noqa: E402
from callcenter.services import settings as settings_service  # noqa: E402
from callcenter.services.customers import SEARCH_LIMIT  # noqa: E402
from db.models import Call, Customer, CustomerKey  # noqa: E402

LOOKUP_MS = 1.0  # the card must be up while the phone still rings
PAGE_MS = 20.0
EXPORT_RSS_MB = 100.0  # streaming: flat, whatever the table's size


def other_form(e164: str, raw: str) -> str:
    """The number typed another way than it was stored: 138 1234 5678, 0396 234 5678, +86..."""
    for form in (display(e164), "+86 " + display(e164).lstrip("0"), e164[3:]):
        if form != raw:
            return form
    return e164


def sample(count: int, seed: int = 7):
    with db.reading():
        top = Customer.select(Customer.id).order_by(Customer.id.desc()).scalar()
        ids = random.Random(seed).sample(range(1, top + 1), min(count, top))
        rows = list(Customer.select(Customer.id, Customer.phone_e164, Customer.phone_raw, Customer.phone_last4)
                    .where(Customer.id.in_(ids)).tuples())
        keys = {c: k for c, k in CustomerKey.select(CustomerKey.customer, CustomerKey.key)
                .where(CustomerKey.customer.in_(ids)).tuples()}
        names = [name for (name,) in Customer.select(Customer.name).where(Customer.id.in_(ids)).tuples()]
        last = Call.select(Call.started_at).order_by(Call.started_at.desc()).first().started_at
        total = Call.select().count()
    return rows, keys, names, last, total


def measure(spec, lookup_ms: float = LOOKUP_MS, pinyin_ms: float = LOOKUP_MS, samples: int = 300,
            export_rows_per_s: float | None = None) -> bool:
    """Print the table for the database at `spec` (a file, or a server's URL: bench/server.py);
    True when a budget failed."""
    db.open_database(spec)
    settings = settings_service.load()
    zone = settings.zone
    rows, keys, names, last, total = sample(samples)
    today = local(last, zone).date()
    results = [
        ("lookup_phone (E.164)", timed(customers.lookup_phone, [(e,) for _, e, _, _ in rows]), lookup_ms),
        ("caller card (find_by_phone)", timed(customers.find_by_phone, [(e,) for _, e, _, _ in rows]), PAGE_MS),
        # The desk passes the settings it holds, as here.
        ("search: number typed another way",
         timed(customers.search, [(other_form(e, r), SEARCH_LIMIT, settings) for _, e, r, _ in rows]), lookup_ms),
        ("search: last 4 digits", timed(customers.search, [(l4, SEARCH_LIMIT, settings) for _, _, _, l4 in rows]),
         lookup_ms),
        ("search: pinyin initials",
         timed(customers.search, [(keys[i], SEARCH_LIMIT, settings) for i, _, _, _ in rows if i in keys]), pinyin_ms),
        # Each name typed for a new caller: the customers already on file under it (a keystroke's worth).
        ("same-name customers (same_name)", timed(customers.same_name, [(n,) for n in names]), lookup_ms),
        ("contacts_on(today), first page", timed(calls.contacts_on, [(today, zone)] * 50), PAGE_MS),
        ("history(customer), first page", timed(calls.history, [(i,) for i, _, _, _ in rows]), PAGE_MS),
    ]
    print(HEADER)
    failed = report(results)
    db.close_database()
    seconds, rss, _ = run_cli("export", "calls", "--db", str(spec), "--format", "json", "-o", os.devnull)
    failed |= rss > EXPORT_RSS_MB or (export_rows_per_s is not None and total / seconds < export_rows_per_s)
    print(line("export json, all calls: rows/s", total / seconds, None, None, "")
          + (f" at least {export_rows_per_s:g} rows/s" if export_rows_per_s else ""))
    print(line("export json, all calls: peak RSS", rss, None, EXPORT_RSS_MB, "MB"))
    return failed


def main() -> int:
    args = bench_args(__doc__.splitlines()[0], 300)
    with sqlite3.connect(args.path) as con:
        total = con.execute("SELECT COUNT(*) FROM call").fetchone()[0]
    print(f"{args.path}: {total} calls, {os.path.getsize(args.path) / 2**20:.0f} MB; "
          f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    return 1 if measure(args.path, samples=args.samples) else 0


if __name__ == "__main__":
    sys.exit(main())
