"""Working together: two people in two browsers edit one notebook live, peer to peer.

Two Chromium contexts (two profiles, as two people on two computers) join one room
through `ardoise serve`'s signaling and talk over WebRTC. Chromium's usual flags are
enough: its mDNS hiding of local addresses (WebRtcHideLocalIpsWithMdns) does not
stop two pages of one machine from connecting here, so no WebRTC flag is added.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import zip_longest
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from .axe import violations
from .conftest import DEMO, PYTHON_READY_MS, Server, run_ardoise
from .test_classroom_copy import free_port
from .test_notebook import WELCOME, code_cells, open_notebook, output_of
from .test_small_screens import assert_reflows

SYNC_MS = 30_000


def person(browser: Browser) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(locale="en-US", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


def give_name(page: Page, name: str) -> None:
    dialog = page.get_by_role("dialog", name="Your name for working together")
    dialog.get_by_role("textbox", name="Name shown to the others").fill(name)
    dialog.get_by_role("button", name="Continue").click()


def status(page: Page) -> Locator:
    return page.locator(".live-status")


def people(page: Page) -> Locator:
    return page.get_by_role("region", name="People here").get_by_role("listitem")


def said(page: Page, text: str) -> Locator:
    """The page's announcer (a polite status region) when it says `text`."""
    return page.locator(".announcer[role=status]").filter(has_text=text)


def editor(cell: Locator) -> Locator:
    return cell.get_by_role("textbox")


def source(cell: Locator) -> str:
    """A cell's code as the editor holds it (without the others' name labels)."""
    text: str = editor(cell).evaluate(
        """(content) => [...content.querySelectorAll('.cm-line')].map((line) => {
            const copy = line.cloneNode(true);
            copy.querySelectorAll('.cm-ySelectionCaret').forEach((caret) => caret.remove());
            return copy.textContent;
        }).join('\\n')"""
    )
    return text


def type_at_end(page: Page, cell: Locator, text: str) -> None:
    editor(cell).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def downloaded(page: Page, tmp_path: Path, name: str) -> list[Any]:
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").first.click()
    target = tmp_path / name
    download.value.save_as(target)
    cells = json.loads(target.read_text())["cells"]
    return [(cell["cell_type"], cell["source"]) for cell in cells]


