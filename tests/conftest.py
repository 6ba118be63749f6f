"""Shared fixtures: a real SQLite file per test, a signed-in desk user, the language reset."""
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


@pytest.fixture
def database(tmp_path) -> Path:
    """A fresh, migrated and seeded database file in tmp_path; the models are bound to it."""
    path = tmp_path / "callcenter.db"
    db.open_database(path)
    db.close_database()  # pooled connections closed: the file itself holds the migration
    return path


@pytest.fixture
def clerk(database):
    """The first user signed in at the desk (so a supervisor: the very first desk user supervises)."""
    from callcenter.services import staff

    return staff.sign_in("wang")
