"""School sign-in pages: off to the provider, back with a code, signed in; the admin's role choice.

While the browser is at the provider, the sign-in's `state`, `nonce` and PKCE
verifier wait in a ten-minute HttpOnly cookie (SameSite=Lax: it comes back
with the provider's top-level redirect). The callback checks `state` against
it before anything else, so a callback this browser did not start is refused.
Once the ID token is verified, the session is the usual one (sessions.py).
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from .csrf import verified_form
from .deps import NotFoundError, Page, PageContext, config_of, safe_next
from .models import Role
from .oidc import OidcError, Pending, Provider
from .oidc_accounts import account_for, set_role
from .pages_auth import home_of
from .sessions import set_cookie, start_session

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(verified_form)]
PENDING_COOKIE = "ardoise_oidc"
PENDING_SECONDS = 10 * 60
# Errors of the provider itself (unreachable) are 502; the rest are the request's.
STATUS = {"oidc_unreachable": 502}


def provider_of(request: Request) -> Provider | None:
    """The app's provider client (one per app, so discovery happens once), if configured."""
    settings = config_of(request).oidc
    if settings is None:
        return None
    provider: Provider | None = getattr(request.app.state, "oidc", None)
    if provider is None or provider.settings is not settings:
        provider = Provider(settings)
        request.app.state.oidc = provider
    return provider


def _callback(request: Request) -> str:
    return str(request.url_for("oidc_callback"))


@router.get("/signin/oidc")
def start(page: Page, next: str = "") -> Response:
    provider = provider_of(page.request)
    if provider is None:
        raise NotFoundError
    try:
        url, pending = provider.start(_callback(page.request), safe_next(next, ""))
    except OidcError as error:
        return _failed(page, error)
    response = RedirectResponse(url, status_code=303)
    config = config_of(page.request)
    set_cookie(page.request, response, config, PENDING_COOKIE, pending.encode(), PENDING_SECONDS)
    return response


@router.get("/signin/oidc/callback", name="oidc_callback")
def callback(page: Page, code: str = "", state: str = "", error: str = "") -> Response:
    provider = provider_of(page.request)
    if provider is None:
        raise NotFoundError
    pending = Pending.decode(page.request.cookies.get(PENDING_COOKIE))
    try:
        if pending is None or not hmac.compare_digest(state.encode(), pending.state.encode()):
            raise OidcError("oidc_bad_state")
        if error:
            key = "oidc_denied" if error == "access_denied" else "oidc_refused"
            raise OidcError(key, error=error[:64])
        if not code:
            raise OidcError("oidc_refused", error="no code")
        claims = provider.finish(_callback(page.request), code, pending)
        issuer = provider.issuer()
    except OidcError as failure:
        return _failed(page, failure)
    user = account_for(page.db, issuer, claims, provider.settings)
    response = page.redirect(safe_next(pending.next, home_of(user)))
    config = config_of(page.request)
    start_session(page.db, user, page.request, response, config)
    set_cookie(page.request, response, config, PENDING_COOKIE, "", 0)
    return response


def _failed(page: PageContext, error: OidcError) -> Response:
    """The reason in the visitor's language, and the way back to the sign-in page."""
    status = STATUS.get(error.key, 400)
    message = page.t(error.key, **error.fields)
    response = page.render("oidc_error.html", status=status, message=message)
    set_cookie(page.request, response, config_of(page.request), PENDING_COOKIE, "", 0)
    return response


@router.post("/admin/accounts/{user_id}/role")
def change_role(page: Page, user_id: int, form: Form) -> Response:
    """An administrator makes a school-sign-in account a teacher's (or a student's again)."""
    page.require(Role.ADMIN)
    if set_role(page.db, user_id, str(form.get("role", ""))) is None:
        raise NotFoundError
    return page.redirect("/admin")
