"""Sign-in sessions: a random secret in an HttpOnly cookie, its SHA-256 in the database.

A stolen database does not give away live sessions; signing out deletes the row,
so the cookie is worthless everywhere at once. Signing in on a browser ends the
session it had (another user's, or the same user's older one). A session that
ends closes its live connections at once (live_rooms.LiveRooms.session_ended);
one that expires, at the rooms' next check of their sessions.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from .config import ClassroomConfig
from .models import SignInSession, User, now

__all__ = [
    "SESSION_COOKIE",
    "digest",
    "end_session",
    "new_secret",
    "session_user",
    "set_cookie",
    "start_session",
]

SESSION_COOKIE = "ardoise_session"


def new_secret() -> str:
    """256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What the database keeps of a secret (a session cookie, a resume link)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def start_session(
    db: Session, user: User, request: Request, response: Response, config: ClassroomConfig
) -> None:
    """Sign `user` in on this browser (ending any session it had)."""
    _forget(db, request)
    secret = new_secret()
    expires = now() + timedelta(days=config.session_days)
    db.add(SignInSession(token_hash=digest(secret), user_id=user.id, expires_at=expires))
    db.commit()
    set_cookie(request, response, config, SESSION_COOKIE, secret, config.session_days * 86400)


def session_user(db: Session, request: HTTPConnection) -> User | None:
    """The user signed in on this browser, if any (a page, an API call or a websocket).

    The lookup's transaction ends here, so its database connection goes back to
    the pool: FastAPI runs this (in a dependency) and the endpoint in separate
    turns of its thread pool, and a request holding a connection while it waits
    for a thread would, under load, wait for threads that wait for connections.
    """
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    try:
        row = db.scalar(select(SignInSession).where(SignInSession.token_hash == digest(secret)))
        if row is None or row.expires_at <= now():
            return None
        return db.get(User, row.user_id)
    finally:
        db.commit()  # nothing to write; the sessions keep their objects (expire_on_commit=False)


def end_session(db: Session, request: Request, response: Response, config: ClassroomConfig) -> None:
    """Sign this browser out: the session row goes, and so does the cookie."""
    _forget(db, request)
    set_cookie(request, response, config, SESSION_COOKIE, "", 0)


def _forget(db: Session, request: Request) -> None:
    """Delete this browser's session row (and any expired ones); its live connections,
    to any copy, are closed (from the HTTP handler's thread)."""
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        db.execute(delete(SignInSession).where(SignInSession.token_hash == digest(secret)))
        db.execute(delete(SignInSession).where(SignInSession.expires_at <= now()))
        db.commit()
        live = getattr(request.app.state, "live", None)
        if live is not None:
            live.session_ended(digest(secret))


def set_cookie(
    request: Request,
    response: Response,
    config: ClassroomConfig,
    name: str,
    value: str,
    max_age: int | None,
) -> None:
    """An HttpOnly, SameSite=Lax cookie, Secure when the page came over HTTPS."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="lax",
        secure=config.secure_cookies or request.url.scheme == "https",
    )