def test_two_people_edit_one_notebook_live_and_nothing_is_lost_offline(
    browser: Browser, a_served_site: str, tmp_path: Path
) -> None:
    context_a, ana, errors_a = person(browser)
    context_b, ben, errors_b = person(browser)
    try:
        open_notebook(ana, a_served_site, WELCOME)
        expect(ana.locator(".live-panel")).to_have_count(0)  # no live layer until asked
        ana.get_by_role("button", name="Work together").click()
        give_name(ana, "Ana")
        link = ana.get_by_role("textbox", name="Link to work together")
        expect(link).to_be_focused()
        url = link.input_value()
        assert re.search(r"notebook\.html\?path=.+&live=[\w-]{8,}#secret=[\w-]{16,}$", url)
        assert ana.url == url

        ben.goto(url)
        give_name(ben, "Ben")
        expect(code_cells(ben)).to_have_count(code_cells(ana).count(), timeout=SYNC_MS)
        for page, me, other in ((ana, "Ana (you)", "Ben"), (ben, "Ben (you)", "Ana")):
            expect(status(page)).to_have_text("Live: connected.", timeout=SYNC_MS)
            expect(people(page).first).to_contain_text(me)
            expect(people(page)).to_have_count(2, timeout=SYNC_MS)
            expect(people(page).nth(1)).to_contain_text(other)
        expect(said(ana, "Ben joined.")).to_have_count(1, timeout=SYNC_MS)

        # Both type in the same cell at once, then each in a cell of their own.
        first_a, first_b = code_cells(ana).nth(0), code_cells(ben).nth(0)
        editor(first_a).click()
        ana.keyboard.press("Control+End")
        editor(first_b).click()
        ben.keyboard.press("Control+Home")
        for a_key, b_key in zip_longest("  # ana", "b = 0; ", fillvalue=""):
            ana.keyboard.type(a_key)
            ben.keyboard.type(b_key)
        type_at_end(ana, code_cells(ana).nth(1), "\n# Ana was here")
        type_at_end(ben, code_cells(ben).nth(2), "\n# Ben was here")
        for page in (ana, ben):
            expect(code_cells(page).nth(1)).to_contain_text("# Ana was here", timeout=SYNC_MS)
            expect(code_cells(page).nth(2)).to_contain_text("# Ben was here", timeout=SYNC_MS)
        for n in range(3):
            expect(editor(code_cells(ben).nth(n))).to_be_visible()
        converged(ana, ben, 3)
        assert source(code_cells(ana).nth(0)) == "b = 0; 2 + 3 * 4  # ana"

        # Each sees where the other is: a caret with a name, and a marker on the cell.
        ben_cell = code_cells(ana).nth(2)
        expect(ben_cell.locator(".cm-ySelectionInfo")).to_have_text("Ben", timeout=SYNC_MS)
        expect(ben_cell.get_by_role("img", name="Ben is in this cell")).to_be_visible()
        expect(code_cells(ben).nth(1).locator(".cm-ySelectionInfo")).to_have_text("Ana")
        expect(people(ana).nth(1)).to_have_text(re.compile(r"Ben, in cell \d+"))

        # Ben runs a cell in his own Python: the output reaches Ana through the document.
        expect(ben.get_by_role("status").filter(has_text="Python:")).to_have_text(
            "Python: ready", timeout=PYTHON_READY_MS
        )
        editor(code_cells(ben).nth(0)).click()
        ben.keyboard.press("Shift+Enter")
        expect(output_of(code_cells(ana).nth(0))).to_have_text("14", timeout=PYTHON_READY_MS)

        # Ben goes offline; both keep editing; he comes back and nothing is lost.
        context_b.set_offline(True)
        expect(status(ben)).to_have_text(re.compile("^Live: offline"), timeout=SYNC_MS)
        expect(said(ben, "Live: offline")).to_have_count(1)
        expect(people(ana)).to_have_count(1, timeout=SYNC_MS)
        expect(said(ana, "Ben left.")).to_have_count(1)
        type_at_end(ana, code_cells(ana).nth(1), "\n# Ana, while Ben was away")
        type_at_end(ben, code_cells(ben).nth(2), "\n# Ben, offline")
        type_at_end(ben, code_cells(ben).nth(1), "\n# Ben, offline, in Ana's cell")
        expect(code_cells(ana).nth(2)).not_to_contain_text("# Ben, offline")
        context_b.set_offline(False)
        expect(status(ben)).to_have_text("Live: connected.", timeout=SYNC_MS)
        for page in (ana, ben):
            expect(code_cells(page).nth(1)).to_contain_text(
                "Ana, while Ben was away", timeout=SYNC_MS
            )
            expect(code_cells(page).nth(1)).to_contain_text("Ben, offline, in Ana", timeout=SYNC_MS)
            expect(code_cells(page).nth(2)).to_contain_text("# Ben, offline", timeout=SYNC_MS)
            expect(people(page)).to_have_count(2, timeout=SYNC_MS)
        converged(ana, ben, 3)
        assert downloaded(ana, tmp_path, "ana.ipynb") == downloaded(ben, tmp_path, "ben.ipynb")

        for page in (ana, ben):
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme, contrast="no-preference")
                expect(page.locator("html")).not_to_have_attribute("data-contrast", "more")
                assert violations(page) == [], scheme
                # The system's "increase contrast": axe then checks AAA contrast too,
                # once the page has taken the high-contrast colours (ui/theme.ts).
                page.emulate_media(color_scheme=scheme, contrast="more")
                expect(page.locator("html")).to_have_attribute("data-contrast", "more")
                assert violations(page, also=("color-contrast-enhanced",)) == [], scheme
        ana.set_viewport_size({"width": 320, "height": 640})
        assert_reflows(ana, "the live panel at 320 pixels")
        assert not errors_a and not errors_b, errors_a + errors_b
    finally:
        context_a.close()
        context_b.close()


