"""`ardoise serve`: a built site on this computer, with the headers Python in the browser needs.

Cross-origin isolation (COOP + COEP) gives the page a `SharedArrayBuffer`, which
interrupting Python and `input()` need; `.wasm` must be served as `application/wasm`.
Files that the build compressed are sent compressed to browsers that accept it.
At `/_live/signal` it is also the signaling server of live collaboration (live_socket.py).
"""

from __future__ import annotations

import email.utils
import errno
import logging
import os
import posixpath
import shlex
import signal
import sys
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from . import __version__
from .build.compress import ENCODINGS
from .build.manifest import MANIFEST
from .build.mediatypes import media_type
from .errors import ArdoiseError
from .live_socket import SIGNAL_PATH, serve_signaling
from .signaling import Hub, checked_origins

__all__ = ["SiteHandler", "make_server", "serve_site"]

logger = logging.getLogger(__name__)

HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
# Folders whose files have content-hashed names (the app's scripts and styles, the
# kernel's runtime zip): a URL there never changes meaning, so browsers may keep it forever.
HASHED = ("/assets/", "/runtime/", "/snapshot/")
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves one folder: no listings, isolation headers, caching by kind of file."""

    server_version = f"ardoise/{__version__}"
    sys_version = ""
    # Keep-alive: on a slow link a new connection per file costs a round trip each.
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle kept-alive connection is held
    status = 0
    _vary = False

    def do_GET(self) -> None:
        # Live collaboration's signaling: browsers sharing a notebook find each other here.
        if urlsplit(self.path).path == SIGNAL_PATH and isinstance(self.server, SiteServer):
            serve_signaling(self, self.server.hub, self.server.signal_origins)
            return
        super().do_GET()

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def _cache_control(self) -> str:
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        found = self.status in (HTTPStatus.OK, HTTPStatus.NOT_MODIFIED)
        return IMMUTABLE if found and path.startswith(HASHED) else REVALIDATE

    def send_head(self) -> Any:
        """As SimpleHTTPRequestHandler, but sends the build's `.br` or `.gz` when accepted."""
        self._vary = False
        path = Path(self.translate_path(self.path))
        if not path.is_file() or urlsplit(self.path).path.endswith("/"):
            return super().send_head()
        variants = {
            name: path.with_name(path.name + suffix)
            for name, suffix in ENCODINGS.items()
            if path.with_name(path.name + suffix).is_file()
        }
        # Caches between here and the browser must keep the forms of this file apart.
        self._vary = bool(variants)
        accepted = accepted_encodings(self.headers.get("Accept-Encoding", ""))
        encoding = next((name for name in variants if name in accepted), None)
        if encoding is None:
            return super().send_head()
        modified = int(path.stat().st_mtime)
        if self._not_modified_since(modified):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.end_headers()
            return None
        body = variants[encoding].open("rb")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(os.fstat(body.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(modified))
        self.end_headers()
        return body

    def _not_modified_since(self, modified: int) -> bool:
        since = self.headers.get("If-Modified-Since")
        if not since or self.headers.get("If-None-Match"):
            return False
        try:
            return modified <= int(email.utils.parsedate_to_datetime(since).timestamp())
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", self._cache_control())
        if self._vary:
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        kind = media_type(os.fspath(path))
        return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind

    def list_directory(self, path: str | os.PathLike[str]) -> BytesIO | None:
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)


class SiteServer(ThreadingHTTPServer):
    """A threaded HTTP server that does not print a traceback when a browser hangs up.

    It holds the hub of live collaboration's signaling, shared by its connections.
    """

    hub: Hub
    #: Other sites whose pages may use the signaling (`--signal-origin`); its own always may.
    signal_origins: tuple[str, ...] = ()

    def server_activate(self) -> None:
        self.hub = Hub()
        super().server_activate()

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("%s closed the connection", client_address)
            return
        super().handle_error(request, client_address)


def accepted_encodings(header: str) -> set[str]:
    """The content codings an Accept-Encoding header allows (those with q > 0)."""
    accepted = set()
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name and quality > 0:
            accepted.add(name.strip().lower())
    return set(ENCODINGS) if "*" in accepted else accepted


def make_server(
    site: Path, host: str = "127.0.0.1", port: int = 0, signal_origins: Iterable[str] = ()
) -> ThreadingHTTPServer:
    """A server for the built site in `site`, bound and ready for `serve_forever()`."""
    server = SiteServer((host, port), partial(SiteHandler, directory=str(site)))
    server.signal_origins = tuple(signal_origins)
    return server


def serve_site(site: Path, *, host: str, port: int, signal_origins: Iterable[str] = ()) -> int:
    """Serve `site` until Ctrl+C (SIGINT) or SIGTERM; the exit status."""
    _check(site, port)
    origins = checked_origins(signal_origins)
    server, moved = _listen(site, host, port, origins)
    with suppress(KeyboardInterrupt), server, _stopped_by_signals():
        address, actual = server.server_address[:2]
        print(f"Serving {site} at http://{address!s}:{actual}/ (press Ctrl+C to stop)", flush=True)
        if moved:
            print(f"Port {port} is in use, so port {actual} was used instead.", file=sys.stderr)
        server.serve_forever()
    print("Stopped.", flush=True)
    return 0


def _check(site: Path, port: int) -> None:
    if not (site / MANIFEST).is_file():
        raise ArdoiseError(
            f"'{site}' is not a built Ardoise site (no {MANIFEST}); "
            f"build one with: ardoise build CONTENT -o {shlex.quote(str(site))}"
        )
    if not 0 <= port <= 65535:
        raise ArdoiseError(
            f"--port {port} is not a port number; use 1 to 65535, or 0 for any free port"
        )


def _listen(
    site: Path, host: str, port: int, origins: tuple[str, ...] = ()
) -> tuple[ThreadingHTTPServer, bool]:
    """A bound server, on a free port if `port` is taken; and whether it moved."""
    try:
        return make_server(site, host, port, origins), False
    except OSError as error:
        if error.errno != errno.EADDRINUSE or port == 0:
            raise _cannot_listen(host, port, error) from None
    try:
        return make_server(site, host, 0, origins), True
    except OSError as error:
        raise _cannot_listen(host, 0, error) from None


def _cannot_listen(host: str, port: int, error: OSError) -> ArdoiseError:
    return ArdoiseError(
        f"cannot listen on {host}:{port}: {error.strerror}; choose another --host or --port"
    )


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGINT and SIGTERM stop the server, even when a shell started it with SIGINT ignored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, _interrupt) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupt(number: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt
