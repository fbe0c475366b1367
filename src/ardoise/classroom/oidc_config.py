"""School sign-in settings from the command line and the environment, checked at start.

The client secret is never a command-line argument (it would show in `ps` and
the shell history): it comes from ARDOISE_OIDC_CLIENT_SECRET or from a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import ArdoiseError
from .config import OidcSettings

__all__ = ["ENVIRONMENT", "oidc_settings"]

# Each option's environment variable, used when the option is not given.
ENVIRONMENT = {
    "issuer": "ARDOISE_OIDC_ISSUER",
    "client_id": "ARDOISE_OIDC_CLIENT_ID",
    "client_secret": "ARDOISE_OIDC_CLIENT_SECRET",
    "client_secret_file": "ARDOISE_OIDC_CLIENT_SECRET_FILE",
    "button": "ARDOISE_OIDC_BUTTON",
    "name_claim": "ARDOISE_OIDC_NAME_CLAIM",
    "teacher_claim": "ARDOISE_OIDC_TEACHER_CLAIM",
}
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def oidc_settings(
    options: Mapping[str, str | None], environ: Mapping[str, str]
) -> OidcSettings | None:
    """The settings, or None when no issuer is given; `ArdoiseError` says what is missing."""
    values = {
        name: (options.get(name) or environ.get(variable, "")).strip()
        for name, variable in ENVIRONMENT.items()
    }
    issuer = values["issuer"]
    if not issuer:
        if values["client_id"] and options.get("client_id"):
            raise ArdoiseError("--oidc-client-id needs --oidc-issuer, the provider's URL")
        return None
    _check_issuer(issuer)
    if not values["client_id"]:
        raise ArdoiseError(
            "--oidc-issuer needs the client id: give --oidc-client-id or ARDOISE_OIDC_CLIENT_ID"
        )
    rule = values["teacher_claim"]
    if rule and ("=" not in rule or rule.startswith("=")):
        raise ArdoiseError(
            f"--oidc-teacher-claim {rule!r} is not CLAIM=VALUE; "
            "for example eduPersonAffiliation=teacher"
        )
    return OidcSettings(
        issuer=issuer,
        client_id=values["client_id"],
        client_secret=_secret(values["client_secret_file"], values["client_secret"]),
        button=values["button"],
        name_claim=values["name_claim"] or "name",
        teacher_claim=rule or None,
    )


def _check_issuer(issuer: str) -> None:
    parts = urlsplit(issuer)
    local = parts.scheme == "http" and parts.hostname in LOCAL_HOSTS
    if not (parts.scheme == "https" or local) or not parts.hostname:
        raise ArdoiseError(
            f"--oidc-issuer {issuer!r} is not an https URL; give the provider's issuer, "
            "such as https://sso.example.org/realms/school"
        )


def _secret(file: str, value: str) -> str:
    if file:
        try:
            secret = Path(file).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ArdoiseError(
                f"cannot read the client secret file '{file}': {error.strerror}; "
                "check --oidc-client-secret-file"
            ) from None
        if not secret:
            raise ArdoiseError(f"the client secret file '{file}' is empty; put the secret in it")
        return secret
    if not value:
        raise ArdoiseError(
            "--oidc-issuer needs the client secret: set ARDOISE_OIDC_CLIENT_SECRET, "
            "or give a file with --oidc-client-secret-file"
        )
    return value
