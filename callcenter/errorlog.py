"""Unexpected errors, written with their tracebacks to one log file; the clerk sees one line.

The file handler is made on the first error only: most days there is none, and the desk's start
should not pay for it. It follows the log path if that changes (a test's own folder).
"""
from __future__ import annotations

import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

from callcenter import paths

_logger = logging.getLogger("callcenter")
_handler: RotatingFileHandler | None = None


def _ready(path: Path) -> logging.Logger:
    global _handler
    if _handler is None or _handler.baseFilename != str(path.absolute()):
        path.parent.mkdir(parents=True, exist_ok=True)
        # Tracebacks may quote customers' details: the log is the clerk's alone.
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        if _handler is not None:
            _logger.removeHandler(_handler)
            _handler.close()
        _handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        _handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(message)s"))
        _logger.addHandler(_handler)
        _logger.setLevel(logging.INFO)
        _logger.propagate = False
    return _logger


def record(error: BaseException, where: str = "") -> Path:
    """Write `error` with its traceback; the file it went to (to name in the message)."""
    path = paths.log_file()
    try:
        _ready(path).error("unexpected error %s", where, exc_info=(type(error), error, error.__traceback__))
    except OSError:
        pass  # a full disk must not turn one error into a crash; the message still names the file
    return path
