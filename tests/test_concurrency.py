"""Several clerks' desks writing one database at once: every save lands, none sees "locked".

The tests that take `database` run on a SQLite file and on a PostgreSQL server (tests/conftest.py).
"""
from __future__ import annotations

import multiprocessing
import sqlite3
import traceback
from datetime import datetime, timedelta, timezone

import pytest

from tests import load, raw

pytestmark = pytest.mark.engines

WRITERS = 4
CALLS_EACH = 25


def _writer(path: str, login: str, barrier, results, create: bool) -> None:
    """One desk: open the database, sign in, then save calls as fast as it can."""
    saved, errors = 0, []
    try:
        import db
        from callcenter.services import calls, messages, staff
        from callcenter.services.calls import CallDraft, NewCustomer
        from callcenter.services.messages import MessageDraft

        if not create:
            db.open_database(path)
        barrier.wait(timeout=60)  # everyone starts together
        if create:  # the first start of the day: every desk migrates and seeds at once
            db.open_database(path, create=True)
        from callcenter.rules.clock import now_utc
        from db.models import Staff

        with db.writing():  # each desk's clerk is in the directory, added as the desks start
            Staff.get_or_create(login=login, defaults={"name": login, "role": "clerk", "created_at": now_utc()})
        clerk = staff.sign_in(login)
        start = datetime(2025, 3, 4, 1, 0, tzinfo=timezone.utc)
        for n in range(CALLS_EACH):
            moment = start + timedelta(seconds=n)
            draft = CallDraft(
                started_at=moment, ended_at=moment + timedelta(seconds=30),
                phone_text=f"1380000{n:04d}", category="咨询", notes=f"{login} #{n}",
                new_customer=NewCustomer(f"{login}客户{n}", source="其他") if n % 5 == 0 else None,
                message=MessageDraft("设计部", f"{login} 留言 {n}") if n % 7 == 0 else None,
            )
            calls.save(clerk, draft)
            saved += 1
            if n % 7 == 0:  # a read-then-write transaction, the kind that needs BEGIN IMMEDIATE
                for row in messages.listing().rows:
                    try:
                        messages.mark_relayed(clerk, row.id)
                    except Exception as error:  # another desk relayed it first: a refusal is fine
                        if getattr(error, "code", None) != "message.already_relayed":
                            raise
    except BaseException:  # noqa: BLE001 - every failure goes back to the test
        errors.append(traceback.format_exc())
    results.put((login, saved, errors))


def run_desks(path: str, *, create: bool) -> list[tuple[str, int, list[str]]]:
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(WRITERS)
    results = context.Queue()
    desks = [
        context.Process(target=_writer, args=(path, f"clerk{i}", barrier, results, create))
        for i in range(WRITERS)
    ]
    for desk in desks:
        desk.start()
    try:
        outcome = [results.get(timeout=120) for _ in desks]
    finally:
        for desk in desks:
            desk.join(timeout=30)
            if desk.is_alive():
                desk.kill()
    assert [desk.exitcode for desk in desks] == [0] * WRITERS
    return outcome


def check(path, outcome) -> None:
    problems = [error for _, _, errors in outcome for error in errors]
    assert not problems, "\n".join(problems)
    assert not any("database is locked" in e for e in problems)
    assert sorted(saved for _, saved, _ in outcome) == [CALLS_EACH] * WRITERS
    with raw.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM call").fetchone()[0] == WRITERS * CALLS_EACH
        assert con.execute("SELECT COUNT(*) FROM customer").fetchone()[0] == WRITERS * 5
        assert con.execute("SELECT COUNT(*) FROM message").fetchone()[0] == WRITERS * 4
        assert con.execute("SELECT COUNT(*) FROM message WHERE relayed_at IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM audit WHERE entity = 'call'").fetchone()[0] == WRITERS * CALLS_EACH
        assert con.execute("SELECT COUNT(*) FROM audit WHERE action = 'relay'").fetchone()[0] == WRITERS * 4
        assert con.execute("SELECT COUNT(*) FROM staff").fetchone()[0] == WRITERS  # each clerk once
        assert con.execute("SELECT COUNT(DISTINCT key) FROM setting").fetchone()[0] > 0
        for login, _, _ in outcome:
            notes = {n for (n,) in con.execute("SELECT notes FROM call WHERE notes LIKE ?", (f"{login} #%",))}
            assert notes == {f"{login} #{n}" for n in range(CALLS_EACH)}


def test_four_desks_save_at_once_and_every_save_lands(database):
    check(database, run_desks(str(database), create=False))


def test_desks_saving_while_escalation_and_export_run_lose_nothing(database):
    """8 desks saving, the escalation pass and an export running all along (bench/server_load.py
    runs 8 x 500): no error, no save lost or doubled, no complaint escalated twice to a level."""
    load.prepare(str(database))
    outcome = load.run(str(database), desks=8, saves=15)
    found = load.tally(str(database), outcome)
    assert found["errors"] == []
    assert (found["lost"], found["duplicates"], found["double_escalations"]) == (0, 0, 0)
    assert found["escalated"] == 2 * load.DUE_COMPLAINTS  # each to level 1, then 2, once
    runs, rows = found["exports"]
    assert runs >= 1 and rows <= 8 * 15


def test_four_desks_opening_a_new_database_at_once(tmp_path):
    path = tmp_path / "first-morning.db"
    check(path, run_desks(str(path), create=True))
    from db.schema import SCHEMA_VERSION

    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        settings = con.execute("SELECT COUNT(*) FROM setting").fetchone()[0]
        assert con.execute("SELECT COUNT(*) FROM audit WHERE entity = 'setting'").fetchone()[0] == 0
    from db.defaults import DEFAULTS

    assert settings == len(DEFAULTS)


def _opener(paths: list[str], barrier, results) -> None:
    errors = []
    import db

    for path in paths:
        barrier.wait(timeout=60)
        try:
            db.open_database(path, create=True)
        except BaseException:  # noqa: BLE001
            errors.append(traceback.format_exc())
    results.put(errors)


def test_desks_racing_to_create_a_database_all_get_in(tmp_path):
    """Turning a new file to WAL is where SQLite answers "locked" without waiting: race it often."""
    paths = [str(tmp_path / f"new{n}.db") for n in range(10)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(6)
    results = context.Queue()
    desks = [context.Process(target=_opener, args=(paths, barrier, results)) for _ in range(6)]
    for desk in desks:
        desk.start()
    try:
        errors = [error for _ in desks for error in results.get(timeout=120)]
    finally:
        for desk in desks:
            desk.join(timeout=30)
            if desk.is_alive():
                desk.kill()
    assert errors == []
    from db.schema import SCHEMA_VERSION

    for path in paths:
        with sqlite3.connect(path) as con:
            assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
