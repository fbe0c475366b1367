"""Python starts from the fastest form that works, shows its progress, and never loses a Run.

A first visit on a fast link starts from the snapshot the site serves and keeps
it; on a slow link it gives that download up and starts Python afresh, then
saves a memory snapshot made in the browser, in the background. Later visits
start from what was kept. A snapshot that does not load (corrupt, or from
another Pyodide build) is deleted and Python starts afresh instead.
"""

from __future__ import annotations

import hashlib
import re
import time
from typing import Any

from playwright.sync_api import Locator, Page, Route, expect

from .conftest import PYTHON_READY_MS
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code

CACHE = "ardoise-kernel-snapshots"
APP_SCRIPT = re.compile(r"/assets/app-\w+\.js$")
# 8 Mbit/s down and 150 ms of latency: Python's 5 MB take several seconds to arrive.
SLOW = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_000_000,
    "uploadThroughput": 1_000_000,
}


def status(page: Page) -> Locator:
    return page.locator(".kernel-status")


def on_a_slow_link(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW)


def started_from(page: Page) -> str | None:
    status_line = page.locator(".kernel-status")
    expect(status_line).to_have_attribute("data-status", "idle", timeout=PYTHON_READY_MS)
    return status_line.get_attribute("data-start")


def saved_snapshot_sizes(page: Page) -> list[int]:
    """The snapshots this site saved in the browser, by size, once at least one exists."""
    return wait_for(
        page,
        f"""async () => {{
            const cache = await caches.open({CACHE!r});
            const sizes = [];
            for (const request of await cache.keys()) {{
                sizes.push((await (await cache.match(request)).arrayBuffer()).byteLength);
            }}
            return sizes.length && sizes.every((size) => size > 1e6) ? sizes : null;
        }}""",
    )


def wait_for(page: Page, script: str) -> Any:
    """Evaluate the async `script` every half second until it returns something truthy."""
    deadline = time.monotonic() + PYTHON_READY_MS / 1000
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(500)
    raise AssertionError(f"still nothing after {PYTHON_READY_MS} ms: {script}")


def spoil_snapshot(page: Page, how: str) -> None:
    """Replace the saved snapshot with a damaged copy of itself."""
    page.evaluate(
        f"""async () => {{
            const cache = await caches.open({CACHE!r});
            const [request] = await cache.keys();
            const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
            {how}
            await cache.put(request, new Response(bytes));
        }}"""
    )


def run_and_read(page: Page, code: str) -> str:
    cell = code_cells(page).first
    replace_code(page, cell, code)
    page.keyboard.press("Shift+Enter")
    expect(output_of(cell)).not_to_be_empty(timeout=PYTHON_READY_MS)
    return output_of(cell).inner_text().strip()


def without_the_served_snapshot(page: Page) -> None:
    """As if the site served none: the first visit starts afresh and makes one itself."""
    page.route(re.compile(r"/snapshot/python-[0-9a-f]+\.snapshot$"), lambda route: route.abort())


SNAPSHOT_SHA256 = """async () => {
    const cache = await caches.open('ardoise-kernel-snapshots');
    const [request] = await cache.keys();
    if (!request) return null;
    const bytes = await (await cache.match(request)).arrayBuffer();
    return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)),
                      (b) => b.toString(16).padStart(2, '0')).join('');
}"""

ENVIRONMENT = (
    "import os, random, sys\n"
    "print(os.environ['LANG'], os.environ.get('_'), sys.argv, random.random())"
)


def test_a_first_visit_on_a_fast_link_starts_from_the_sites_snapshot_and_keeps_it(
    page: Page, a_served_site: str
) -> None:
    served: list[str] = []
    page.on("requestfinished", lambda r: served.append(r.url) if "/snapshot/" in r.url else None)
    open_notebook(page, a_served_site, WELCOME)
    assert started_from(page) == "served"
    assert status(page).get_attribute("title") == (
        "Python started from a ready-made copy downloaded from the site"
    )
    manifest = page.request.get(f"{a_served_site}site.json").json()["runtime"]["snapshot"]
    assert served == [f"{a_served_site}{manifest['url']}"]
    # Made under Node, renewed for this browser: its language (the context's
    # en-US), not the build machine's, and random numbers of its own.
    environment = run_and_read(page, ENVIRONMENT)
    assert environment.startswith("en_US.UTF-8 ./this.program [''] 0."), environment
    # Kept as this browser's snapshot, byte for byte: no helper worker makes another.
    body = page.request.get(f"{a_served_site}{manifest['url']}").body()
    assert wait_for(page, SNAPSHOT_SHA256) == hashlib.sha256(body).hexdigest()
    assert len([worker for worker in page.workers if "/assets/worker-" in worker.url]) == 1

    page.reload()
    assert started_from(page) == "snapshot"
    assert served == [f"{a_served_site}{manifest['url']}"]  # not downloaded again
    again = run_and_read(page, ENVIRONMENT)
    assert again.startswith("en_US.UTF-8 ./this.program [''] 0.") and again != environment


