"""Every setting once, as (name, default, help): the CLI, the docs and the manifest use these."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SETTINGS", "Setting", "setting"]


@dataclass(frozen=True)
class Setting:
    """One setting: its name, its default value and a sentence of help."""

    name: str
    default: str | int | None
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("title", None, "Title shown on the site's pages"),
    Setting(
        "requirements",
        None,
        "A requirements.txt of pure-Python packages to bundle with the site "
        "(default: requirements.txt in the content folder, if there is one)",
    ),
    Setting(
        "pyodide_dist",
        None,
        "Where the browser loads Pyodide's packages (numpy, pandas …) from: a folder "
        "holding a full Pyodide release, copied into the site, or its URL "
        "(default: the official CDN for the pinned Pyodide version)",
    ),
    Setting(
        "live_signaling",
        None,
        "Live collaboration: a signaling server's websocket URL (wss://…), for a site that "
        "'ardoise serve' does not serve; repeat for several (default: the site's own "
        "/_live/signal)",
    ),
    Setting(
        "ice_server",
        None,
        "Live collaboration: a STUN or TURN server's URL (stun:HOST:PORT, turn:HOST:PORT) "
        "that helps browsers behind NAT connect; repeat for several",
    ),
    Setting(
        "signal_origin",
        None,
        "Live collaboration: another site's origin (https://HOST[:PORT]) whose pages may use "
        "this server's signaling; repeat for several (default: this server's own pages only)",
    ),
    Setting("turn_username", None, "Live collaboration: the TURN servers' user name (public)"),
    Setting("turn_credential", None, "Live collaboration: the TURN servers' password (public)"),
    Setting("site", "site", "Folder of the built site"),
    Setting("host", "127.0.0.1", "Address to listen on"),
    Setting("port", 8000, "Port to listen on; a free one is used if it is taken"),
    Setting("data", "ardoise-data", "Folder of the classroom's SQLite database"),
    Setting(
        "database_url",
        None,
        "Database URL, e.g. postgresql://USER:PASSWORD@HOST/NAME (default: SQLite in --data)",
    ),
    Setting(
        "course",
        None,
        "A folder of notebooks teachers may pick from when they create an activity",
    ),
    Setting(
        "oidc_issuer",
        None,
        "School sign-in: the OpenID Connect provider's issuer URL (or ARDOISE_OIDC_ISSUER)",
    ),
    Setting(
        "oidc_client_id",
        None,
        "School sign-in: this server's client id at the provider (or ARDOISE_OIDC_CLIENT_ID)",
    ),
    Setting(
        "oidc_client_secret_file",
        None,
        "School sign-in: a file holding the client secret (or the secret itself in "
        "ARDOISE_OIDC_CLIENT_SECRET; never on the command line)",
    ),
    Setting(
        "oidc_button",
        None,
        "School sign-in: the button's text, e.g. 'Sign in with ENT' (or ARDOISE_OIDC_BUTTON)",
    ),
    Setting(
        "oidc_name_claim",
        None,
        "School sign-in: the ID token claim holding the person's name "
        "(default: name; or ARDOISE_OIDC_NAME_CLAIM)",
    ),
    Setting(
        "oidc_teacher_claim",
        None,
        "School sign-in: CLAIM=VALUE making people teachers, e.g. eduPersonAffiliation=teacher "
        "(or ARDOISE_OIDC_TEACHER_CLAIM)",
    ),
)


def setting(name: str) -> Setting:
    """The setting called `name`."""
    for candidate in SETTINGS:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no setting called {name!r}; the settings are in ardoise/settings.py")
