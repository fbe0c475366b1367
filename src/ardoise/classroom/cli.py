"""`ardoise classroom`: serve the classroom, and create its first administrator."""

from __future__ import annotations

import errno
import getpass
import importlib.util
import shlex
import signal
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING

from ..errors import ArdoiseError
from .config import ClassroomConfig

if TYPE_CHECKING:
    from types import FrameType

    import uvicorn
    from sqlalchemy.orm import Session, sessionmaker

__all__ = ["WEBSOCKETS", "create_admin", "create_teacher", "serve_classroom"]

INSTALL = "pip install 'ardoise[classroom]'"
# The modules of the `classroom` extra (python-multipart imports as python_multipart).
EXTRA = (
    "fastapi",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "argon2",
    "jinja2",
    "python_multipart",
    "authlib",
    "httpx2",
    "pycrdt",
    "jupyter_ydoc",
    "websockets",
)


def require_extra() -> None:
    """Fail in one sentence if the `classroom` extra is not installed."""
    missing = [name for name in EXTRA if importlib.util.find_spec(name) is None]
    if missing:
        raise ArdoiseError(
            f"the classroom server needs packages that are not installed "
            f"({', '.join(missing)}); install them with: {INSTALL}"
        )


# Live copies' websockets: uvicorn's implementation on the `websockets` library's
# sans-I/O core (its "auto" choice is the legacy one, which `websockets` deprecates).
WEBSOCKETS = "websockets-sansio"


def serve_classroom(config: ClassroomConfig, *, host: str, port: int, verbose: bool) -> int:
    """Serve until Ctrl+C (SIGINT) or SIGTERM; the exit status."""
    require_extra()
    import uvicorn

    from .app import create_app
    from .app_site import build_app_site
    from .db import open_database

    if not 0 <= port <= 65535:
        raise ArdoiseError(
            f"--port {port} is not a port number; use 1 to 65535, or 0 for any free port"
        )
    sessions = open_database(config)
    app = create_app(config, sessions=sessions, app_site=build_app_site(config.data))
    listening, moved = _listen(host, port)
    stop = _Stop()
    with closing(listening), stop.on_signals():
        _announce(config, sessions, listening, host, port, moved)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                log_level="info" if verbose else "warning",
                access_log=verbose,
                ws=WEBSOCKETS,
                # A live copy's message is an edit, or a whole notebook on the first sync;
                # the room refuses what passes config.live_max_message_bytes with a reason,
                # so uvicorn's own (reasonless) limit is set above it.
                ws_max_size=2 * config.live_max_message_bytes,
            )
        )
        if stop.attach(server):
            server.run(sockets=[listening])
    print("Stopped.", flush=True)
    return 0


class _Stop:
    """Ctrl+C (SIGINT) or SIGTERM at any moment of the server's life is a clean stop.

    uvicorn stops gracefully on a signal once it has started, but a signal during
    its start-up can escape as a CancelledError or kill the process: asyncio's
    runner installs its own SIGINT handler there and resets its interrupt count
    after installing it. With this handler in place the runner leaves SIGINT alone,
    and a signal before uvicorn runs, or while it starts, asks it to exit instead.
    """

    def __init__(self) -> None:
        self.requested = False
        self._server: uvicorn.Server | None = None

    @contextmanager
    def on_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        numbers = (signal.SIGINT, signal.SIGTERM)
        previous = {number: signal.signal(number, self._request) for number in numbers}
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def attach(self, server: uvicorn.Server) -> bool:
        """Let a signal from now on stop `server`; whether it should still run."""
        self._server = server
        return not self.requested

    def _request(self, number: int, frame: FrameType | None) -> None:
        self.requested = True
        if self._server is not None:
            self._server.should_exit = True


def _announce(
    config: ClassroomConfig,
    sessions: sessionmaker[Session],
    listening: socket.socket,
    host: str,
    port: int,
    moved: bool,
) -> None:
    """Where to go, and how to create the first administrator when there is none."""
    from .accounts import admin_exists

    actual = listening.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    print(f"Classroom at http://{shown}:{actual}/ (press Ctrl+C to stop)", flush=True)
    if moved:
        print(f"Port {port} is in use, so port {actual} was used instead.", file=sys.stderr)
    with sessions() as db:
        if not admin_exists(db):
            print(f"No administrator yet; create one with: {admin_command(config)}", flush=True)


def admin_command(config: ClassroomConfig) -> str:
    """The exact command that creates the first administrator of this database."""
    where = (
        f"--database-url {shlex.quote(config.database_url)}"
        if config.database_url
        else f"--data {shlex.quote(str(config.data))}"
    )
    return f"ardoise classroom {where} create-admin USERNAME"


def _listen(host: str, port: int) -> tuple[socket.socket, bool]:
    """A listening socket on `port`, or on a free one if it is taken; and whether it moved."""
    try:
        return _bind(host, port), False
    except OSError as error:
        if error.errno != errno.EADDRINUSE or port == 0:
            raise _cannot_listen(host, port, error) from None
    try:
        return _bind(host, 0), True
    except OSError as error:
        raise _cannot_listen(host, 0, error) from None


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def _cannot_listen(host: str, port: int, error: OSError) -> ArdoiseError:
    return ArdoiseError(
        f"cannot listen on {host}:{port}: {error.strerror}; choose another --host or --port"
    )


def create_admin(config: ClassroomConfig, username: str) -> int:
    """Create an administrator; the password comes from a prompt, or stdin when piped."""
    _create(config, username, username, "admin")
    print(f"Administrator {username} created; sign in at the classroom's /signin page.")
    return 0


def create_teacher(config: ClassroomConfig, username: str, name: str | None) -> int:
    """Create a teacher, as the administrator's page does; the password as for create_admin."""
    _create(config, username, name or username, "teacher")
    print(f"Teacher {username} created; they sign in at the classroom's /signin page.")
    return 0


def _create(config: ClassroomConfig, username: str, display_name: str, role: str) -> None:
    require_extra()
    from .accounts import AccountError, create_account
    from .db import open_database
    from .i18n import translate
    from .models import Role
    from .passwords import MIN_PASSWORD_LENGTH

    password = _read_password()
    sessions = open_database(config)
    with sessions() as db:
        try:
            create_account(
                db,
                username=username,
                display_name=display_name,
                password=password,
                role=Role(role),
            )
        except AccountError as error:
            message = translate("en", error.key, length=MIN_PASSWORD_LENGTH)
            raise ArdoiseError(f"{error.field} {username!r} refused: {message}") from None


def _read_password() -> str:
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ArdoiseError("no password on standard input; pipe one line, or run in a terminal")
        return password
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise ArdoiseError("the two passwords differ; run the command again")
    return first
