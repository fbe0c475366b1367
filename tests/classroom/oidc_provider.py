"""A small but real OpenID Connect provider for the tests, served over HTTP on 127.0.0.1.

It publishes a discovery document and its RSA public key (JWKS), runs the
authorization code flow with PKCE (S256 checked at the token endpoint, codes
used once, the client authenticated by its secret), and signs ID tokens with
RS256 (joserfc). Tests change what it does through its attributes: refuse the
sign-in, change claims of the ID token (nonce, aud, exp, iss), sign with
another key.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote_plus, urlencode

import uvicorn
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

__all__ = ["TestProvider", "free_port", "served"]

KEY_ID = "test-key-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(app: ASGIApp, port: int | None = None) -> Iterator[str]:
    """Serve `app` with uvicorn in a thread on 127.0.0.1; its base URL, until the block ends."""
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


class TestProvider:
    """The provider's state: its key, its one registered client, the person who signs in."""

    __test__ = False  # not a test class, despite its name

    def __init__(self, redirect_uri: str, port: int | None = None) -> None:
        self.port = port or free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client_id = "ardoise-classroom"
        self.client_secret = secrets.token_urlsafe(24)
        self.redirect_uri = redirect_uri
        self.key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID, "use": "sig"})
        self.signing_key = self.key
        # Who signs in at the authorization endpoint (no login form: the test decides).
        self.person: dict[str, Any] = {"sub": "248289761001", "name": "Ada Lovelace"}
        self.deny = False
        self.id_token_changes: dict[str, Any] = {}
        self.codes: dict[str, dict[str, str]] = {}
        self.tokens_issued = 0

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", self.discovery),
                Route("/jwks", self.jwks),
                Route("/authorize", self.authorize),
                Route("/token", self.token, methods=["POST"]),
            ]
        )

    async def discovery(self, request: Request) -> Response:
        return JSONResponse(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse(KeySet([self.key]).as_dict(private=False))

    async def authorize(self, request: Request) -> Response:
        query = request.query_params
        problems = [
            query.get("client_id") != self.client_id and "unknown client_id",
            query.get("redirect_uri") != self.redirect_uri and "unregistered redirect_uri",
            query.get("response_type") != "code" and "response_type is not code",
            "openid" not in query.get("scope", "").split() and "no openid scope",
            query.get("code_challenge_method") != "S256" and "no S256 PKCE challenge",
            not query.get("code_challenge") and "no PKCE challenge",
            not query.get("state") and "no state",
            not query.get("nonce") and "no nonce",
        ]
        refused = [problem for problem in problems if problem]
        if refused:
            return PlainTextResponse("; ".join(refused), status_code=400)
        back: dict[str, str] = {"state": query["state"]}
        if self.deny:
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"challenge": query["code_challenge"], "nonce": query["nonce"]}
            back["code"] = code
        return RedirectResponse(f"{self.redirect_uri}?{urlencode(back)}", status_code=302)

    async def token(self, request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = _client_credentials(request, form)
        if client_id != self.client_id or client_secret != self.client_secret:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        grant = self.codes.pop(str(form.get("code", "")), None)  # a code works once
        if form.get("grant_type") != "authorization_code" or grant is None:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        if form.get("redirect_uri") != self.redirect_uri:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        verifier = str(form.get("code_verifier", ""))
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != grant["challenge"]:
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **self.person,
            **self.id_token_changes,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, self.signing_key)
        self.tokens_issued += 1
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
            headers={"cache-control": "no-store"},
        )


def _client_credentials(request: Request, form: Any) -> tuple[str, str]:
    """client_secret_basic (Authorization header) or client_secret_post (form fields)."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        decoded = base64.b64decode(header[6:]).decode()
        client_id, _, client_secret = decoded.partition(":")
        return unquote_plus(client_id), unquote_plus(client_secret)
    return str(form.get("client_id", "")), str(form.get("client_secret", ""))
