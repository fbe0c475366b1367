"""Rate limits on failed tries, counted in the database so every server process agrees."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .models import Attempt, now

__all__ = ["clear_failures", "record_failure", "too_many_failures"]


def too_many_failures(db: Session, kind: str, key: str, *, limit: int, window: int) -> bool:
    """Whether `key` has failed `limit` times at `kind` in the last `window` seconds."""
    since = now() - timedelta(seconds=window)
    count = db.scalar(
        select(func.count())
        .select_from(Attempt)
        .where(Attempt.kind == kind, Attempt.key == key, Attempt.at > since)
    )
    return (count or 0) >= limit


def record_failure(db: Session, kind: str, key: str, *, window: int) -> None:
    """Count one failure, and forget those older than the window."""
    db.execute(delete(Attempt).where(Attempt.at < now() - timedelta(seconds=window)))
    db.add(Attempt(kind=kind, key=key))
    db.commit()


def clear_failures(db: Session, kind: str, key: str) -> None:
    """A success forgets the earlier failures of the same key."""
    db.execute(delete(Attempt).where(Attempt.kind == kind, Attempt.key == key))
    db.commit()
