"""The topic hub behind live collaboration's signaling: y-webrtc's protocol, without I/O.

Browsers that share a notebook find each other through a signaling server: each
subscribes to its room's topic and publishes offers and answers to it; the hub
sends every published message to every subscriber of that topic (the sender too,
as y-webrtc's own server does, with `clients` set to their number). The messages
are JSON text; y-webrtc encrypts their content with the room's secret, so the hub
relays what it cannot read. It knows nothing of sockets: each connection gives a
`send` function, which lets `ardoise serve` (threads) and the classroom server
(asyncio) share it.

Both servers admit only the pages that should use them (`origin_allowed`: their
own, and the origins their operator names), and bound what one connection may
do: MAX_MESSAGE per message, MAX_TOPICS topics; past them, the connection is
closed with a reason.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from .errors import ArdoiseError

__all__ = [
    "FOREIGN_ORIGIN",
    "MAX_MESSAGE",
    "MAX_TOPICS",
    "MAX_TOPIC_LENGTH",
    "TOO_BIG",
    "TOO_MANY_TOPICS",
    "Hub",
    "Subscriber",
    "checked_origins",
    "normal_origin",
    "origin_allowed",
]

logger = logging.getLogger(__name__)

#: Limits that keep one connection from filling the server's memory with topics.
MAX_TOPICS = 64
MAX_TOPIC_LENGTH = 512
#: Offers and answers are a few kilobytes; anything much larger is not signaling.
MAX_MESSAGE = 256 * 1024

# Reasons given when refusing (a close frame's reason holds at most 123 bytes).
FOREIGN_ORIGIN = (
    "This signaling server serves its own pages only; its operator can allow other sites."
)
TOO_MANY_TOPICS = f"A connection may follow at most {MAX_TOPICS} rooms."
TOO_BIG = f"A signaling message may hold at most {MAX_MESSAGE // 1024} KiB."


def normal_origin(origin: str) -> str | None:
    """`origin` as scheme://host[:port] in lower case, or None if it is not an http(s) origin."""
    parts = urlsplit(origin.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def checked_origins(origins: Iterable[str]) -> tuple[str, ...]:
    """`--signal-origin` values as origins, or an error naming the one that is not."""
    checked = []
    for origin in origins:
        normal = normal_origin(origin)
        if normal is None:
            raise ArdoiseError(
                f"--signal-origin '{origin}' is not a site's origin; "
                "give its scheme and host, like https://course.example.org"
            )
        checked.append(normal)
    return tuple(checked)


def origin_allowed(origin: str | None, host: str, others: Iterable[str] = ()) -> bool:
    """Whether a page of `origin` may use the signaling of the server reached as `host`:
    one of its own pages (same host and port), or a page of an origin in `others`.

    Browsers always send Origin on a websocket handshake; without it, the client
    is not a browser's page and is refused too, so a page cannot hide where it is.
    """
    if not origin:
        return False
    normal = normal_origin(origin)
    if normal is None:
        return False
    if host and normal.split("://", 1)[1] == host.lower():
        return True
    return normal in {normal_origin(other) for other in others}


class Subscriber:
    """One connection to the hub: the topics it follows and how to send it text."""

    def __init__(self, hub: Hub, send: Callable[[str], None]) -> None:
        self._hub = hub
        self._send = send
        self.topics: set[str] = set()

    def send(self, text: str) -> None:
        """Send `text`; a connection that fails is left to its own reader to close."""
        try:
            self._send(text)
        except Exception:
            logger.debug("a signaling connection could not be written to", exc_info=True)

    def receive(self, text: str) -> str | None:
        """Handle one message from this connection; what is not the protocol is ignored.

        The reason to close the connection if it went past a limit, else None.
        """
        try:
            message = json.loads(text)
        except ValueError:
            return None
        if not isinstance(message, dict):
            return None
        kind = message.get("type")
        if kind == "subscribe":
            if not self._hub.subscribe(self, _topics(message)):
                return TOO_MANY_TOPICS
        elif kind == "unsubscribe":
            self._hub.unsubscribe(self, _topics(message))
        elif kind == "publish" and isinstance(message.get("topic"), str):
            self._hub.publish(message)
        elif kind == "ping":
            self.send('{"type":"pong"}')
        return None

    def close(self) -> None:
        """The connection ended: leave every topic."""
        self._hub.unsubscribe(self, list(self.topics))


class Hub:
    """Topics and their subscribers; safe to use from several threads."""

    def __init__(self) -> None:
        self._topics: dict[str, set[Subscriber]] = {}
        self._lock = threading.Lock()

    def connect(self, send: Callable[[str], None]) -> Subscriber:
        """A new subscriber whose messages go out through `send`."""
        return Subscriber(self, send)

    def subscribe(self, subscriber: Subscriber, topics: list[str]) -> bool:
        """Follow `topics`, up to MAX_TOPICS in all; False if some were past the limit."""
        with self._lock:
            for topic in topics:
                if topic in subscriber.topics:
                    continue
                if len(subscriber.topics) >= MAX_TOPICS:
                    return False
                self._topics.setdefault(topic, set()).add(subscriber)
                subscriber.topics.add(topic)
        return True

    def unsubscribe(self, subscriber: Subscriber, topics: list[str]) -> None:
        with self._lock:
            for topic in topics:
                subscriber.topics.discard(topic)
                receivers = self._topics.get(topic)
                if receivers is None:
                    continue
                receivers.discard(subscriber)
                if not receivers:
                    del self._topics[topic]

    def publish(self, message: dict[str, object]) -> None:
        """Send `message` to every subscriber of its topic, with their number as `clients`."""
        with self._lock:
            receivers = list(self._topics.get(str(message["topic"]), ()))
        if not receivers:
            return
        text = json.dumps({**message, "clients": len(receivers)}, separators=(",", ":"))
        # Sent outside the lock: a slow connection must not hold up the others' subscriptions.
        for receiver in receivers:
            receiver.send(text)

    def subscribers(self, topic: str) -> int:
        """How many connections follow `topic`."""
        with self._lock:
            return len(self._topics.get(topic, ()))


def _topics(message: dict[str, object]) -> list[str]:
    topics = message.get("topics")
    if not isinstance(topics, list):
        return []
    return [t for t in topics if isinstance(t, str) and 0 < len(t) <= MAX_TOPIC_LENGTH]
