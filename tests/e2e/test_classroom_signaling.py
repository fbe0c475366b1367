"""Working together on a static site, with the classroom server as its signaling server.

A course built with `--live-signaling ws://CLASSROOM/_live/signal` and served elsewhere:
two people's pages (two browser profiles) find each other through `ardoise classroom`,
which admits them because it is started with `--signal-origin` naming their site, and
then edit one notebook peer to peer. The same course served from another origin is
refused by the classroom, and its page works alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from playwright.sync_api import Browser, WebSocket, expect

from .conftest import Server
from .test_classroom_copy import classroom_process, free_port
from .test_live import (
    SYNC_MS,
    a_site_using,
    converged,
    give_name,
    people,
    person,
    status,
    type_at_end,
    working_together,
)
from .test_notebook import code_cells

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


UNREACHABLE = re.compile(r"^Live: the live session.s server cannot be reached, or does not accept")


def test_a_static_site_works_together_through_the_classroom_which_refuses_other_origins(
    browser: Browser, ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    with classroom_process(ardoise_cli, tmp_path / "classroom", "--signal-origin", origin) as url:
        signaling = url.replace("http://", "ws://") + "_live/signal"
        with (
            a_site_using(tmp_path, signaling, port) as site,
            working_together(browser, site.url) as (ana, ben, sockets),
        ):
            assert set(sockets) == {signaling}
            type_at_end(ana, code_cells(ana).nth(1), "\n# Ana was here")
            type_at_end(ben, code_cells(ben).nth(2), "\n# Ben was here")
            for page in (ana, ben):
                expect(code_cells(page).nth(1)).to_contain_text("# Ana was here", timeout=SYNC_MS)
                expect(code_cells(page).nth(2)).to_contain_text("# Ben was here", timeout=SYNC_MS)
            converged(ana, ben, 3)

            # The same site from another origin, which the classroom was not told of: its
            # page is refused at the handshake, again at each try, and never meets theirs.
            elsewhere = Server(tmp_path / "site")  # the folder a_site_using built
            context, cleo, errors = person(browser)
            try:
                refusals: list[str] = []

                def watch(socket: WebSocket) -> None:
                    socket.on("socketerror", lambda error: refusals.append(error))

                cleo.on("websocket", watch)
                link = ana.get_by_role("textbox", name="Link to work together").input_value()
                cleo.goto(link.replace(site.url, elsewhere.url))
                give_name(cleo, "Cleo")
                for _ in range(SYNC_MS // 200):
                    if len(refusals) >= 2:
                        break
                    cleo.wait_for_timeout(200)
                assert refusals and all("response code: 403" in error for error in refusals)
                assert len(refusals) >= 2, refusals
                # Browsers do not tell a page why its socket was refused: it says it
                # cannot get in, and that its work is kept, rather than "connecting" for ever.
                expect(status(cleo)).to_have_text(UNREACHABLE, timeout=SYNC_MS)
                expect(people(cleo)).to_have_count(1)
                expect(people(ana)).to_have_count(2)
                expect(people(ben)).to_have_count(2)
                assert not errors, errors
            finally:
                context.close()
                elsewhere.stop()
