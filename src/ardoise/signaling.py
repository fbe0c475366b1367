"""The topic hub behind live collaboration's signaling: y-webrtc's protocol, without I/O.

Browsers that share a notebook find each other through a signaling server: each
subscribes to its room's topic and publishes offers and answers to it; the hub
sends every published message to every subscriber of that topic (the sender too,
as y-webrtc's own server does, with `clients` set to their number). The messages
are JSON text; y-webrtc encrypts their content with the room's secret, so the hub
relays what it cannot read. It knows nothing of sockets: each connection gives a
`send` function, which lets `ardoise serve` (threads) and the classroom server
(asyncio) share it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

__all__ = ["MAX_TOPICS", "MAX_TOPIC_LENGTH", "Hub", "Subscriber"]

logger = logging.getLogger(__name__)

#: Limits that keep one connection from filling the server's memory with topics.
MAX_TOPICS = 64
MAX_TOPIC_LENGTH = 512


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

    def receive(self, text: str) -> None:
        """Handle one message from this connection; what is not the protocol is ignored."""
        try:
            message = json.loads(text)
        except ValueError:
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "subscribe":
            self._hub.subscribe(self, _topics(message))
        elif kind == "unsubscribe":
            self._hub.unsubscribe(self, _topics(message))
        elif kind == "publish" and isinstance(message.get("topic"), str):
            self._hub.publish(message)
        elif kind == "ping":
            self.send('{"type":"pong"}')

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

    def subscribe(self, subscriber: Subscriber, topics: list[str]) -> None:
        with self._lock:
            for topic in topics:
                if len(subscriber.topics) >= MAX_TOPICS:
                    break
                self._topics.setdefault(topic, set()).add(subscriber)
                subscriber.topics.add(topic)

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
