"""The classroom server as one ASGI app: pages, the JSON API, and their guards."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException

from .. import __version__
from ..signaling import Hub
from . import (
    api,
    live,
    live_signal,
    pages_account,
    pages_admin,
    pages_auth,
    pages_classes,
    pages_oidc,
    pages_review,
    pages_student,
    pages_teacher,
    pages_teams,
)
from .app_site import APP_PREFIX, AppFiles
from .config import ClassroomConfig
from .db import CONNECTIONS, open_database
from .deps import PageContext, SignInRequiredError
from .i18n import choose_language
from .limits import BodyLimit, InFlightLimit, SecurityHeaders
from .live_limits import LiveLimits
from .live_projection import Projections
from .live_room import Timing
from .live_rooms import LiveRooms

__all__ = ["create_app"]


def create_app(
    config: ClassroomConfig,
    *,
    sessions: sessionmaker[Session] | None = None,
    app_site: Path | None = None,
) -> FastAPI:
    """The app for `config`, its database migrated (or `sessions`, already opened).

    `app_site`: a built site (app_site.py) whose notebook app students open
    their copies in, served under /app/; without it, copies are read on their page.
    """
    app = FastAPI(
        title="Ardoise classroom",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.config = config
    app.state.sessions = sessions or open_database(config)
    app.state.live = LiveRooms(
        app.state.sessions,
        Timing(session_check=config.live_session_check_seconds),
        LiveLimits.of(config),
    )
    app.state.projections = Projections()
    app.state.signaling = Hub()
    for module in (
        pages_auth,
        pages_admin,
        pages_teacher,
        pages_classes,
        pages_teams,
        pages_review,
        pages_student,
        api,
        live,
        live_signal,
    ):
        app.include_router(module.router)
    # Optional parts: school sign-in (when configured) and everyone's own data.
    for module in (pages_oidc, pages_account):
        app.include_router(module.router)
    static = Path(__file__).with_name("static")
    app.mount("/classroom-static", StaticFiles(directory=static), name="classroom-static")
    app.state.app_site = app_site
    if app_site is not None:
        app.mount(APP_PREFIX, AppFiles(directory=app_site, html=True), name="app")
    app.add_exception_handler(SignInRequiredError, _sign_in_first)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_middleware(
        InFlightLimit, limit=CONNECTIONS, exempt=(f"{APP_PREFIX}/", "/classroom-static/")
    )
    app.add_middleware(BodyLimit, limit=config.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    await app.state.live.close()  # every live copy saved before the server stops


async def _sign_in_first(request: Request, error: Exception) -> Response:
    return RedirectResponse(f"/signin?next={request.url.path}", status_code=303)


async def _http_error(request: Request, error: Exception) -> Response:
    """JSON for the API; for pages, the error page in the visitor's language."""
    assert isinstance(error, HTTPException)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": error.detail}, status_code=error.status_code)
    with request.app.state.sessions() as db:
        page = PageContext(request, db, None, choose_language(request))
        message = page.t("not_found") if error.detail == "not_found" else str(error.detail)
        if error.status_code == 404 and error.detail == "Not Found":
            message = page.t("not_found")
        return page.render("error.html", status=error.status_code, message=message)


async def _invalid_request(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    if request.url.path.startswith("/api/"):
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}"
            for item in error.errors()
        )
        return JSONResponse({"detail": f"The request is malformed: {problems}."}, 422)
    return await _http_error(request, HTTPException(400, "The request is malformed."))
