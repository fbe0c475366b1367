"""What one live connection, one room and one process may take, and how it is refused.

A connection over a limit is closed with a websocket close code and a reason
(at most 123 bytes, the protocol's limit); the room and its other people go on.
The copy page says why and connects again later (collab/websocket.ts: a full
room or server after a growing wait, the rate after a few seconds, a message
too large after the next change), and its document syncs again: a peer closed
for flooding loses nothing it holds, it only stops costing the server for a
while. The page tells the cases apart by their codes and the first words of
their reasons ("This server", "More than"): keep them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .config import ClassroomConfig

__all__ = [
    "TOO_BIG",
    "TOO_FAST",
    "TRY_LATER",
    "Allowance",
    "ConnectionLimits",
    "LiveLimits",
    "Refusal",
    "RoomFullError",
    "room_full",
    "server_full",
]

# RFC 6455 7.4.1 and the IANA registry: 1009 message too big, 1008 policy
# violation, 1013 try again later (the server is at capacity).
TOO_BIG = 1009
TOO_FAST = 1008
TRY_LATER = 1013


@dataclass(frozen=True, kw_only=True)
class LiveLimits:
    """The limits of live copies in one process (ClassroomConfig's `live_*` settings)."""

    max_message_bytes: int = ClassroomConfig().live_max_message_bytes
    messages_per_second: float = 100.0
    message_burst: int = 1000
    bytes_per_second: float = 2 * 1024 * 1024
    peers_per_room: int = 20
    rooms: int = 2000

    @classmethod
    def of(cls, config: ClassroomConfig) -> LiveLimits:
        return cls(
            max_message_bytes=config.live_max_message_bytes,
            messages_per_second=config.live_messages_per_second,
            message_burst=config.live_message_burst,
            bytes_per_second=config.live_bytes_per_second,
            peers_per_room=config.live_peers_per_room,
            rooms=config.live_rooms,
        )

    @property
    def byte_burst(self) -> int:
        """Two of the largest messages at once: a reconnecting browser sends its whole
        document on the first sync, and may send it again as an update right after."""
        return 2 * self.max_message_bytes


@dataclass(frozen=True)
class Refusal:
    """Why a connection is closed: its close code and the sentence it is given."""

    code: int
    reason: str


class RoomFullError(Exception):
    """The room or the process has no place for one more person."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


class Allowance:
    """A token bucket: `rate` a second, up to `burst` saved up."""

    def __init__(
        self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.tokens = burst
        self.at = clock()

    def take(self, amount: float) -> bool:
        """Whether `amount` may pass now (it is taken from the bucket if so)."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if amount > self.tokens:
            return False
        self.tokens -= amount
        return True


class ConnectionLimits:
    """The limits of one connection: each message is checked before the room sees it."""

    def __init__(self, limits: LiveLimits) -> None:
        self.limits = limits
        self.messages = Allowance(limits.messages_per_second, limits.message_burst)
        self.bytes = Allowance(limits.bytes_per_second, limits.byte_burst)

    def check(self, size: int) -> Refusal | None:
        """None if a message of `size` bytes may go to the room; else why the connection
        is closed."""
        limits = self.limits
        if size > limits.max_message_bytes:
            return Refusal(
                TOO_BIG,
                f"A live message is larger than {_size(limits.max_message_bytes)}; "
                "clear some outputs.",
            )
        if not self.messages.take(1):
            return Refusal(
                TOO_FAST,
                f"More than {limits.messages_per_second:g} live messages a second; "
                "reconnecting in a moment.",
            )
        if not self.bytes.take(size):
            return Refusal(
                TOO_FAST,
                f"More than {_size(limits.bytes_per_second)} of live messages a second; "
                "reconnecting in a moment.",
            )
        return None


def _size(count: float) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MB"
    return f"{count / 1024:.3g} KB"


def room_full(limits: LiveLimits) -> Refusal:
    return Refusal(
        TRY_LATER,
        f"This copy already has {limits.peers_per_room} people connected; try again later.",
    )


def server_full(limits: LiveLimits) -> Refusal:
    return Refusal(
        TRY_LATER,
        f"This server has its {limits.rooms} live copies open; try again in a minute.",
    )
