"""Accounts of people who sign in through the school's provider: found by (issuer, subject).

A first sign-in creates a student account (a teacher's, when the configured
claim says so). Later sign-ins find it by the provider's subject, never by name
or email, and refresh the name. The account's username is the provider's
`preferred_username` when it is valid and free (teachers add students to
classes by username); when it is taken, invalid or missing, a free one made
from it (or from the person's name) with a number added, such as `ada.l-2`.
Such an account still has no password, so the username never signs in here
by itself. An administrator may make such an account a
teacher's, or a student's again; the provider never makes anyone an administrator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .accounts import USERNAME
from .config import OidcSettings
from .models import OidcIdentity, Role, User

__all__ = ["account_for", "display_name", "is_teacher", "oidc_accounts", "set_role"]

NAME_LENGTH = 100
# A made-up username is a base, a dash and a number, within the 64 characters of a username.
MAX_BASE = 56
_NOT_USERNAME = re.compile(r"[^a-z0-9._-]+")
# Roles an administrator may give an account that signs in through the provider.
SETTABLE = (Role.STUDENT, Role.TEACHER)


def display_name(claims: Mapping[str, Any], claim: str) -> str:
    """The configured claim, else the usual ones, else the subject: never empty."""
    for key in (claim, "name", "preferred_username"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:NAME_LENGTH]
    return str(claims["sub"])[:NAME_LENGTH]


def is_teacher(claims: Mapping[str, Any], rule: str | None) -> bool:
    """Whether `rule` (`CLAIM=VALUE`) holds: the claim is VALUE, or a list holding it."""
    if not rule:
        return False
    claim, _, expected = rule.partition("=")
    value = claims.get(claim)
    if isinstance(value, list):
        return expected in [str(item) for item in value]
    return value is not None and str(value) == expected


def account_for(
    db: Session, issuer: str, claims: Mapping[str, Any], settings: OidcSettings
) -> User:
    """The account of this (issuer, subject), created on the first sign-in."""
    subject = str(claims["sub"])
    name = display_name(claims, settings.name_claim)
    teacher = is_teacher(claims, settings.teacher_claim)
    user = _find(db, issuer, subject)
    if user is None:
        role = Role.TEACHER if teacher else Role.STUDENT
        # The username lets teachers add the student to a class.
        made = _create(db, issuer, subject, name, role, _free_username(db, claims, name))
        # None: the same person's first sign-in in two tabs at once (the other one
        # won), or someone else took the username meanwhile (the next sign-in gives one).
        user = made or _find(db, issuer, subject) or _create(db, issuer, subject, name, role, None)
        user = user or _find(db, issuer, subject)
        assert user is not None
        if made is not None:
            return user
    user.display_name = name
    if teacher and user.role == Role.STUDENT:
        user.role = Role.TEACHER
    if user.username is None:
        user.username = _free_username(db, claims, name)
    try:
        db.commit()
    except IntegrityError:  # the username was taken meanwhile: next time
        db.rollback()
    return user


def _free_username(db: Session, claims: Mapping[str, Any], name: str) -> str:
    """The provider's `preferred_username` if it is a valid username nobody has; else
    the first free one of `BASE-2`, `BASE-3`… where BASE is it (or the name) made valid."""
    wanted = claims.get("preferred_username")
    if isinstance(wanted, str) and USERNAME.fullmatch(wanted) and not _taken(db, [wanted]):
        return wanted
    base = _username_base(wanted if isinstance(wanted, str) else "") or _username_base(name)
    base = base or "student"
    for start in range(2, 100_000, 50):
        candidates = [f"{base}-{number}" for number in range(start, start + 50)]
        taken = _taken(db, candidates)
        free = next((candidate for candidate in candidates if candidate not in taken), None)
        if free is not None:
            return free
    raise RuntimeError(f"no free username left for {base!r}")


def _username_base(text: str) -> str:
    """`text` as the start of a username: accents dropped, lower case, other characters
    as dots; room left for a number."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _NOT_USERNAME.sub(".", plain).strip("._-")[:MAX_BASE].rstrip("._-")


def _taken(db: Session, usernames: list[str]) -> set[str]:
    return set(db.scalars(select(User.username).where(User.username.in_(usernames))))


def _create(
    db: Session, issuer: str, subject: str, name: str, role: Role, username: str | None
) -> User | None:
    """A new account and its identity; None if another sign-in got there first."""
    user = User(username=username, display_name=name, role=role)
    try:
        db.add(user)
        db.flush()
        db.add(OidcIdentity(user_id=user.id, issuer=issuer, subject=subject))
        db.commit()
    except IntegrityError:
        db.rollback()
        return None
    return user


def _find(db: Session, issuer: str, subject: str) -> User | None:
    return db.scalar(
        select(User)
        .join(OidcIdentity, OidcIdentity.user_id == User.id)
        .where(OidcIdentity.issuer == issuer, OidcIdentity.subject == subject)
    )


def oidc_accounts(db: Session) -> list[User]:
    """Every account that signs in through the provider, teachers first, then by name."""
    return list(
        db.scalars(
            select(User)
            .join(OidcIdentity, OidcIdentity.user_id == User.id)
            .order_by(User.role.desc(), User.display_name, User.id)
            .distinct()
        )
    )


def set_role(db: Session, user_id: int, role: str) -> User | None:
    """Make a provider's account a teacher's or a student's; None if there is no such account."""
    if role not in SETTABLE:
        return None
    user = db.scalar(
        select(User).join(OidcIdentity, OidcIdentity.user_id == User.id).where(User.id == user_id)
    )
    if user is None or user.role not in SETTABLE:
        return None
    user.role = role
    db.commit()
    return user
