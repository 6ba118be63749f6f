"""The desk over SSH, for real: a throw-away OpenSSH sshd on a loopback port whose ForceCommand is
the desk, and `ssh -tt` from an 80x24 terminal. Skipped, saying why, where sshd is absent."""
from __future__ import annotations

import os
import pty
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_hangup import drafts_in, read_until, wait_exit

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
SSH, KEYGEN = shutil.which("ssh"), shutil.which("ssh-keygen")
F2 = b"\x1bOQ"

pytestmark = pytest.mark.skipif(
    not (SSHD and SSH and KEYGEN and hasattr(pty, "fork")),
    reason="needs OpenSSH's sshd, ssh and ssh-keygen (Debian: openssh-server) and pseudo-terminals")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sshd_config(folder: Path, port: int, database: Path) -> str:
    """The lines README "Serving clerks over SSH" shows, with this test's paths."""
    home = folder / "home"
    desk = (f"env XDG_DATA_HOME={home}/data XDG_STATE_HOME={home}/state XDG_CONFIG_HOME={home}/config "
            f"{sys.executable} -m callcenter --db {database}")
    return "\n".join([
        f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {folder}/host_key", f"PidFile {folder}/sshd.pid",
        f"AuthorizedKeysFile {folder}/authorized_keys", "PubkeyAuthentication yes", "PasswordAuthentication no",
        "KbdInteractiveAuthentication no", "PermitRootLogin prohibit-password", "StrictModes no", "UsePAM no",
        "AcceptEnv LANG LC_*", "PermitTTY yes", "X11Forwarding no", "AllowTcpForwarding no",
        f"ForceCommand {desk}", ""])


@pytest.fixture
def sshd(tmp_path, database, desk_user, os_user):
    """sshd serving the desk on the test database to the OS user running the tests (a clerk)."""
    desk_user(os_user)
    folder = tmp_path / "ssh"
    folder.mkdir()
    subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host_key")], check=True)
    subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "client_key")], check=True)
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = _free_port()
    (folder / "sshd_config").write_text(sshd_config(folder, port, database))
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    server = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")], stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            if server.poll() is not None:
                pytest.skip(f"sshd did not start: {server.stderr.read().decode(errors='replace')[-300:]}")
            time.sleep(0.05)
    yield folder, port, os_user
    server.terminate()
    server.wait(timeout=10)


def ssh_desk(folder: Path, port: int, user: str) -> tuple[int, int]:
    """`ssh -tt` from an 80x24 xterm-256color terminal; (pid, terminal fd)."""
    pid, fd = pty.fork()
    if pid == 0:
        env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "PATH": os.environ.get("PATH", ""),
               "HOME": str(folder)}
        os.execve(SSH, [SSH, "-tt", "-i", str(folder / "client_key"), "-p", str(port), "-o", "BatchMode=yes",
                        "-o", "StrictHostKeyChecking=no", "-o", f"UserKnownHostsFile={folder}/known_hosts",
                        "-o", "LogLevel=ERROR", "-o", "SendEnv=LANG", f"{user}@127.0.0.1"], env)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def test_a_link_dropped_mid_call_over_ssh_leaves_the_draft(sshd, database):
    folder, port, user = sshd
    pid, fd = ssh_desk(folder, port, user)
    read_until(fd, "F12", seconds=40)
    os.write(fd, F2)
    read_until(fd, "话术")
    for char in "13912345678":
        os.write(fd, char.encode())
    read_until(fd, "5678")
    os.kill(pid, 9)  # the client dies: sshd sees the link drop and hangs up the desk's session
    wait_exit(pid)
    os.close(fd)
    for _ in range(100):  # the desk writes the draft on SIGHUP, in its own time
        if drafts_in(database):
            break
        time.sleep(0.1)
    kept = drafts_in(database)
    assert len(kept) == 1 and "13912345678" in kept[0]

