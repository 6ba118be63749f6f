"""`callcenter staff list`: the staff directory, for a person (table) or a program (JSON lines).

    callcenter staff list [--format table|json] [--active]

Reading needs no sign-in: a listing adds no one. Files of staff come in through
`callcenter import staff`; people are added and edited at the desk (F12, people).
"""
from __future__ import annotations

import sys

from callcenter import textable
from callcenter.i18n import t
from callcenter.rules.text import json_text

COLUMNS = (("col.name", 10), ("col.role", 0), ("col.department", 0), ("col.phone", 15), ("col.login", 12),
           ("col.state", 0))


def add_parser(sub, common) -> None:
    staff = sub.add_parser("staff", help="the staff directory")
    actions = staff.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="everyone in the directory, active first")
    common(listing, sub=True)
    listing.add_argument("--format", choices=["table", "json"], default="table")
    listing.add_argument("--active", action="store_true", help="only people still active")


def _state(row) -> str:
    if not row.active:
        return t("staff.state.inactive")
    return t("staff.state.supervisor") if row.is_supervisor else t("staff.state.active")


def run(args, open_db) -> int:
    from callcenter.rules.text import one_line
    from callcenter.services import staff

    open_db(args.db)
    rows = staff.directory(inactive=not args.active)
    out = sys.stdout
    if args.format == "json":
        for row in rows:
            out.write(json_text({"id": row.id, "name": row.name, "role": row.role, "department": row.department,
                              "phone": row.phone, "login": row.login or None, "is_supervisor": row.is_supervisor,
                              "active": row.active}) + "\n")
        return 0
    roles = {row.role: t(f"role.{row.role}") for row in rows}
    fitted = {"col.role": [*roles.values()], "col.department": [row.department for row in rows],
              "col.state": [_state(row) for row in rows]}
    widths = {key: max([textable.width(t(key)), *(textable.width(one_line(text)) for text in texts)])
              for key, texts in fitted.items()}
    columns = [(key, widths.get(key, width)) for key, width in COLUMNS]
    cells = ((one_line(row.name), roles[row.role], one_line(row.department), one_line(row.phone), one_line(row.login),
              _state(row)) for row in rows)
    count = textable.write(out, [t(key) for key, _ in columns], [w for _, w in columns], cells)
    out.write(t("staff.count", count=count) + "\n")
    return 0
