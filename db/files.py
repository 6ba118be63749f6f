"""Files with the company's data are private, whatever the umask: 0600, or 0660 in a folder
shared by a group (setgid, so new files take its group); folders the desk makes are 0700.

SQLite gives a database's -wal and -shm files the mode of the database file itself, so a
database created empty at the right mode keeps them private too.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

FILE, GROUP_FILE, FOLDER = 0o600, 0o660, 0o700


def mode_in(folder: Path) -> int:
    """0660 where the folder is group-shared (setgid), else 0600."""
    try:
        shared = folder.stat().st_mode & stat.S_ISGID
    except OSError:
        shared = 0
    return GROUP_FILE if shared else FILE


def folder(path: Path) -> None:
    """Make `path` (and missing parents) 0700; a folder that exists keeps its mode."""
    path = Path(path)
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for made in reversed(missing):
        made.mkdir(exist_ok=True)
        os.chmod(made, FOLDER)  # chmod, not mkdir's mode: the umask must not widen or narrow it


def new_file(path: Path) -> None:
    """Create `path` empty at the private mode of its folder; an existing file is left alone."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE)
    except FileExistsError:
        return
    try:
        os.fchmod(fd, mode_in(path.parent))
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """A file made by other means (a temporary file renamed into place) gets its folder's private mode."""
    os.chmod(path, mode_in(Path(path).parent))
