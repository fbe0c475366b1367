"""Guards in front of every request: a size limit on bodies, and the security headers."""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["APP_CSP", "BodyLimit", "InFlightLimit", "SecurityHeaders"]

# Student content never runs script in a teacher's page: no inline script, nothing
# from elsewhere, no framing. Pages here need no script at all.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Join and resume links carry secrets: never send them to another site.
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


# The notebook app (under /app/) runs the student's own code and shows its outputs
# in sandboxed srcdoc frames, which inherit the page's policy: outputs carry inline
# script and style (plots, widgets), Pyodide compiles WebAssembly and loads packages
# from its CDN. So scripts are not restricted there; what is kept: no plugins, no
# <base> rewriting, no framing by another site. COEP (with COOP) makes the page
# cross-origin isolated, which lets Stop interrupt Python.
APP_CSP = "object-src 'none'; base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
APP_HEADERS = [
    (b"content-security-policy", APP_CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-embedder-policy", b"require-corp"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        path = scope["path"]
        headers = APP_HEADERS if path == "/app" or path.startswith("/app/") else HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *headers]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses a request body past `limit` bytes with 413, before the app sees any of it.

    A body without Content-Length (chunked) is read up to the limit first, then
    handed on; bodies here are notebooks of a few megabytes at most.
    """

    def __init__(self, app: ASGIApp, *, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if declared.isdigit() and int(declared) > self.limit:
                await self._refuse(send)
                return
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await self._refuse(send)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        megabytes = self.limit / (1024 * 1024)
        body = json.dumps(
            {
                "detail": f"The request is larger than {megabytes:.1f} MB; "
                "send a smaller notebook (clear its outputs)."
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class InFlightLimit:
    """At most `limit` requests that may use the database are handled at once; the
    others wait their turn here, holding nothing.

    FastAPI runs a request's sync steps (dependencies, the endpoint, the
    response's serialisation) in separate turns of its thread pool, and a
    request keeps its database connection between them. With more requests in
    flight than connections, the requests holding connections would wait for
    threads that all wait for connections, and the server would stall until the
    pool gave up. With no more requests than connections, none ever waits for one.
    The notebook app's files and the pages' style sheets use no connection.
    """

    def __init__(self, app: ASGIApp, *, limit: int, exempt: tuple[str, ...]) -> None:
        self.app = app
        self.limit = limit
        self.exempt = exempt
        self.turns: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(self.exempt):
            await self.app(scope, receive, send)
            return
        if self.turns is None:
            self.turns = asyncio.Semaphore(self.limit)  # made on the server's event loop
        async with self.turns:
            await self.app(scope, receive, send)
