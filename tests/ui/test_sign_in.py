"""On an OS account several people share, the desk opens on the sign-in screen: nothing else works
until a staff login and its password are given."""
from __future__ import annotations

import sqlite3

from callcenter.services import settings as settings_service
from callcenter.services import signin
from callcenter.ui.app import create_app
from callcenter.ui.screens.home import HomeScreen
from callcenter.ui.screens.sign_in import SignInScreen
from tests.ui.conftest import SIZE, screen_text, settle, type_text

PASSWORD = "front-desk-secret"


async def test_a_shared_account_signs_in_before_the_desk_opens(database, clerk, desk_user):
    settings_service.save(clerk, "shared_logins", ["front"])
    desk_user("li")
    signin.set_password(clerk, "li", PASSWORD)
    clerk_at_desk = signin.desk_user("front")
    assert clerk_at_desk is None
    app = create_app(clerk_at_desk, os_login="front")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        await pilot.press("f2", "f12")  # the desk's keys do nothing before sign-in
        assert isinstance(app.screen, SignInScreen) and app.clerk is None
        await type_text(pilot, "li")
        await pilot.press("enter")
        await type_text(pilot, "wrong-password")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen)
        assert "密码错误（还可再试 4 次）" in screen_text(app)
        assert "wrong-password" not in screen_text(app)
        await type_text(pilot, PASSWORD)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.clerk.login == "li"
    with sqlite3.connect(database) as con:
        refused = con.execute("SELECT actor, entity_id FROM audit WHERE action = 'refused'").fetchall()
    assert refused == [("front", "li")]