def test_a_first_visit_asks_for_its_notebook_once_before_the_apps_code_has_run(
    page: Page, a_served_site: str
) -> None:
    """The page's own few lines request it with the manifest, and what the page
    loads is also what it compares with the course's version."""
    events: list[tuple[str, str]] = []
    page.on("request", lambda r: events.append(("sent", r.url)))
    page.on("requestfinished", lambda r: events.append(("arrived", r.url)))
    open_notebook(page, a_served_site, WELCOME)
    started_from(page)  # a while after the notebook showed
    notebook = ("sent", f"{a_served_site}contents/{WELCOME}")
    assert events.count(notebook) == 1
    # The app's entry script can run only once it has arrived.
    arrived = [url if what == "arrived" else "" for what, url in events]
    app = [i for i, url in enumerate(arrived) if APP_SCRIPT.search(url)]
    assert app and events.index(notebook) < app[0]


def test_each_page_names_the_modules_it_loads_at_once_in_its_html(
    page: Page, a_served_site: str
) -> None:
    """So that the browser fetches them together, and not level by level as the
    imports of each one come to light."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if "/assets/chunk-" in r.url else None)

    def named_in(html_page: str) -> set[str]:
        html = page.request.get(f"{a_served_site}{html_page}").text()
        hrefs = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
        return {f"{a_served_site}{href}" for href in hrefs}

    open_notebook(page, a_served_site, WELCOME)
    started_from(page)
    assert requested and set(requested) <= named_in("notebook.html")

    requested.clear()
    page.goto(a_served_site)
    expect(page.get_by_role("link", name=re.compile(r"01-welcome\.ipynb"))).to_have_count(1)
    assert requested and set(requested) <= named_in("index.html")


def test_a_first_visit_on_a_slow_link_gives_the_sites_snapshot_up_and_starts_afresh(
    page: Page, a_served_site: str
) -> None:
    on_a_slow_link(page)
    given_up: list[str] = []
    page.on("requestfailed", lambda r: given_up.append(r.url) if "/snapshot/" in r.url else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url) if r.method == "GET" else None)
    open_notebook(page, a_served_site, WELCOME)
    assert started_from(page) == "fresh"
    assert len(given_up) == 1
    assert run_and_read(page, "print(6*7)") == "42"
    # Starting afresh after giving the snapshot up downloads nothing twice.
    for name in ("/pyodide.asm.wasm", "/python_stdlib.zip", "/pyodide.asm.mjs"):
        assert len([url for url in requested if url.endswith(name)]) == 1, (name, requested)


def test_a_second_visit_starts_python_from_the_snapshot_the_first_one_saved(
    page: Page, a_served_site: str
) -> None:
    without_the_served_snapshot(page)
    open_notebook(page, a_served_site, WELCOME)
    assert started_from(page) == "fresh"
    assert len(saved_snapshot_sizes(page)) == 1
    page.reload()
    assert started_from(page) == "snapshot"
    assert status(page).get_attribute("title") == (
        "Python started from the copy this browser saved on an earlier visit"
    )
    # The kernel works, reads the course's files, and its random numbers are its own.
    code = (
        "import os, random\n"
        "print(6*7, os.path.exists('data/weather-bristol-april.csv'), random.random())"
    )
    first = run_and_read(page, code)
    assert first.startswith("42 True 0.")
    page.reload()
    assert started_from(page) == "snapshot"
    assert run_and_read(page, code) != first


def test_a_corrupt_snapshot_is_deleted_and_python_starts_afresh(
    page: Page, a_served_site: str
) -> None:
    without_the_served_snapshot(page)
    open_notebook(page, a_served_site, WELCOME)
    saved_snapshot_sizes(page)
    spoil_snapshot(page, "bytes.fill(7, 0, 64);")
    page.reload()
    assert started_from(page) == "fresh"
    assert run_and_read(page, "print(6*7)") == "42"
    # A new, good snapshot replaces the corrupt one.
    wait_for(
        page,
        f"""async () => {{
            const cache = await caches.open({CACHE!r});
            const [request] = await cache.keys();
            if (!request) return false;
            const bytes = new Uint8Array(await (await cache.match(request)).arrayBuffer());
            return bytes[0] !== 7;
        }}""",
    )
    page.reload()
    assert started_from(page) == "snapshot"


def test_a_snapshot_from_another_pyodide_build_is_refused(page: Page, a_served_site: str) -> None:
    without_the_served_snapshot(page)
    open_notebook(page, a_served_site, WELCOME)
    saved_snapshot_sizes(page)
    # Bytes 16 to 47 hold the Pyodide build id the snapshot was made with.
    spoil_snapshot(page, "bytes.fill(0xab, 16, 48);")
    page.reload()
    assert started_from(page) == "fresh"
    assert run_and_read(page, "print(6*7)") == "42"


def test_a_run_typed_while_python_downloads_runs_once_it_is_ready_and_progress_shows_bytes(
    page: Page, a_served_site: str
) -> None:
    on_a_slow_link(page)
    site = page.request.get(f"{a_served_site}site.json").json()
    sizes = site["pyodide"]["sizes"]
    expected_mb = (sum(sizes.values()) - sizes["package.json"] + site["runtime"]["size"]) / 1e6

    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "print(6*7)")
    page.keyboard.press("Shift+Enter")
    # The keystroke landed while Python was still on its way.
    expect(status(page)).to_have_attribute("data-status", "starting")

    bar = page.get_by_role("progressbar", name="Downloading Python")
    expect(bar).to_be_visible(timeout=30_000)
    expect(status(page)).to_have_text("Python: starting: loading Python")
    bytes_text = page.locator(".kernel-progress-bytes")
    expect(bytes_text).to_have_text(re.compile(r"^\d+\.\d of \d+\.\d MB$"))
    first = float(bar.get_attribute("value") or 0)
    total = float(bytes_text.inner_text().split(" of ")[1].split()[0])
    assert abs(total - expected_mb) < 0.6, (total, expected_mb)  # the course's files add a little
    page.wait_for_function(
        f"() => Number(document.querySelector('.kernel-progress progress')?.value) > {first}",
        timeout=60_000,
    )

    expect(output_of(cell)).to_have_text("42", timeout=PYTHON_READY_MS)
    expect(bar).to_be_hidden()
    expect(status(page)).to_have_text("Python: ready")


def test_python_starts_and_the_course_is_requested_before_the_apps_code_arrives(
    page: Page, a_served_site: str
) -> None:
    # The app's code and style, and Pyodide's loader, are held back: what the page
    # and the worker start by themselves goes ahead of them.
    held: list[Route] = []
    page.route(re.compile(r"/assets/app-[A-Z0-9]+\.(js|css)$"), lambda route: held.append(route))
    page.route(re.compile(r"/pyodide\.mjs$"), lambda route: held.append(route))
    requested: list[str] = []
    # GET only: the worker also checks with HEAD that Python's files exist.
    page.on("request", lambda r: requested.append(r.url) if r.method == "GET" else None)
    runtime = page.request.get(f"{a_served_site}site.json").json()["runtime"]["url"]

    page.goto(f"{a_served_site}notebook.html?path={WELCOME}", wait_until="commit")
    deadline = time.monotonic() + 30
    early = (
        "/site.json",
        "/contents.json",
        "/assets/worker-",
        "/pyodide.asm.wasm",
        "/python_stdlib.zip",
        runtime,
    )
    while not (len(held) == 3 and all(any(name in url for url in requested) for name in early)):
        assert time.monotonic() < deadline, f"requested while the app was held: {requested}"
        page.wait_for_timeout(100)
    # Python is under way before the page can ask for it.
    expect(status(page)).to_have_count(0)
    for route in held:
        route.continue_()

    assert run_and_read(page, "print(6*7)") == "42"
    assert started_from(page) == "served"
    # What the page started was used, not started again.
    assert [url for url in requested if url.endswith("/site.json")] == [f"{a_served_site}site.json"]
    for name in (
        "/pyodide.asm.wasm",
        "/python_stdlib.zip",
        "/pyodide-lock.json",
        "/pyodide.asm.mjs",
    ):
        assert len([url for url in requested if url.endswith(name)]) == 1, (name, requested)
    assert len([url for url in requested if url.endswith(runtime)]) == 1
    assert len([worker for worker in page.workers if "/assets/worker-" in worker.url]) == 1
