"""The desk over SSH, for real: a throw-away OpenSSH sshd on a loopback port whose ForceCommand is
the desk (tests/sshd.py), and `ssh -tt` from an 80x24 xterm-256color terminal that sends
LANG=zh_CN.UTF-8, a locale this machine need not have generated. Skipped, saying why, where sshd
is absent.

Every key that depends on where the focus is waits for the screen to show it there first: a
key sent while the focus is still moving lands in the field it is leaving.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

import db
from callcenter.i18n import t
from callcenter.services import settings as settings_service
from callcenter.services import signin
from tests import sshd
from tests.sshd import CTRL_S, ENTER, F2, TAB, Terminal, focused_placeholder
from tests.test_hangup import drafts_in
from tests.ui.conftest import add_customer

pytestmark = pytest.mark.skipif(sshd.MISSING is not None, reason=str(sshd.MISSING))

PASSWORD = "front-desk-secret"


@pytest.fixture
def ssh_server(tmp_path, database):
    """sshd serving the desk on the test database to the OS account running the tests."""
    folder = tmp_path / "ssh"
    try:
        with sshd.serving(folder, sshd.desk_command(database, tmp_path / "home")) as port:
            yield folder, port
    except sshd.SshdFailed as why:
        pytest.skip(str(why))


def desk_environment(database: Path) -> dict[str, str]:
    """The environment sshd gave the desk serving `database` (read from /proc while it runs)."""
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            if b"callcenter" in command and str(database).encode() in command:
                pairs = (proc / "environ").read_bytes().split(b"\0")
                return dict(pair.decode().split("=", 1) for pair in pairs if b"=" in pair)
        except OSError:  # not ours, or gone meanwhile
            continue
    raise AssertionError("no desk process serves the test database")


def test_a_shared_account_signs_in_and_saves_a_call_over_ssh(ssh_server, database, clerk, desk_user, os_user):
    settings_service.save(clerk, "shared_logins", [os_user])  # several clerks share this OS account
    desk_user("li", name="李娜")
    signin.set_password(clerk, "li", PASSWORD)
    with db.writing():
        add_customer("张三", "0396-2345678")
    folder, port = ssh_server
    terminal = Terminal(folder, port, os_user)
    try:
        terminal.wait(t("signin.shared")[:6], seconds=40)  # the sign-in screen, in Chinese
        terminal.wait_for(focused_placeholder(t("signin.ask_login")))
        terminal.type("li")
        terminal.wait("li")
        terminal.keys(ENTER)
        # Not any redraw after Enter: the screen can repaint before the focus moves, and keys sent
        # then would land in the login field.
        terminal.wait_for(focused_placeholder(t("signin.ask_password")))
        terminal.type(PASSWORD)
        terminal.wait("•" * len(PASSWORD))
        terminal.keys(ENTER)
        terminal.wait("F12")  # the home screen's key line
        assert desk_environment(database)["LANG"] == sshd.LANG  # sent by the client, accepted by sshd
        terminal.keys(F2)
        terminal.wait_for(focused_placeholder(t("call.phone_hint")))
        terminal.type("03962345678")
        # The caller's card came: a known customer without a salutation, which is asked under it.
        terminal.wait(" " + t("field.salutation"))
        terminal.keys(ENTER)
        terminal.wait("▶" + t("field.salutation"))
        terminal.keys("1")
        terminal.wait(f"[1.{t('salutation.先生')}]")
        terminal.keys(TAB)
        terminal.wait("▶" + t("field.category"))
        terminal.keys("1")
        terminal.wait("[1.咨询]")
        terminal.keys(TAB)
        terminal.wait("▶" + t("call.channel"))
        terminal.keys(TAB)
        terminal.wait("▶" + t("call.direction"))
        terminal.keys(TAB)
        terminal.wait(" " + t("call.direction"))  # drawn without its focus mark: the notes have the focus
        terminal.type("问报价 over ssh")
        terminal.wait("问报价 over ssh")
        terminal.keys(CTRL_S)
        terminal.wait(t("call.saved", id=1))
    finally:
        terminal.close()
    with sqlite3.connect(database) as con:
        saved = con.execute("SELECT c.category, c.notes, c.phone_e164, s.login, k.name, k.salutation FROM call c "
                            "JOIN staff s ON s.id = c.clerk_id JOIN customer k ON k.id = c.customer_id").fetchall()
        drafts = con.execute("SELECT count(*) FROM draft").fetchone()[0]
    assert saved == [("咨询", "问报价 over ssh", "+863962345678", "li", "张三", "先生")]
    assert drafts == 0


def test_a_link_dropped_mid_call_over_ssh_leaves_the_draft(ssh_server, database, desk_user, os_user):
    desk_user(os_user)  # this OS account is a clerk's own: no sign-in
    folder, port = ssh_server
    terminal = Terminal(folder, port, os_user)
    terminal.wait("F12", seconds=40)
    terminal.keys(F2)
    terminal.wait_for(focused_placeholder(t("call.phone_hint")))
    terminal.type("13912345678")
    terminal.wait("13912345678")
    terminal.hang_up()  # sshd sees the link drop and hangs up the desk's session
    for _ in range(100):  # the desk writes the draft on SIGHUP, in its own time
        if drafts_in(database):
            break
        time.sleep(0.1)
    kept = drafts_in(database)
    assert len(kept) == 1 and "13912345678" in kept[0]
