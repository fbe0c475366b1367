"""The settings of one classroom server, checked once when it starts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ClassroomConfig", "OidcSettings"]

MEGABYTE = 1024 * 1024


@dataclass(frozen=True, kw_only=True)
class ClassroomConfig:
    """Where the data lives and the limits that keep one server healthy.

    `database_url` wins over `data`: without it, the database is `classroom.sqlite3`
    in the `data` folder.
    """

    data: Path = Path("ardoise-data")
    database_url: str | None = None
    # A course folder whose notebooks teachers may pick when they create an activity.
    content: Path | None = None
    # Cookies are sent only over HTTPS when the server is reached through HTTPS;
    # `secure_cookies=True` forces it (behind a proxy that terminates TLS).
    secure_cookies: bool = False
    max_notebook_bytes: int = 5 * MEGABYTE
    # Failed sign-ins per account and address, and unknown share codes per address,
    # allowed in `attempt_window_seconds` before further tries are refused. A whole
    # school may share one address, so codes get a generous limit: at 100 tries a
    # quarter-hour, finding one of 10,000 live codes among 8.2e14 takes 20,000 years.
    max_failed_sign_ins: int = 5
    max_failed_codes: int = 100
    attempt_window_seconds: int = 15 * 60
    session_days: int = 30
    # Other sites whose pages may use this server's live-collaboration signaling
    # (courses hosted elsewhere); its own pages always may. Normalized origins.
    signal_origins: tuple[str, ...] = ()
    # Live copies (docs/classroom.md, "Limits of live copies"). Per connection: a
    # keystroke is a document update and a cursor move, about 2 messages; a key held
    # down repeats some 30 times a second; a cell's output arrives in chunks.
    live_messages_per_second: float = 100.0
    live_message_burst: int = 1000
    live_bytes_per_second: int = 2 * MEGABYTE
    # A student, their other tabs and devices, a teacher or two.
    live_peers_per_room: int = 20
    # Rooms one process keeps loaded (docs/performance.md, "Live collaboration").
    live_rooms: int = 2000
    # How often (seconds) live connections whose sign-in session expired are closed.
    live_session_check_seconds: float = 60.0
    # Sign-in through the school's OpenID Connect provider; None: local accounts only.
    oidc: OidcSettings | None = None

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the database."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data / 'classroom.sqlite3').resolve()}"

    @property
    def max_request_bytes(self) -> int:
        """A request carries one notebook and a little more (a form's other fields)."""
        return self.max_notebook_bytes + 64 * 1024

    @property
    def live_max_message_bytes(self) -> int:
        """The largest live message: the first sync carries the whole document, whose Yjs
        encoding is 0.6 to 1.4 times the size of its .ipynb (measured on real notebooks)."""
        return self.max_notebook_bytes * 3 // 2 + 64 * 1024


@dataclass(frozen=True, kw_only=True)
class OidcSettings:
    """The school's OpenID Connect provider (docs/classroom.md, "School sign-in").

    `teacher_claim` is `CLAIM=VALUE`: people whose ID token has that value (or a
    list holding it) in that claim are teachers; everyone else starts as a student.
    """

    issuer: str
    client_id: str
    # Never printed: repr=False keeps it out of tracebacks and logs.
    client_secret: str = field(repr=False)
    button: str = ""
    name_claim: str = "name"
    teacher_claim: str | None = None
