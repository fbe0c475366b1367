"""Password hashes: argon2id with argon2-cffi's recommended parameters."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["MIN_PASSWORD_LENGTH", "hash_password", "verify_password"]

MIN_PASSWORD_LENGTH = 10


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _decoy() -> str:
    """A hash to check unknown usernames against, so they take as long as known ones."""
    return _hasher().hash("not a password anyone has")


def hash_password(password: str) -> str:
    """The argon2id hash of `password`, with its salt and parameters."""
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored` (None: an account without a password)."""
    try:
        return _hasher().verify(stored or _decoy(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False
