"""A slow link between the browser and a local server, for every request alike.

Chromium's own emulation (CDP `Network.emulateNetworkConditions`) applies to the
page it is sent to, not to what a service worker fetches: a site whose service
worker downloads the runtime would be measured on a fast link. This relay sits
in front of the server instead and is the link itself: all the bytes of a page,
its workers and its service worker share one pipe of the given throughput in
each direction, and every chunk crosses it with half the round-trip time added
in each direction (so a request waits one round trip for its answer, as with
CDP's `latency`; a new connection's handshake is not delayed, as there).

    with SlowLink(("127.0.0.1", 8000), down=200_000, up=93_750, rtt_ms=150) as port:
        ...  # browse http://127.0.0.1:{port}/
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from types import TracebackType

CHUNK = 4096  # bytes read at a time: 20 ms at 1.6 Mbit/s, so the pipe fills smoothly


class Pipe:
    """One direction of the link: bytes leave it one after another at `rate` bytes/s."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.free_at = 0.0

    def send(self, size: int) -> float:
        """When a chunk of `size` bytes, offered now, has left the pipe (monotonic s)."""
        self.free_at = max(time.monotonic(), self.free_at) + size / self.rate
        return self.free_at


class SlowLink:
    """A TCP relay on 127.0.0.1 to `target`, as slow as the link it stands for."""

    def __init__(self, target: tuple[str, int], *, down: float, up: float, rtt_ms: float) -> None:
        self.target = target
        self.down = Pipe(down)
        self.up = Pipe(up)
        self.delay = rtt_ms / 2000
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.server: asyncio.AbstractServer | None = None

    def __enter__(self) -> int:
        self.thread.start()
        started = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self.connect, "127.0.0.1", 0), self.loop
        )
        self.server = started.result(timeout=10)
        return int(self.server.sockets[0].getsockname()[1])

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        async def close() -> None:
            assert self.server is not None
            self.server.close()
            tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()

    async def connect(
        self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter
    ) -> None:
        try:
            server_in, server_out = await asyncio.open_connection(*self.target)
        except OSError:
            client_out.close()
            return
        try:
            await asyncio.gather(
                self.carry(client_in, server_out, self.up),
                self.carry(server_in, client_out, self.down),
                return_exceptions=True,
            )
        except asyncio.CancelledError:
            pass  # the link is being closed
        finally:
            for writer in (server_out, client_out):
                writer.close()

    async def carry(
        self, source: asyncio.StreamReader, sink: asyncio.StreamWriter, pipe: Pipe
    ) -> None:
        """Read as it comes; deliver each chunk when the link would have."""
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                at, chunk = await queue.get()
                wait = at - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not chunk:
                    break
                sink.write(chunk)
                await sink.drain()

        delivering = asyncio.ensure_future(deliver())
        try:
            while chunk := await source.read(CHUNK):
                queue.put_nowait((pipe.send(len(chunk)) + self.delay, chunk))
            queue.put_nowait((time.monotonic() + self.delay, b""))
            await delivering
        except (ConnectionError, asyncio.CancelledError):
            delivering.cancel()
        finally:
            if sink.can_write_eof():
                with contextlib.suppress(OSError, RuntimeError):
                    sink.write_eof()