def converged(ana: Page, ben: Page, cells: int) -> None:
    """The first `cells` code cells read the same in both pages (once updates have arrived)."""
    for n in range(cells):
        expected = source(code_cells(ana).nth(n))
        ben.wait_for_function(
            """([n, expected]) => {
                const cell = document.querySelectorAll('.cell-code')[n];
                const lines = [...cell.querySelectorAll('.cm-content .cm-line')].map((line) => {
                    const copy = line.cloneNode(true);
                    copy.querySelectorAll('.cm-ySelectionCaret').forEach((c) => c.remove());
                    return copy.textContent;
                });
                return lines.join('\\n') === expected;
            }""",
            arg=[n, expected],
            timeout=SYNC_MS,
        )


def test_on_a_host_without_signaling_work_together_says_what_is_missing(
    page: Page, a_served_site: str
) -> None:
    # A static host (not `ardoise serve`) answers the signaling path with a 404.
    page.route("**/_live/signal", lambda route: route.fulfill(status=404, body="Not found"))
    open_notebook(page, a_served_site, WELCOME)
    page.get_by_role("button", name="Work together").click()
    alert = page.get_by_role("alert").filter(has_text="needs a signaling server")
    expect(alert).to_contain_text("ardoise build --live-signaling")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator(".live-panel")).to_have_count(0)
    assert "live=" not in page.url


@contextmanager
def a_site_using(tmp_path: Path, signaling: str, port: int, *options: str) -> Iterator[Server]:
    """The demo course built to use the signaling server at `signaling` (and the build
    `options`), served by `ardoise serve` on `port`."""
    site = tmp_path / "site"
    built = run_ardoise(
        "build", str(DEMO), "-o", str(site), "--live-signaling", signaling, *options
    )
    assert built.returncode == 0, built.stderr
    server = Server(site, "--port", str(port))
    try:
        assert server.url == f"http://127.0.0.1:{port}/"
        yield server
    finally:
        server.stop()


@contextmanager
def working_together(browser: Browser, site: str) -> Iterator[tuple[Page, Page, list[str]]]:
    """Ana starts working together on the welcome notebook of `site` and Ben opens her link,
    each in a browser profile of their own: their pages, once connected and each seeing
    the other, and the websocket URLs they opened."""
    sockets: list[str] = []
    context_a, ana, _ = person(browser)
    context_b, ben, _ = person(browser)
    try:
        for page in (ana, ben):
            page.on("websocket", lambda socket: sockets.append(socket.url))
        open_notebook(ana, site, WELCOME)
        ana.get_by_role("button", name="Work together").click()
        give_name(ana, "Ana")
        ben.goto(ana.get_by_role("textbox", name="Link to work together").input_value())
        give_name(ben, "Ben")
        for page in (ana, ben):
            expect(status(page)).to_have_text("Live: connected.", timeout=SYNC_MS)
            expect(people(page)).to_have_count(2, timeout=SYNC_MS)
        yield ana, ben, sockets
    finally:
        context_a.close()
        context_b.close()


def test_a_site_built_for_another_host_uses_the_signaling_and_ice_servers_it_names(
    browser: Browser, tmp_path: Path
) -> None:
    # The signaling server of this build is another `ardoise serve` than the site's own,
    # which admits the site's pages because it is told their origin.
    (tmp_path / "signal").mkdir()
    (tmp_path / "signal" / "site.json").write_text("{}")
    port = free_port()
    signal = Server(tmp_path / "signal", "--signal-origin", f"http://127.0.0.1:{port}")
    try:
        url = signal.url.replace("http://", "ws://") + "_live/signal"
        with (
            a_site_using(tmp_path, url, port, "--ice-server", "stun:127.0.0.1:9") as site,
            working_together(browser, site.url) as (_, _, sockets),
        ):
            assert set(sockets) == {url}
    finally:
        signal.stop()
