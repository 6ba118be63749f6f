"""Files with the company's data are private whatever the umask: the database, its -wal and -shm,
backups and exports 0600 (0660 in a group-shared, setgid folder); folders the desk makes 0700."""
from __future__ import annotations

import os
import stat

import pytest

import db
from callcenter import cli


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(params=[0o022, 0o002], ids=["umask022", "umask002"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_database_wal_shm_backup_and_export_are_private(tmp_path, umask, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "new" / "data"
    path = folder / "calls.db"
    db.create_database(path)
    from callcenter.services import staff

    staff.first_supervisor("wang", "王")
    assert (mode(path), mode(f"{path}-wal"), mode(f"{path}-shm")) == (0o600, 0o600, 0o600)
    assert (mode(folder), mode(folder.parent)) == (0o700, 0o700)
    db.close_database()
    assert cli.main(["backup", "--db", str(path), "-o", str(tmp_path / "copy.db")]) == 0
    assert mode(tmp_path / "copy.db") == 0o600
    assert cli.main(["backup", "--db", str(path)]) == 0  # into the user data folder, made 0700
    backups = tmp_path / "xdg" / "callcenter" / "backups"
    assert mode(backups) == 0o700 and [mode(p) for p in backups.iterdir()] == [0o600]
    assert cli.main(["export", "staff", "--db", str(path), "--format", "csv", "-o", str(tmp_path / "s.csv")]) == 0
    assert mode(tmp_path / "s.csv") == 0o600


def test_a_group_shared_folder_gets_group_readable_files(tmp_path, umask):
    shared = tmp_path / "office"
    shared.mkdir()
    os.chmod(shared, 0o2770)  # setgid: the office's group shares the desk's files
    path = shared / "calls.db"
    db.create_database(path)
    db.close_database()
    assert cli.main(["export", "staff", "--db", str(path), "--format", "csv", "-o", str(shared / "s.csv")]) == 0
    assert (mode(path), mode(f"{path}-wal"), mode(shared / "s.csv")) == (0o660, 0o660, 0o660)
