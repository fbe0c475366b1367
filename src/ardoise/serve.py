"""`ardoise serve`: a built site on this computer, with the headers Python in the browser needs.

Cross-origin isolation (COOP + COEP) gives the page a `SharedArrayBuffer`, which
interrupting Python and `input()` need; `.wasm` must be served as `application/wasm`.
"""

from __future__ import annotations

import errno
import logging
import os
import posixpath
import shlex
import signal
import sys
import threading
from collections.abc import Iterator
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
from .build.manifest import MANIFEST
from .build.mediatypes import media_type
from .errors import ArdoiseError

__all__ = ["SiteHandler", "make_server", "serve_site"]

logger = logging.getLogger(__name__)

HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}
# The app's scripts and styles have content-hashed names: a name never changes meaning.
HASHED = "/assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves one folder: no listings, isolation headers, caching by kind of file."""

    server_version = f"ardoise/{__version__}"
    sys_version = ""
    status = 0

    def send_response(self, code: int, message: str | None = None) -> None:
        self.status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", self._cache_control())
        super().end_headers()

    def _cache_control(self) -> str:
        path = posixpath.normpath(unquote(urlsplit(self.path).path))
        found = self.status in (HTTPStatus.OK, HTTPStatus.NOT_MODIFIED)
        return IMMUTABLE if found and path.startswith(HASHED) else REVALIDATE

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        kind = media_type(os.fspath(path))
        return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind

    def list_directory(self, path: str | os.PathLike[str]) -> BytesIO | None:
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)


class SiteServer(ThreadingHTTPServer):
    """A threaded HTTP server that does not print a traceback when a browser hangs up."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], ConnectionError):
            logger.debug("%s closed the connection", client_address)
            return
        super().handle_error(request, client_address)


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """A server for the built site in `site`, bound and ready for `serve_forever()`."""
    return SiteServer((host, port), partial(SiteHandler, directory=str(site)))


def serve_site(site: Path, *, host: str, port: int) -> int:
    """Serve `site` until Ctrl+C (SIGINT) or SIGTERM; the exit status."""
    _check(site, port)
    server, moved = _listen(site, host, port)
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


def _listen(site: Path, host: str, port: int) -> tuple[ThreadingHTTPServer, bool]:
    """A bound server, on a free port if `port` is taken; and whether it moved."""
    try:
        return make_server(site, host, port), False
    except OSError as error:
        if error.errno != errno.EADDRINUSE or port == 0:
            raise _cannot_listen(host, port, error) from None
    try:
        return make_server(site, host, 0), True
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
