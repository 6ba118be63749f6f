"""Every file the desk reads or writes outside the database it is given, in one place."""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_log_path

APP = "callcenter"


def data_dir() -> Path:
    return user_data_path(APP, appauthor=False)


def config_file() -> Path:
    return user_config_path(APP, appauthor=False) / "config.toml"


def default_db() -> str:
    """The database when --db is not given: $CALLCENTER_DB, else one file in the user data dir."""
    return os.environ.get("CALLCENTER_DB") or str(data_dir() / "callcenter.db")


def demo_db() -> str:
    return str(data_dir() / "demo.db")


def log_file() -> Path:
    """Where unexpected errors are written with their tracebacks, for whoever looks after the desk."""
    return user_log_path(APP, appauthor=False) / "callcenter.log"
