"""Accounts: creating them (admin, teachers; guest students) and checking passwords."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Role, User
from .passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from .sessions import digest, new_secret

__all__ = [
    "AccountError",
    "admin_exists",
    "authenticate",
    "create_account",
    "create_guest",
    "guest_by_resume_token",
    "is_guest",
]

USERNAME = re.compile(r"[A-Za-z0-9._-]{2,64}")


class AccountError(ValueError):
    """A field of a new account that cannot be accepted: `field`, and a message `key`."""

    def __init__(self, field: str, key: str) -> None:
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key


def create_account(
    db: Session, *, username: str, display_name: str, password: str, role: Role
) -> User:
    """A new account with a password; `AccountError` says which field is wrong."""
    username = username.strip()
    if not USERNAME.fullmatch(username):
        raise AccountError("username", "bad_username")
    if not 1 <= len(display_name.strip()) <= 100:
        raise AccountError("display_name", "name_required")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", "short_password")
    user = User(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=hash_password(password),
    )
    db.add(user)
    try:
        db.commit()
    except IntegrityError:
        db.rollback()
        raise AccountError("username", "username_taken") from None
    return user


def create_guest(db: Session, name: str) -> tuple[User, str]:
    """A student known only by a name, and the secret of their private resume link."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= 100:
        raise AccountError("name", "name_required")
    secret = new_secret()
    user = User(display_name=name, role=Role.STUDENT, resume_token_hash=digest(secret))
    db.add(user)
    db.commit()
    return user, secret


def is_guest(user: User) -> bool:
    """Whether `user` joined with just a name: signed in by a private link, no account."""
    return user.resume_token_hash is not None


def guest_by_resume_token(db: Session, secret: str) -> User | None:
    """The guest whose resume link carries `secret`."""
    return db.scalar(select(User).where(User.resume_token_hash == digest(secret)))


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The account if the password is right (as slow for unknown names as for known)."""
    user = db.scalar(select(User).where(User.username == username.strip()))
    if not verify_password(user.password_hash if user else None, password):
        return None
    return user


def admin_exists(db: Session) -> bool:
    """Whether any administrator account exists yet."""
    count = db.scalar(select(func.count()).select_from(User).where(User.role == Role.ADMIN))
    return bool(count)
