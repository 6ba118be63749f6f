"""The desk in a real pseudo-terminal: the SSH link drops (SIGHUP) or the process is killed mid-call,
and the call being typed is waiting as a draft."""
from __future__ import annotations

import os
import pty
import select
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
F2 = b"\x1bOQ"

pytestmark = pytest.mark.skipif(not hasattr(pty, "fork"), reason="needs POSIX pseudo-terminals")


def spawn_desk(database: Path, home: Path) -> tuple[int, int]:
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader on its own terminal, as sshd starts a login
        env = {"HOME": str(home), "TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ.get("PATH", ""),
               "PYTHONPATH": str(ROOT), "COLUMNS": "80", "LINES": "24"}
        os.execve(sys.executable, [sys.executable, "-m", "callcenter", "--db", str(database)], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def read_until(fd: int, marker: str, seconds: float = 20) -> None:
    seen, end = b"", time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if marker.encode() in seen:
                return
    raise AssertionError(f"{marker!r} never shown; got {seen[-300:]!r}")


def wait_exit(pid: int, seconds: float = 10) -> int:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    raise AssertionError("the desk did not exit")


def drafts_in(database: Path) -> list[str]:
    with sqlite3.connect(database) as con:
        return [row[0] for row in con.execute("SELECT data FROM draft")]


@pytest.fixture
def os_clerk(desk_user, os_user):
    """The desk runs as the OS account running the tests: a clerk in the directory."""
    return desk_user(os_user)


def open_call(database: Path, home: Path, number: str) -> tuple[int, int]:
    pid, fd = spawn_desk(database, home)
    read_until(fd, "F12")
    os.write(fd, F2)
    read_until(fd, "话术")
    for char in number:
        os.write(fd, char.encode())
    read_until(fd, number[-4:])
    return pid, fd


def test_a_dropped_link_writes_the_draft_at_once(database, os_clerk, tmp_path):
    pid, fd = open_call(database, tmp_path, "13912345678")
    os.close(fd)  # the link drops: the terminal's session gets SIGHUP, well inside the draft's one second
    wait_exit(pid)
    kept = drafts_in(database)
    assert len(kept) == 1 and "13912345678" in kept[0]


def test_a_killed_desk_leaves_the_draft_of_the_last_second(database, os_clerk, tmp_path):
    pid, fd = open_call(database, tmp_path, "13700001234")
    time.sleep(2.0)  # the debounced draft lands within a second of the last key
    os.kill(pid, signal.SIGKILL)
    wait_exit(pid)
    os.close(fd)
    kept = drafts_in(database)
    assert len(kept) == 1 and "13700001234" in kept[0]
    with sqlite3.connect(database) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
