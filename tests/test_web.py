"""The desk in a browser, for real: `callcenter serve` on a loopback port, headless Chromium (Debian's
/usr/bin/chromium through Playwright) typing into the xterm.js page: sign in, take a call, save it,
and the row is in the database. Skipped, saying why, where Chromium, Playwright or textual-serve is
absent. The screen is read from what the server sends the page (the terminal draws on a canvas)."""
from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "front-desk-secret"


def _missing(*modules: str) -> str:
    """Why the test cannot run here, or ""."""
    import importlib.util

    if "chromium" in modules and not CHROMIUM.exists():
        return f"needs Chromium at {CHROMIUM} (Debian: chromium)"
    for module in modules:
        if module != "chromium" and importlib.util.find_spec(module) is None:
            return f"needs the Python package {module.replace('_', '-')} (pip install '.[test]')"
    return ""


SERVING = _missing("textual_serve")
BROWSING = _missing("chromium", "playwright", "textual_serve")
needs_serving = pytest.mark.skipif(bool(SERVING), reason=SERVING or "-")
needs_browser = pytest.mark.skipif(bool(BROWSING), reason=BROWSING or "-")

ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def artifacts() -> Path:
    """Where CI keeps pictures: $CALLCENTER_ARTIFACTS, else ./artifacts at the repository's root."""
    folder = Path(os.environ.get("CALLCENTER_ARTIFACTS") or ROOT / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def served(tmp_path, database, clerk, desk_user, os_user):
    """`callcenter serve` on the test database, where li (a clerk) has a password; its address.
    The OS account running it is a desk user too: served desks must sign in all the same."""
    import db
    from callcenter.services import signin

    if SERVING:
        pytest.skip(SERVING)
    desk_user(os_user)
    desk_user("li", name="李娜")
    signin.set_password(clerk, "li", PASSWORD)
    db.close_database()
    port = free_port()
    home = tmp_path / "home"
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_STATE_HOME=str(home / "state"),
               XDG_CONFIG_HOME=str(home / "config"), PYTHONPATH=str(ROOT))
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "callcenter", "--db", str(database), "serve", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"callcenter serve did not listen: {(tmp_path / 'serve.log').read_text()[-500:]}")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        # The server and the desk processes it started for each browser: one process group.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        try:
            os.killpg(server.pid, signal.SIGKILL)  # a desk that outlived its server
        except ProcessLookupError:
            pass
        log.close()


class BrowserDesk:
    """One page showing the served desk; `screen()` is what the server has sent it so far, as text."""

    def __init__(self, page):
        self.page = page
        self.sent = bytearray()
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.sent += payload if isinstance(payload, bytes) else payload.encode()

    def screen(self, since: int = 0) -> str:
        return ESCAPES.sub(b"", bytes(self.sent[since:])).decode("utf-8", "replace")

    def within(self, seconds: float, condition) -> bool:
        """Poll `condition` while Playwright delivers the page's events; whether it came true in time."""
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                return False
            self.page.wait_for_timeout(100)
        return True

    def until(self, condition, what: str, seconds: float = 60) -> None:
        """`condition` within `seconds`, else fail naming `what`, with a screenshot of the page."""
        if not self.within(seconds, condition):
            picture = artifacts() / "web-desk-failed.png"
            self.page.screenshot(path=str(picture))
            pytest.fail(f"(screenshot: {picture}) "
                        f"waited {seconds:.0f} s for {what}; the page last showed: {self.screen()[-600:]!r}")

    def shows(self, text: str, since: int = 0, seconds: float = 60) -> None:
        self.until(lambda: text in self.screen(since), repr(text), seconds)

    def press(self, key: str) -> int:
        """One key, then wait until the desk has drawn its answer (focus moves race a burst of keys,
        as they would a clerk typing faster than the desk draws); the mark from which to read on."""
        mark = len(self.sent)
        if len(key) == 1:  # a character (Chinese ones too) is typed; a named key is pressed
            self.page.keyboard.type(key)
        else:
            self.page.keyboard.press(key)
        self.until(lambda: len(self.sent) > mark, f"the desk to answer {key}")
        return mark

    def tab_to(self, label: str) -> None:
        """Tab until the choice row `label` has the focus mark (inputs on the way show none)."""
        for _ in range(8):
            mark = self.press("Tab")
            if self.within(5, lambda: f"▶{label}" in self.screen(mark)):
                return
        pytest.fail(f"no row {label} reached by Tab")

    def type(self, text: str) -> int:
        mark = len(self.sent)
        for char in text:
            self.press(char)
        return mark


@pytest.fixture
def browser(tmp_path):
    """Headless Debian Chromium with a fresh profile; only this machine's loopback is reachable."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800}, locale="zh-CN")
        # The page asks a web font service for its font: never leave this machine.
        context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: route.abort())
        try:
            yield context
        finally:
            context.close()


def open_desk(browser, url: str) -> BrowserDesk:
    page = browser.pages[0] if browser.pages else browser.new_page()
    desk = BrowserDesk(page)
    page.goto(url, wait_until="domcontentloaded")
    desk.shows("系统账号由多人共用")  # the sign-in screen, though the OS account is a desk user
    page.locator(".xterm-helper-textarea").focus()
    return desk


def rows(database: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as con:
        return con.execute(sql).fetchall()


@needs_browser
def test_a_clerk_signs_in_and_saves_a_call_in_the_browser(served, browser, database):
    desk = open_desk(browser, served)
    desk.type("li")
    desk.press("Enter")
    desk.type(PASSWORD)
    mark = desk.press("Enter")
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
    desk.type("li")
    desk.press("Enter")
    mark = desk.type("wrong-password")
    desk.press("Enter")
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


def test_sign_in_and_agent_do_not_go_together(capsys):
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
