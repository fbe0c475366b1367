"""Live collaboration's settings in `site.json`: where browsers find each other.

`ardoise serve` is its own signaling server (at `/_live/signal`), so a site it
serves needs no setting. A site put on another host names a signaling server
(`--live-signaling wss://…`) and, for browsers behind NAT, STUN or TURN servers
(`--ice-server`). Everything here is public: anyone who can load the site can
read `site.json`, TURN credentials included.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from ..errors import ArdoiseError

__all__ = ["live_settings"]

ICE_SCHEMES = ("stun", "stuns", "turn", "turns")


def live_settings(
    *,
    signaling: Sequence[str] = (),
    ice_servers: Sequence[str] = (),
    turn_username: str | None = None,
    turn_credential: str | None = None,
) -> dict[str, object] | None:
    """The manifest's `live` entry, or None when the defaults (`ardoise serve`, no ICE) do."""
    for url in signaling:
        if urlsplit(url).scheme not in ("ws", "wss") or not urlsplit(url).netloc:
            raise ArdoiseError(
                f"--live-signaling {url!r} is not a websocket URL; "
                "give one like wss://signal.example.org/_live/signal"
            )
    for url in ice_servers:
        if url.split(":", 1)[0].lower() not in ICE_SCHEMES or ":" not in url:
            raise ArdoiseError(
                f"--ice-server {url!r} is not a STUN or TURN URL; "
                "give one like stun:stun.example.org:3478 or turn:turn.example.org:3478"
            )
    turns = [url for url in ice_servers if url.lower().startswith("turn")]
    if (turn_username is None) != (turn_credential is None) or (turn_username and not turns):
        raise ArdoiseError(
            "--turn-username and --turn-credential go together, with a turn: --ice-server"
        )
    if not signaling and not ice_servers:
        return None
    servers: list[dict[str, object]] = [{"urls": url} for url in ice_servers]
    if turn_username is not None:
        for server in servers:
            if str(server["urls"]).lower().startswith("turn"):
                server.update(username=turn_username, credential=turn_credential)
    live: dict[str, object] = {"iceServers": servers}
    if signaling:
        live["signaling"] = list(signaling)
    return live
