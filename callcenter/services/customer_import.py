"""`callcenter import customers`: customers by phone; one already on file is left as it is, and
a row that disagrees with it (another name, another address) is a conflict unless `update`."""
from __future__ import annotations

from dataclasses import dataclass

from callcenter.rules.clock import now_utc
from callcenter.rules.phone import Phone
from callcenter.rules.pinyin import initials_keys
from callcenter.services import customers
from callcenter.services.errors import Refused, check_length
from callcenter.services.importing import Cells, Conflict
from db import audit
from db.models import LIMITS, Customer, CustomerKey

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
    found = (Customer.select(Customer.id, Customer.name, Customer.address, Customer.source)
             .where(Customer.phone_e164 == row.phone.e164).order_by(Customer.id).limit(1).first())
    if found is None:
        return customers.insert_customer(actor.login, row.name, row.address, row.source, row.phone)
    stored = {"name": found.name, "address": found.address, "source": found.source}
    changed = changes(stored, {field: getattr(row, field) for field in compare}, update,
                      {"name": name_column})
    if changed:
        Customer.update(**changed, updated_at=now_utc()).where(Customer.id == found.id).execute()
        if "name" in changed:
            CustomerKey.delete().where(CustomerKey.customer == found.id).execute()
            keys = initials_keys(row.name)
            if keys:
                CustomerKey.insert_many([{"customer": found.id, "key": k} for k in keys]).execute()
        audit.record(actor.login, "customer", found.id, "import", {k: stored[k] for k in changed}, changed)
    return found.id
