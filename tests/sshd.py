"""A throw-away OpenSSH sshd on a loopback port whose ForceCommand is the desk (or any program),
and `ssh -tt` to it from an 80x24 pseudo-terminal whose output is read as it comes.

Used by tests/test_ssh.py and bench/ssh_bytes.py. The server lines are those README's "Serving
clerks over SSH" shows, with a test's paths.
"""
from __future__ import annotations

import codecs
import grp
import os
import pty
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
SSH, KEYGEN = shutil.which("ssh"), shutil.which("ssh-keygen")
MISSING = None if SSHD and SSH and KEYGEN and hasattr(pty, "fork") else (
    "needs OpenSSH's sshd, ssh and ssh-keygen (Debian: openssh-server) and pseudo-terminals")
ROOT = Path(__file__).resolve().parent.parent

F2 = b"\x1bOQ"  # what xterm sends for F2
ENTER, TAB, CTRL_S = b"\r", b"\t", b"\x13"
SIZE = (80, 24)
# What the clerk's terminal sends: a Chinese locale, which the server need not have generated.
LANG = "zh_CN.UTF-8"


class SshdFailed(Exception):
    """sshd would not start here; the message says why."""


def desk_command(database: Path | str, home: Path) -> str:
    """The desk on `database`, its user folders under `home` (a test must not write the real ones)."""
    return (f"env XDG_DATA_HOME={home}/data XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config "
            f"PYTHONPATH={ROOT} {sys.executable} -m callcenter --db {database}")


def config(folder: Path, port: int, command: str, group: str) -> str:
    """The test's own server lines, then README's: the desk accounts' group gets only the desk."""
    return "\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder}/host_key", f"PidFile {folder}/sshd.pid",
        f"AuthorizedKeysFile {folder}/authorized_keys", "PermitRootLogin prohibit-password", "StrictModes no",
        "UsePAM no", "PubkeyAuthentication yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
        f"Match Group {group}", "    AcceptEnv LANG LC_*", "    PermitTTY yes", "    X11Forwarding no",
        "    AllowTcpForwarding no", f"    ForceCommand umask 007; exec {command}", ""])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(folder: Path, command: str):
    """sshd running `command` for whoever connects with folder/client_key; yields its port."""
    folder.mkdir(parents=True, exist_ok=True)
    for key in ("host_key", "client_key"):
        if not (folder / key).exists():
            subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / key)], check=True)
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = _free_port()
    group = grp.getgrgid(os.getegid()).gr_name  # the group the desk accounts share, as on a real server
    (folder / "sshd_config").write_text(config(folder, port, command, group))
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    log = folder / "sshd.log"  # a file, not a pipe nobody reads: a long run's log must not stall sshd
    with log.open("wb") as stderr:
        server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stderr=stderr)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise SshdFailed(f"sshd did not start: {log.read_text(errors='replace')[-300:]}")
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


# An escape sequence a terminal acts on without showing it: CSI (colours, cursor moves), OSC, or
# a two-byte one (charset, keypad mode).
ESCAPE = r"(?:\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[^\[\]()])"
STYLE = r"(?:\x1b\[[0-9;:]*m)"  # a change of colour or attribute


def shown(text: str) -> str:
    """A pattern for `text` as a terminal shows it: escape sequences may come between its characters."""
    return f"{ESCAPE}*".join(re.escape(char) for char in text)


def focused_placeholder(placeholder: str) -> str:
    """An empty text field that has the focus: the cursor, a style of its own, on its placeholder's
    first character (a field without the focus draws the placeholder in one style). A narrow field
    shows the start of a long placeholder only."""
    return f"{re.escape(placeholder[0])}{STYLE}+{shown(placeholder[1:3])}"


class Terminal:
    """The ssh client on an 80x24 xterm-256color pseudo-terminal, as the clerk's terminal sees it.

    `wait` reads until something shows in what was written since the last thing waited for, so a
    step that depends on the screen (where the focus is, above all) waits for the screen.
    """

    def __init__(self, folder: Path, port: int, user: str, lang: str = LANG):
        pid, fd = pty.fork()
        if pid == 0:
            import fcntl
            import struct
            import termios

            # Sized before ssh starts: it sends the terminal's size when it opens the session.
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
            env = {"TERM": "xterm-256color", "LANG": lang, "PATH": os.environ.get("PATH", ""), "HOME": str(folder)}
            os.execve(SSH, [SSH, "-tt", "-e", "none", "-i", str(folder / "client_key"), "-p", str(port),
                            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                            "-o", f"UserKnownHostsFile={folder}/known_hosts", "-o", "LogLevel=ERROR",
                            "-o", "SendEnv=LANG", f"{user}@127.0.0.1"], env)
        self.pid, self.fd = pid, fd
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.output = ""  # everything the terminal was sent, escape sequences included
        self.received = 0  # bytes
        self.mark = 0  # where in `output` the next wait starts looking

    def read(self, seconds: float) -> int:
        """Read what arrives for `seconds`; the number of bytes."""
        count, end = 0, time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            count += self._read_some(left)
        return count

    def _read_some(self, timeout: float) -> int:
        ready, _, _ = select.select([self.fd], [], [], min(timeout, 0.05))
        if not ready:
            return 0
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # the client has gone
            chunk = b""
        if not chunk:
            raise EOFError("the ssh client closed the terminal")
        self.output += self.decoder.decode(chunk)
        self.received += len(chunk)
        return len(chunk)

    def settle(self, quiet: float, longest: float = 10) -> int:
        """Read until nothing has come for `quiet` seconds (at most `longest`); the number of bytes."""
        count, end = 0, time.monotonic() + longest
        last = time.monotonic()
        while (now := time.monotonic()) < end and now - last < quiet:
            got = self._read_some(quiet - (now - last))
            if got:
                count, last = count + got, time.monotonic()
        return count

    def wait(self, text: str, seconds: float = 20) -> None:
        """Until `text` shows (written after the mark); the mark moves past it."""
        self.wait_for(shown(text), seconds, text)

    def wait_for(self, pattern: str, seconds: float = 20, what: str = "") -> None:
        """Until the regular expression matches what was written after the mark, escape sequences
        included; the mark moves past the match."""
        compiled, end = re.compile(pattern), time.monotonic() + seconds
        while not (found := compiled.search(self.output, self.mark)) and time.monotonic() < end:
            try:
                self._read_some(end - time.monotonic())
            except EOFError:
                break
        if not found:
            seen = re.sub(ESCAPE, "", self.output[self.mark:])
            raise AssertionError(f"{what or pattern!r} never shown; shown since the last step: {seen[-600:]!r}")
        self.mark = found.end()

    def keys(self, *keys: bytes | str) -> None:
        """Each key its own write, as a clerk types."""
        for key in keys:
            os.write(self.fd, key.encode() if isinstance(key, str) else key)

    def type(self, text: str) -> None:
        self.keys(*text)

    def hang_up(self) -> None:
        """The client dies (the link drops): sshd hangs up the session."""
        self.close(signal.SIGKILL)

    def close(self, how: int = signal.SIGTERM) -> None:
        try:
            os.kill(self.pid, how)
        except ProcessLookupError:
            pass
        end = time.monotonic() + 10
        while not os.waitpid(self.pid, os.WNOHANG)[0]:
            if time.monotonic() > end:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        os.close(self.fd)
