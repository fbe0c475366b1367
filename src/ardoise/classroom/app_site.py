"""The notebook app, served by the classroom from its own origin for students' copies.

The app needs a built site around it (site.json, the Python runtime, Pyodide):
the server builds one when it starts, with no course content, into its data
folder, and serves it under `/app/`. The copy is loaded from and saved to the
JSON API (api.py), so the site holds no student work.
"""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Receive, Scope, Send

from ..build import build_site
from ..build.compress import ENCODINGS
from ..serve import accepted_encodings

__all__ = ["APP_PREFIX", "AppFiles", "build_app_site", "copy_app_url"]

APP_PREFIX = "/app"
# The service worker is not served: it would cache one build of the app and
# reload pages when the server's build changes; a copy's work is kept offline
# by IndexedDB already (docs/decisions.md).
NOT_SERVED = {"sw.js", "sw.js.br", "sw.js.gz"}


def build_app_site(data: Path) -> Path:
    """Build (or rebuild) the app's site in `data`/app; its folder."""
    output = data / "app"
    data.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ardoise-app-") as folder:
        content = Path(folder)
        # A build publishes at least one file; this one tells what the site is.
        (content / "README.md").write_text(
            "The Ardoise notebook app of this classroom; copies open from their page.\n",
            encoding="utf-8",
        )
        build_site(content, output, title="Ardoise classroom")
    return output


def copy_app_url(copy_id: int) -> str:
    """Where a student's copy opens in the notebook app."""
    return f"{APP_PREFIX}/notebook.html?copy={copy_id}"


class AppFiles(StaticFiles):
    """The built site's files, without its service worker, compressed as the build wrote them.

    As `ardoise serve` does: the `.br` or `.gz` beside a file, when the request
    accepts it, with the file's own type (Pyodide is 23 MB as it is, 5 MB as brotli).
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.get_path(scope).lstrip("/") in NOT_SERVED:
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code != 200 or not isinstance(response, FileResponse):
            return response
        headers = Headers(scope=scope)
        accepted = accepted_encodings(headers.get("accept-encoding", ""))
        found = False
        for encoding, suffix in ENCODINGS.items():
            full, status = self.lookup_path(path + suffix)
            if status is None or not stat.S_ISREG(status.st_mode):
                continue
            found = True
            if encoding in accepted:
                compressed = FileResponse(
                    full,
                    stat_result=status,
                    media_type=response.media_type,
                    headers={"Content-Encoding": encoding, "Vary": "Accept-Encoding"},
                )
                if self.is_not_modified(compressed.headers, headers):
                    return NotModifiedResponse(compressed.headers)
                return compressed
        if found:
            response.headers["Vary"] = "Accept-Encoding"
        return response
