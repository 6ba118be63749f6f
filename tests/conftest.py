"""Shared fixtures: a real database per test, a signed-in desk user, the language reset.

Modules marked `pytestmark = pytest.mark.engines` run each test that uses `database` twice: on a
SQLite file ([sqlite]) and on a fresh database of a throw-away PostgreSQL server ([postgres]);
`database` is then a path or a URL. `@pytest.mark.sqlite_only` keeps one test on the file.
Without a server binary the [postgres] half is skipped, saying why.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the project is not installed: run from its folder
    sys.path.insert(0, str(ROOT))

import db  # noqa: E402
from callcenter import i18n  # noqa: E402

# Hypothesis profiles for the property tests (tests/test_rules_total.py).
# "default" (every run, CI included): 2,000 examples a parser, the same ones on every run
# (derandomize: a failure is a real regression that reproduces, never a flaky newcomer) and no
# example database (nothing written into the worktree, nothing remembered between machines).
# No deadline: a 2-core machine shared with other jobs makes per-example timing meaningless.
settings.register_profile("default", max_examples=2_000, deadline=None, derandomize=True, database=None)
# "fuzz" (`pytest --hypothesis-profile=fuzz`): 100,000 fresh random examples a parser, new ones on
# every run; a failure prints the blob that replays it with @reproduce_failure.
settings.register_profile("fuzz", max_examples=100_000, deadline=None, database=None, print_blob=True)


@pytest.fixture(autouse=True)
def _reset_language():
    """Every test starts and ends with the default language, whatever it switched to."""
    i18n.set_language("zh")
    yield
    i18n.set_language("zh")


@pytest.fixture(autouse=True)
def _private_log(tmp_path, monkeypatch):
    """Unexpected errors are logged under the test's own folder, never the developer's home."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


ENGINES = ("sqlite", "postgres")


def pytest_configure(config):
    config.addinivalue_line("markers", "engines: run the module's database tests on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: this test reads the SQLite file itself")


def pytest_generate_tests(metafunc):
    if ("database" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines")
            and not metafunc.definition.get_closest_marker("sqlite_only")):
        metafunc.parametrize("engine_name", ENGINES, indirect=True)


@pytest.fixture
def engine_name(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostgreSQL server, started on first use; skips the test when there is none."""
    from tests import pg

    server, why = pg.start()
    if server is None:
        print(f"\nPostgreSQL tests skipped: {why}")
    yield server, why
    if server is not None:
        db.close_database()
        server.stop()


@pytest.fixture
def server(pg_server):
    server, why = pg_server
    if server is None:
        pytest.skip(why)
    return server


@pytest.fixture
def database(tmp_path, engine_name, request):
    """A fresh, migrated and seeded database, the models bound to it: a file in tmp_path, or with
    engine_name "postgres" a URL of a new database copied from the server's template."""
    if engine_name == "postgres":
        server = request.getfixturevalue("server")
        url = server.fresh()
        db.open_database(url)
        db.close_database()
        yield url
        db.close_database()
        server.drop(url)
        return
    path = tmp_path / "callcenter.db"
    db.open_database(path, create=True)
    db.close_database()  # pooled connections closed: the file itself holds the migration
    yield path


@pytest.fixture
def clerk(database):
    """The first user signed in at the desk (so a supervisor: the very first desk user supervises)."""
    from callcenter.services import staff

    return staff.sign_in("wang")


@pytest.fixture
def desk_user(clerk):
    """Adds a person with a login to the directory, as a supervisor (the `clerk`) does; returns
    them signed in. A login not in the directory is refused at the desk."""
    from callcenter.services import staff

    def add(login: str, *, supervisor: bool = False, name: str = "", role: str = "clerk"):
        staff.add(clerk, staff.PersonFields(name or login, role, login=login, is_supervisor=supervisor))
        return staff.sign_in(login)

    return add


@pytest.fixture
def as_os_login(monkeypatch):
    """`as_os_login("wang")`: the CLI and desk in this process run as if the OS account were wang
    (identity comes from the system, never a flag)."""
    from callcenter.services import signin

    def use(login: str) -> None:
        monkeypatch.setattr(signin, "os_login", lambda: login)

    return use


@pytest.fixture
def os_user() -> str:
    """The OS account running the tests: who a `python -m callcenter` subprocess is."""
    import os
    import pwd

    return pwd.getpwuid(os.geteuid()).pw_name
