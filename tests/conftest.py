"""Shared fixtures: a real SQLite file per test, a signed-in desk user, the language reset."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the project is not installed: run from its folder
    sys.path.insert(0, str(ROOT))

import db  # noqa: E402
from callcenter import i18n  # noqa: E402


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


@pytest.fixture
def database(tmp_path) -> Path:
    """A fresh, migrated and seeded database file in tmp_path; the models are bound to it."""
    path = tmp_path / "callcenter.db"
    db.open_database(path, create=True)
    db.close_database()  # pooled connections closed: the file itself holds the migration
    return path


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
