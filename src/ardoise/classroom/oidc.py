"""The OpenID Connect protocol, through Authlib: discovery, the code flow with PKCE, the ID token.

Authlib does the protocol: it reads the provider's discovery document, builds the
authorization URL with a random `state`, `nonce` and PKCE (S256) verifier,
exchanges the code, and checks the ID token's RS256 (or other advertised)
signature against the provider's published keys, its issuer, audience, expiry
and nonce. This module only adds what is the classroom's: the claims it
requires, and errors turned into message keys the pages show in both languages.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass
from typing import Any

import httpx2
from authlib.integrations.base_client import (
    BaseApp,
    FrameworkIntegration,
    OAuth2Mixin,
    OAuthError,
    OpenIDMixin,
)
from authlib.integrations.httpx_client import OAuth2Client
from joserfc.errors import JoseError

from .config import OidcSettings

__all__ = ["OidcError", "Pending", "Provider"]

DISCOVERY = "/.well-known/openid-configuration"


class OidcError(Exception):
    """A sign-in through the provider that cannot go on: a message `key` and its fields."""

    def __init__(self, key: str, **fields: str) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


FIELDS = ("state", "nonce", "verifier", "next")


@dataclass(frozen=True)
class Pending:
    """One started sign-in, kept in the browser until the provider sends it back."""

    state: str
    nonce: str
    verifier: str
    next: str

    def encode(self) -> str:
        return base64.urlsafe_b64encode(json.dumps(asdict(self)).encode()).decode()

    @classmethod
    def decode(cls, text: str | None) -> Pending | None:
        if not text:
            return None
        try:
            fields = json.loads(base64.urlsafe_b64decode(text.encode()))
            return cls(**{name: str(fields[name]) for name in FIELDS})
        except (binascii.Error, ValueError, TypeError, KeyError):
            return None


class _Client(OAuth2Mixin, OpenIDMixin, BaseApp):  # type: ignore[misc]
    """Authlib's synchronous OpenID client (the pages run in worker threads) over httpx."""

    client_cls = OAuth2Client


# Authlib's client is an httpx2 client: these are the provider not answering (well).
NETWORK_ERRORS = (httpx2.HTTPError, OSError)


class Provider:
    """The configured provider; its discovery document and keys are fetched once, then kept."""

    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self.client = _Client(
            FrameworkIntegration("oidc"),
            name="oidc",
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            server_metadata_url=settings.issuer.rstrip("/") + DISCOVERY,
            client_kwargs={
                "scope": "openid profile",
                "code_challenge_method": "S256",
                "timeout": 10,
            },
        )

    def issuer(self) -> str:
        """The provider's issuer, from its discovery document (fetched on first use)."""
        try:
            metadata: dict[str, Any] = self.client.load_server_metadata()
        except (*NETWORK_ERRORS, ValueError):
            raise OidcError("oidc_unreachable", issuer=self.settings.issuer) from None
        issuer = str(metadata.get("issuer", ""))
        if issuer.rstrip("/") != self.settings.issuer.rstrip("/"):
            # Another issuer's document (a typo, a proxy): refuse, and ask again next time.
            self.client.server_metadata = {}
            raise OidcError("oidc_unreachable", issuer=self.settings.issuer)
        return issuer

    def start(self, redirect_uri: str, next_path: str) -> tuple[str, Pending]:
        """Where to send the browser, and what to keep until it comes back."""
        self.issuer()
        made: dict[str, str] = self.client.create_authorization_url(redirect_uri)
        pending = Pending(made["state"], made["nonce"], made["code_verifier"], next_path)
        return made["url"], pending

    def finish(self, redirect_uri: str, code: str, pending: Pending) -> dict[str, Any]:
        """The verified claims of the ID token the provider gives for `code`."""
        issuer = self.issuer()
        try:
            token = self.client.fetch_access_token(
                redirect_uri=redirect_uri, code=code, code_verifier=pending.verifier
            )
        except OAuthError as error:
            raise OidcError("oidc_refused", error=str(error.error or "")) from None
        except NETWORK_ERRORS:
            raise OidcError("oidc_unreachable", issuer=self.settings.issuer) from None
        except ValueError:
            raise OidcError("oidc_invalid_token") from None
        # Authlib checks the signature with the provider's keys (fetching them again
        # for an unknown key id), then exp, iat, nonce, at_hash; iss and aud here.
        options = {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": self.settings.client_id},
        }
        try:
            claims = self.client.parse_id_token(token, nonce=pending.nonce, claims_options=options)
        except (JoseError, ValueError, TypeError, KeyError):
            raise OidcError("oidc_invalid_token") from None
        except NETWORK_ERRORS:
            raise OidcError("oidc_unreachable", issuer=self.settings.issuer) from None
        if not claims or not claims.get("sub"):
            raise OidcError("oidc_invalid_token")
        return dict(claims)
