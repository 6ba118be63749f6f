"""Passwords as kept: scrypt of the password with a salt of its own, never the password itself.

The cost (N = 2**15, r = 8: 32 MiB and about 0.1 s on the office's 2-core machine, bench/signin.py)
keeps a stolen database slow to guess from while a sign-in still adds well under 0.3 s.
"""
from __future__ import annotations

import hashlib
import hmac
import os

COST = {"n": 2 ** 15, "r": 8, "p": 1}
MAXMEM = 64 * 1024 * 1024  # scrypt needs 128 * n * r bytes; the default cap (32 MiB) is just short
SALT_BYTES = 16
MIN_LENGTH = 8
ATTEMPTS = 5  # wrong passwords in a row that lock the login
LOCK_SECONDS = 5 * 60


def digest(password: str, salt: bytes) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, maxmem=MAXMEM, dklen=32, **COST)


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def matches(password: str, salt: bytes, kept: bytes) -> bool:
    return hmac.compare_digest(digest(password, salt), kept)
