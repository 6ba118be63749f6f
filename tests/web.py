"""The desk served to a real browser, for tests/test_web.py and bench/web_memory.py: `callcenter
serve` on a free loopback port, Debian's headless Chromium through Playwright, and a page whose
screen is read from what the server sends it (xterm.js draws on a canvas, so the DOM holds no text)."""
from __future__ import annotations

import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from callcenter.i18n import CATALOG

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
LOOPBACK_ONLY = re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*")


class Timeout(AssertionError):
    pass


def missing(*needs: str) -> str:
    """Why the desk cannot be served (or browsed) here, or "": needs are "chromium" and module names."""
    if "chromium" in needs and not CHROMIUM.exists():
        return f"needs Chromium at {CHROMIUM} (Debian: chromium)"
    for module in needs:
        if module != "chromium" and importlib.util.find_spec(module) is None:
            return f"needs the Python package {module.replace('_', '-')} (pip install '.[test]')"
    return ""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def artifacts() -> Path:
    """Where CI keeps pictures: $CALLCENTER_ARTIFACTS, else ./artifacts at the repository's root."""
    folder = Path(os.environ.get("CALLCENTER_ARTIFACTS") or ROOT / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@contextmanager
def serving(database, folder: Path, *options: str):
    """`callcenter serve [options]` on `database`, its desks' config and state under `folder`;
    (process, URL)."""
    port = free_port()
    env = dict(os.environ, XDG_DATA_HOME=str(folder / "data"), XDG_STATE_HOME=str(folder / "state"),
               XDG_CONFIG_HOME=str(folder / "config"), PYTHONPATH=str(ROOT))
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "callcenter", "--db", str(database), "serve", "--port", str(port), *options],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise Timeout(f"callcenter serve did not listen: {(folder / 'serve.log').read_text()[-500:]}")
                    time.sleep(0.1)
            yield server, f"http://127.0.0.1:{port}/"
        finally:
            _stop(server)


def _stop(server: subprocess.Popen) -> None:
    """The server and the desk processes it started for each browser: one process group."""
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


@contextmanager
def chromium(profile: Path):
    """Headless Debian Chromium with a fresh profile; only this machine's loopback is reachable
    (the page asks a web font service for its font: that request never leaves)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 800}, locale="zh-CN")
        context.route(LOOPBACK_ONLY, lambda route: route.abort())
        try:
            yield context
        finally:
            context.close()


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
        """`condition` within `seconds`, else Timeout naming `what`, with a screenshot of the page."""
        if not self.within(seconds, condition):
            picture = artifacts() / "web-desk-failed.png"
            self.page.screenshot(path=str(picture))
            raise Timeout(f"(screenshot: {picture}) waited {seconds:.0f} s for {what}; "
                          f"the page last showed: {self.screen()[-600:]!r}")

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

    def type(self, text: str) -> int:
        mark = len(self.sent)
        for char in text:
            self.press(char)
        return mark

    def tab_to(self, label: str) -> None:
        """Tab until the choice row `label` has the focus mark (inputs on the way show none)."""
        for _ in range(8):
            mark = self.press("Tab")
            if self.within(5, lambda: f"▶{label}" in self.screen(mark)):
                return
        raise Timeout(f"no row {label} reached by Tab")

    def sign_in(self, login: str, password: str) -> int:
        self.type(login)
        self.press("Enter")
        self.type(password)
        return self.press("Enter")


def open_desk(context, url: str) -> BrowserDesk:
    """A new page on the served desk, at its sign-in screen, the terminal taking the keys."""
    desk = BrowserDesk(context.new_page())
    desk.page.goto(url, wait_until="domcontentloaded")
    desk.shows(CATALOG["signin.shared"][0])  # the sign-in screen's note, in the served desk's Chinese
    desk.page.locator(".xterm-helper-textarea").focus()
    return desk
