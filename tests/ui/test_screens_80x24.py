"""Every screen at 80x24, in Chinese and in English, on the demo data with the clock frozen:

- nothing is cut (tests/ui/fit.py says what that means: footer keys, hints, headings, names, text);
- it looks as its snapshot in tests/ui/__snapshots__/, so any visual change shows up as a diff
  (`pytest --snapshot-update` accepts one after a look at the report).
"""
from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
import time_machine

import db
from callcenter import i18n
from tests.ui import tour
from tests.ui.fit import cut_off

MOMENT = datetime(2026, 11, 30, 7, 0, tzinfo=timezone.utc)  # a Monday, 15:00 at the company


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """One demo database for all the screens (each test gets a copy): a year up to MOMENT."""
    from callcenter.services import complaints, demo
    from db.models import Customer

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with time_machine.travel(MOMENT, tick=False):
        db.open_database(path, create=True)
        try:
            demo.fill(120, 800, seed=7)
            complaints.escalate_due()  # as the desk's timer would at start: the screens show it done
            known = Customer.select().order_by(Customer.id).first().phone_raw
        finally:
            db.close_database()
    return path, known


@pytest.mark.parametrize("language", i18n.LANGUAGES)
@pytest.mark.parametrize("visit", list(tour.TOUR))
def test_screen_shows_everything_at_80x24_as_its_snapshot(visit, language, demo_file, tmp_path, snap_compare,
                                                         monkeypatch):
    from callcenter.services import staff
    from callcenter.ui.app import create_app

    template, known = demo_file
    path = tmp_path / "desk.db"
    shutil.copy(template, path)
    for name in ("NO_COLOR", "FORCE_COLOR", "TEXTUAL_THEME"):  # the terminal's wishes are not the screen's
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # nobody's own key map or settings
    i18n.set_language(language)
    cut: list[str] = []

    async def walk(pilot) -> None:
        await tour.walk(pilot, visit, known)
        cut.extend(cut_off(pilot.app))

    with time_machine.travel(MOMENT, tick=False):
        db.open_database(path)
        try:
            app = (create_app(None, os_login="frontdesk") if visit == tour.SIGN_IN
                   else create_app(staff.sign_in("supervisor")))
            looks_the_same = snap_compare(app, run_before=walk, terminal_size=(80, 24))
        finally:
            db.close_database()
    assert cut == []
    assert looks_the_same
