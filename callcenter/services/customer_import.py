"""`callcenter import customers`: customers by phone; one already on file is left as it is, and
a row that disagrees with it (another name, another address) is a conflict unless `update`."""
from __future__ import annotations

import json
from dataclasses import dataclass

from callcenter.rules.clock import now_utc
from callcenter.rules.phone import Phone
from callcenter.rules.pinyin import initials_keys
from callcenter.services import customers
from callcenter.services.errors import Refused, check_length
from callcenter.services.importing import Cells, Conflict
from db import audit, engine
from db.models import LIMITS, Customer, CustomerKey, database

# The import's hot path as fixed SQL: peewee builds every statement anew, which was half of a
# row's time (0.4 of 0.8 ms). _insert writes exactly what customers.insert_customer writes.
_FIND = "SELECT id, name, address, source FROM customer WHERE phone_e164 = ? ORDER BY id LIMIT 1"
_INSERT = ("INSERT INTO customer (name, address, source, phone_raw, phone_e164, phone_last4, created_at, "
           "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")  # RETURNING: SQLite and server alike
_KEY = 'INSERT INTO customer_key (customer_id, "key") VALUES (?, ?)'
_AUDIT = ("INSERT INTO audit (at, actor, entity, entity_id, action, before, after) "
          "VALUES (?, ?, 'customer', ?, 'create', NULL, ?)")

COLUMNS = ("name", "phone", "address", "source")
REQUIRED = ("name", "phone")
CLAIM_COLUMN = "phone"


@dataclass(frozen=True)
class Row:
    name: str
    phone: Phone
    address: str
    source: str


def prepare(settings):
    initials_keys("张")  # load the pinyin data now, not while a row holds the write lock
    return settings


def personal_phone(cells: Cells, column: str, settings) -> Phone | None:
    """The customer's own number from a cell; a service number (95588) is no one's own."""
    text = cells.text(column, required="import.phone_required")
    if not text:
        return None
    phone = cells.check(column, customers.phone_from_text, text, settings)
    if phone is not None and phone.e164 is None:
        cells.fail(column, Refused("import.phone_not_personal", value=text))
        return None
    return phone


def read(cells: Cells, settings) -> Row | None:
    name = cells.text("name", required="customer.name_required")
    phone = personal_phone(cells, "phone", settings)
    address, source = cells.text("address"), cells.text("source")
    for column, field, value in (("name", "name", name), ("address", "address", address),
                                 ("source", "source", source)):
        cells.check(column, check_length, field, value, LIMITS[field])
    return Row(name, phone, address, source) if phone else None


def claim(row: Row):
    return row.phone.e164, row.name


def changes(stored: dict, given: dict, update: bool, column_of: dict) -> dict:
    """The fields to write: empty stored ones filled; others that differ only with `update`.

    A difference without `update` is a Conflict naming the first column that differs.
    """
    result = {}
    for field, value in given.items():
        if not value or value == stored[field]:
            continue
        if stored[field] and not update:
            raise Conflict(column_of.get(field, field), "import.conflict", stored=stored[field])
        result[field] = value
    return result


def write(actor, row: Row, settings, update: bool, compare=("name", "address", "source"),
          name_column: str = "name") -> int:
    """The customer of this row, inside the caller's write transaction; returns its id.

    `compare`: the fields a stored customer must agree on (a project's address is not its customer's).
    """
    found = engine.execute(database, _FIND, (row.phone.e164,)).fetchone()
    if found is None:
        return _insert(actor.login, row)
    found_id, *values = found
    stored = dict(zip(("name", "address", "source"), values))
    changed = changes(stored, {field: getattr(row, field) for field in compare}, update,
                      {"name": name_column})
    if changed:
        Customer.update(**changed, updated_at=now_utc()).where(Customer.id == found_id).execute()
        if "name" in changed:
            CustomerKey.delete().where(CustomerKey.customer == found_id).execute()
            keys = initials_keys(row.name)
            if keys:
                CustomerKey.insert_many([{"customer": found_id, "key": k} for k in keys]).execute()
        audit.record(actor.login, "customer", found_id, "import", {k: stored[k] for k in changed}, changed)
    return found_id


def _insert(actor_login: str, row: Row) -> int:
    now = int(now_utc().timestamp())
    name, address, source = row.name.strip(), row.address.strip(), row.source.strip()
    phone = row.phone
    cursor = engine.execute(database, _INSERT, (name, address, source, phone.raw, phone.e164, phone.last4, now, now))
    customer_id = cursor.fetchone()[0]
    keys = initials_keys(name)
    if keys:
        engine.executemany(database, _KEY, [(customer_id, key) for key in keys])
    after = {"name": name, "address": address, "source": source, "phone": phone.raw, "salutation": ""}
    engine.execute(database, _AUDIT, (now, actor_login, str(customer_id), json.dumps(after, ensure_ascii=False)))
    audit.seal()
    return customer_id
