"""The desk in a browser, for real: `callcenter serve` on a loopback port, headless Chromium (Debian's
/usr/bin/chromium through Playwright) typing into the xterm.js page: sign in, take a call, save it,
and the row is in the database. Skipped, saying why, where Chromium, Playwright or textual-serve is
absent. Helpers: tests/web.py."""
from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.web import ROOT, Timeout, artifacts, chromium, free_port, missing, open_desk, serving

PASSWORD = "front-desk-secret"
SERVING = missing("textual_serve")
BROWSING = missing("chromium", "playwright", "textual_serve")
needs_serving = pytest.mark.skipif(bool(SERVING), reason=SERVING or "-")
needs_browser = pytest.mark.skipif(bool(BROWSING), reason=BROWSING or "-")


@pytest.fixture
def staffed(database, clerk, desk_user, os_user):
    """The test database, where li (a clerk) has a password. The OS account running the tests is a
    desk user too: served desks must sign in all the same."""
    import db
    from callcenter.services import signin

    if SERVING:
        pytest.skip(SERVING)
    desk_user(os_user)
    desk_user("li", name="李娜")
    signin.set_password(clerk, "li", PASSWORD)
    db.close_database()
    return database


@pytest.fixture
def served(tmp_path, staffed):
    """`callcenter serve` on the staffed database; its address."""
    try:
        with serving(staffed, tmp_path / "home") as (_, url):
            yield url
    except Timeout as timeout:
        pytest.fail(str(timeout))


def page_at(url: str) -> str:
    import urllib.request

    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


@pytest.fixture
def browser(tmp_path):
    with chromium(tmp_path / "chromium-profile") as context:
        yield context


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as con:
        return con.execute(sql).fetchall()


@needs_browser
def test_a_clerk_signs_in_and_saves_a_call_in_the_browser(served, browser, database):
    desk = open_desk(browser, served)
    mark = desk.sign_in("li", PASSWORD)
    desk.shows("F12", since=mark)  # the home screen's key bar: signed in
    mark = desk.press("F2")
    desk.shows("话术", since=mark)
    mark = desk.type("13912345678")
    desk.shows("5678", since=mark)
    mark = desk.press("Enter")
    desk.shows("未找到客户", since=mark)
    desk.type("曾丽")
    for row, choice in (("来源", "1"), ("称呼", "2"), ("类别", "1")):  # 朋友介绍, 女士, 咨询; no address
        desk.tab_to(row)
        desk.press(choice)
    desk.shows("[1.咨询]", since=mark)
    mark = desk.press("Control+s")
    desk.until(lambda: rows(database, "SELECT count(*) FROM call")[0][0] == 1, "the call in the database")
    desk.shows("已保存", since=mark)  # back on the home screen, which says so
    picture = artifacts() / "web-desk.png"
    desk.page.screenshot(path=str(picture))
    print(f"\nscreenshot of the served desk: {picture}")
    [saved] = rows(database, "SELECT c.phone_e164, c.category, s.login, k.name FROM call c "
                             "JOIN staff s ON s.id = c.clerk_id JOIN customer k ON k.id = c.customer_id")
    assert saved == ("+8613912345678", "咨询", "li", "曾丽")


@needs_browser
def test_the_served_desk_refuses_a_wrong_password(served, browser, database, os_user):
    desk = open_desk(browser, served)
    mark = desk.sign_in("li", "wrong-password")
    desk.shows("密码错误（还可再试 4 次）", since=mark)
    assert "wrong-password" not in desk.screen()
    assert rows(database, "SELECT count(*) FROM call")[0][0] == 0
    assert rows(database, "SELECT count(*) FROM draft")[0][0] == 0
    refused = rows(database, "SELECT actor, entity_id FROM audit WHERE action = 'refused'")
    assert refused == [(os_user, "li")]  # the server's shared OS account tried li, and failed


def test_the_server_listens_on_loopback_only(served):
    port = int(served.rsplit(":", 1)[1].strip("/"))
    listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[3] == "0A"]  # state LISTEN; local address as hex ip:port
    assert f"0100007F:{port:04X}" in listening
    assert f"00000000:{port:04X}" not in listening


def test_every_served_desk_signs_in_and_its_command_is_fixed(tmp_path):
    from callcenter.cli import build_parser
    from callcenter.cli_serve import desk_command

    odd = tmp_path / "desk's file; rm -rf x.db"
    command = desk_command(build_parser().parse_args(["--db", str(odd), "--lang", "en", "serve"]))
    assert shlex.split(command) == [sys.executable, "-m", "callcenter", "--sign-in", "--db", str(odd), "--lang", "en"]
    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"


def test_sign_in_and_agent_do_not_go_together():
    from callcenter.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["--sign-in", "--agent", "wang"])
    assert exit_.value.code == 2


@needs_serving
def test_serving_a_desk_nobody_can_sign_in_to_is_refused(database, clerk, capsys):
    from callcenter.cli import main

    assert main(["--db", str(database), "serve", "--port", str(free_port())]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "没有人能登录" in err and "callcenter passwd" in err


def test_serve_without_the_web_extra_says_how_to_install_it(database):
    code = ("import sys; sys.modules['textual_serve'] = None\n"  # as if the extra were not installed
            "from callcenter.cli import main\n"
            f"sys.exit(main(['--db', {str(database)!r}, 'serve']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "pip install 'callcenter[web]'" in result.stderr


def test_the_served_page_asks_nothing_of_other_sites(served):
    import re

    page = page_at(served)
    assert "xterm" in page and "客服呼叫台" in page
    addresses = re.findall(r"""(?<!xmlns=")\b(?:https?|wss?)://[^"'\s)>]+""", page)  # an SVG namespace is no request
    here = served.split("://", 1)[1]
    assert addresses and all(address.split("://", 1)[1].startswith(here) for address in addresses), addresses
    assert "googleapis" not in page


@needs_browser
def test_a_browser_closed_mid_call_leaves_the_draft(served, browser, database):
    desk = open_desk(browser, served)
    desk.shows("F12", since=desk.sign_in("li", PASSWORD))
    desk.shows("话术", since=desk.press("F2"))
    desk.shows("5678", since=desk.type("13912345678"))
    desk.page.close()  # the tab closed: textual-serve ends that desk
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the page is gone: poll the database alone
        kept = [data for (data,) in rows(database, "SELECT data FROM draft")]
        if any("13912345678" in data for data in kept):
            break
        time.sleep(0.1)
    assert len(kept) == 1 and "13912345678" in kept[0]


def test_behind_a_tls_proxy_the_page_uses_the_public_address(tmp_path, staffed):
    with serving(staffed, tmp_path / "home", "--public-url", "https://desk.example.com/") as (_, url):
        page = page_at(url)
    assert 'data-session-websocket-url="wss://desk.example.com/ws"' in page
    assert "https://desk.example.com/static/js/textual.js" in page


def test_the_desk_starts_without_importing_textual_serve():
    from tests.test_layers import imported_after

    loaded = imported_after(["callcenter.cli"], call="import callcenter.cli as c; c.build_parser().parse_args(['serve'])")
    assert "callcenter.cli_serve" in loaded and not any(name.startswith("textual_serve") for name in loaded)
