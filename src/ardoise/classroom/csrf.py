"""Protection of forms against cross-site requests: a token in a cookie and in the form.

Another site can make a browser post a form here, with its cookies, but cannot
read the token cookie to copy it into the form (double-submit cookie). The
SameSite=Lax cookies are a second line. The JSON API is protected differently:
it requires a custom header, which another site cannot send without a CORS
preflight that this server never allows.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator

from fastapi import HTTPException, Request, Response
from starlette.datastructures import FormData

from .config import ClassroomConfig
from .sessions import new_secret, set_cookie

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "csrf_token", "remember_csrf", "verified_form"]

CSRF_COOKIE = "ardoise_csrf"
CSRF_FIELD = "csrf_token"


def csrf_token(request: Request) -> str:
    """The token for this browser's forms (a new one if it has none yet)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = new_secret()
        request.state.new_csrf = token
    return str(token)


def remember_csrf(request: Request, response: Response, config: ClassroomConfig) -> None:
    """Set the token cookie if this response gave out a new token."""
    token = getattr(request.state, "new_csrf", None)
    if token:
        set_cookie(request, response, config, CSRF_COOKIE, token, None)


async def verified_form(request: Request) -> AsyncIterator[FormData]:
    """The posted form, once its token matches the cookie's (a 403 otherwise).

    Its uploaded files are closed once the request is answered.
    """
    form = await request.form()
    try:
        sent = form.get(CSRF_FIELD)
        expected = request.cookies.get(CSRF_COOKIE)
        if not isinstance(sent, str) or not expected or not hmac.compare_digest(sent, expected):
            raise HTTPException(
                status_code=403,
                detail="This form has expired or did not come from this site; "
                "reload the page and send it again.",
            )
        yield form
    finally:
        await form.close()
