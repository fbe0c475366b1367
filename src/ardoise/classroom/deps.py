"""What every request handler needs: the database, the signed-in user, and pages to render."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from .config import ClassroomConfig
from .csrf import csrf_token, remember_csrf
from .i18n import choose_language, translate
from .models import Role, User
from .sessions import session_user
from .sharecodes import display_code

__all__ = [
    "Database",
    "NotFoundError",
    "Page",
    "PageContext",
    "SignInRequiredError",
    "client_address",
    "config_of",
    "safe_next",
]

TEMPLATES = Jinja2Templates(directory=Path(__file__).with_name("templates"))


class SignInRequiredError(Exception):
    """A page that needs a signed-in user was asked for anonymously."""


class NotFoundError(HTTPException):
    """Not there, or not yours: the two look the same, so nothing leaks."""

    def __init__(self) -> None:
        super().__init__(status_code=404, detail="not_found")


def config_of(request: Request) -> ClassroomConfig:
    config: ClassroomConfig = request.app.state.config
    return config


def _database(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as db:
        yield db


Database = Annotated[Session, Depends(_database)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(target: str | None, default: str) -> str:
    """A path on this site to go back to; anything else (another site) gives `default`."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


@dataclass
class PageContext:
    """One request's page helpers: language, user, database and rendering."""

    request: Request
    db: Session
    user: User | None
    lang: str
    errors: dict[str, str] = field(default_factory=dict)

    def t(self, key: str, **fields: object) -> str:
        return translate(self.lang, key, **fields)

    def require(self, *roles: Role) -> User:
        """The signed-in user if they have one of `roles`; else sign in, or not found."""
        if self.user is None:
            raise SignInRequiredError
        if self.user.role not in roles:
            raise NotFoundError
        return self.user

    def render(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        response = TEMPLATES.TemplateResponse(
            self.request,
            template,
            {
                "t": self.t,
                "lang": self.lang,
                "user": self.user,
                "csrf": csrf_token(self.request),
                "errors": self.errors,
                "display_code": display_code,
                **context,
            },
            status_code=status,
        )
        remember_csrf(self.request, response, config_of(self.request))
        return response

    def redirect(self, path: str) -> RedirectResponse:
        return RedirectResponse(path, status_code=303)


def _page(request: Request, db: Database) -> PageContext:
    return PageContext(request, db, session_user(db, request), choose_language(request))


Page = Annotated[PageContext, Depends(_page)]
