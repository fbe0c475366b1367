"""`ardoise classroom`: teachers hand out notebooks, students' copies are kept and handed in.

Needs the `classroom` extra (`pip install 'ardoise[classroom]'`); nothing else in
Ardoise imports this package.
"""

from __future__ import annotations

from .config import ClassroomConfig

__all__ = ["ClassroomConfig", "create_app"]


def __getattr__(name: str) -> object:
    # FastAPI and SQLAlchemy load only when the app is asked for.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
