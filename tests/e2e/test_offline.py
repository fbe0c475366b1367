"""Offline after one visit, new builds without mixing, and isolation on hosts without headers."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, expect
from playwright.sync_api import Error as PlaywrightError

import ardoise

from .axe import in_every_theme
from .conftest import DEMO, PYTHON_READY_MS, Server, run_ardoise
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code

LOOPS = "en/02-loops-and-functions.ipynb"
NOTICE = re.compile(r"A new version of this course is available")
# Downloads, installs and reloads are slow on a busy test machine; only failures wait this long.
SLOW_MS = 90_000


# The page evaluates `until`'s expression again and again, inside one bounded
# wait that polls across reloads; an evaluation that does not settle within
# RETRY_MS (a fetch held by a worker being replaced) is left for a new one.
POLL_UNTIL = """([token, expression, arg, expected, retryMs]) => {
  const runs = (window.__ardoiseUntil ??= {});
  const run = (runs[token] ??= { started: 0, settled: true, outcome: null });
  const wanted = JSON.stringify({ result: expected });
  if (run.settled && JSON.stringify(run.outcome) === wanted) return true;
  if (!run.settled && performance.now() - run.started < retryMs) return false;
  const current = { started: performance.now(), settled: false, outcome: run.outcome };
  runs[token] = current;
  const settle = (outcome) => Object.assign(current, { settled: true, outcome });
  try {
    const value = (0, eval)(expression);
    Promise.resolve(typeof value === "function" ? value(arg) : value).then(
      (result) => settle({ result }),
      (error) => settle({ error: String(error) }),
    );
  } catch (error) {
    settle({ error: String(error) });
  }
  return false;
}"""
RETRY_MS = 10_000


def until(page: Page, expression: str, expected: object, arg: object = None) -> None:
    """Until `expression` gives `expected`, through the reloads a switch of build makes.
    Unlike `wait_for_function`, this waits for an expression's promise to settle."""
    token = uuid.uuid4().hex
    try:
        page.wait_for_function(
            POLL_UNTIL,
            arg=[token, expression, arg, expected, RETRY_MS],
            polling=250,
            timeout=SLOW_MS,
        )
    except PlaywrightError as error:
        last = "unknown (the page did not answer)"
        with contextlib.suppress(PlaywrightError):  # bounded too: the page may be stuck
            last = page.wait_for_function(
                "token => JSON.stringify(window.__ardoiseUntil?.[token] ?? null)",
                arg=token,
                timeout=5000,
            ).json_value()
        raise AssertionError(
            f"{expression} never gave {expected!r}: {str(error).splitlines()[0]}; page {page.url}, "
            f"workers {[worker.url for worker in page.context.service_workers]}, last run {last}"
        ) from None


def wait_until_kept_offline(page: Page) -> None:
    """Until the service worker has kept the site and is active."""
    until(
        page,
        "navigator.serviceWorker.getRegistration().then(r => r?.active?.state ?? null)",
        "activated",
    )


def wait_until_ready(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text="Python:")).to_have_text(
        "Python: ready", timeout=PYTHON_READY_MS
    )


def run(page: Page, cell_index: int, code: str) -> None:
    cell = code_cells(page).nth(cell_index)
    replace_code(page, cell, code)
    cell.get_by_role("button", name="Run cell").click()


def page_with_errors_checked(context: BrowserContext) -> tuple[Page, list[str]]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


# --- offline ---


def test_after_one_visit_the_list_and_a_notebook_open_and_run_python_with_the_network_off(
    page: Page, context: BrowserContext, a_built_site: Path
) -> None:
    server = Server(a_built_site)
    try:
        page.goto(server.url)
        expect(page.get_by_role("heading", level=1)).to_have_text("Notebooks", timeout=SLOW_MS)
        wait_until_kept_offline(page)
    finally:
        server.stop()
    context.set_offline(True)

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notebooks", timeout=SLOW_MS)
    # A notebook that was never opened online.
    page.get_by_role("link", name=re.compile(r"01-welcome\.ipynb")).click()
    wait_until_ready(page)
    run(page, 0, "print(6*7)")
    expect(output_of(code_cells(page).first)).to_have_text("42", timeout=PYTHON_READY_MS)
    # The turtle, downloaded on its first import, was kept too.
    run(page, 0, "import turtle\nturtle.forward(50)")
    drawing = output_of(code_cells(page).first).get_by_role("img", name=re.compile("Turtle"))
    expect(drawing).to_be_visible(timeout=PYTHON_READY_MS)


def test_a_first_visit_keeps_the_site_only_once_python_has_started(
    page: Page, a_served_site: str
) -> None:
    """The worker's downloads (the whole site, Python's runtime too) would compete
    with the kernel's own on a first visit: it registers once Python is ready."""
    registered_before_ready = """async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        const status = [...document.querySelectorAll('[role=status]')]
            .map((element) => element.textContent).find((text) => text.includes('Python:'));
        return registration !== undefined && status !== 'Python: ready';
    }"""
    page.goto(f"{a_served_site}notebook.html?path={WELCOME}")
    deadline = time.monotonic() + PYTHON_READY_MS / 1000
    while page.get_by_role("status").filter(has_text="Python:").text_content() != "Python: ready":
        assert page.evaluate(registered_before_ready) is False
        assert time.monotonic() < deadline, "Python never became ready"
        page.wait_for_timeout(100)
    wait_until_kept_offline(page)


# When the page registers its service worker, in ms since 1970.
REGISTRATION_TIME = """
const register = ServiceWorkerContainer.prototype.register;
ServiceWorkerContainer.prototype.register = function (...args) {
  window.registeredAt ??= Date.now();
  return register.apply(this, args);
};
"""


def test_a_first_visit_keeps_the_site_only_once_its_first_cells_have_run(
    page: Page, a_served_site: str
) -> None:
    """Nor while the first cells run: the worker waits until Python has been idle a moment."""
    page.add_init_script(REGISTRATION_TIME)
    page.goto(f"{a_served_site}notebook.html?path={WELCOME}")
    # Run at once, before Python is ready: the cell keeps Python busy for three seconds.
    busy = "import time\nend = time.time() + 3\nwhile time.time() < end:\n    pass\nprint('done')"
    run(page, 0, busy)
    ended = page.wait_for_function(
        """() => {
            const output = document.querySelector('.cell-code .cell-outputs');
            return output?.textContent.trim() === 'done' ? Date.now() : false;
        }""",
        timeout=PYTHON_READY_MS,
    )
    ended_at = float(ended.json_value())
    wait_until_kept_offline(page)
    assert page.evaluate("window.registeredAt") > ended_at


def test_a_changed_notebook_reaches_the_offline_copy_without_a_new_version_of_the_app(
    page: Page, context: BrowserContext, tmp_path: Path
) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEMO, content)
    site = tmp_path / "site"
    assert run_ardoise("build", str(content), "-o", str(site)).returncode == 0
    server = Server(site)
    try:
        page.goto(server.url)
        wait_until_kept_offline(page)
        # The teacher corrects a notebook that this student has not opened yet.
        notebook = content / LOOPS
        data = json.loads(notebook.read_text("utf-8"))
        data["cells"][0]["source"] = "# Loops and functions, corrected\n"
        notebook.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        assert run_ardoise("build", str(content), "-o", str(site)).returncode == 0
        page.reload()
        until(
            page,
            """path => caches.match(path).then(r => r ? r.text() : "")
                .then(text => text.includes("corrected"))""",
            True,
            arg=f"contents/{LOOPS}",
        )
        expect(page.get_by_role("status").filter(has_text=NOTICE)).to_have_count(0)
    finally:
        server.stop()
    context.set_offline(True)
    page.goto(f"{server.url}notebook.html?path={LOOPS}")
    expect(
        page.get_by_role("heading", name="Loops and functions, corrected", exact=True)
    ).to_be_visible(timeout=SLOW_MS)


# --- new builds ---


def build_titled(site: Path, title: str) -> None:
    result = run_ardoise("build", str(DEMO), "-o", str(site), "--title", title)
    assert result.returncode == 0, result.stderr


def build_with_a_changed_runtime(content: Path, site: Path, title: str, workspace: Path) -> None:
    """Build from a copy of Ardoise whose Python runtime has one more module: every app file that
    depends on the runtime (its zip, site.json) changes, as it would with a new Ardoise release."""
    source = Path(ardoise.__file__).parent
    package = workspace / "ardoise"
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("_static", "__pycache__"))
    (package / "_static").symlink_to(source / "_static")
    (package / "runtime" / "_changed.py").write_text('"""A change to the runtime."""\n', "utf-8")
    env = {**os.environ, "PYTHONPATH": str(workspace)}
    command = [sys.executable, "-m", "ardoise", "build", str(content), "-o", str(site)]
    command += ["--title", title]
    result = subprocess.run(
        command, capture_output=True, text=True, check=False, env=env, cwd=workspace
    )
    assert result.returncode == 0, result.stderr


def app_files(site: Path) -> set[str]:
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and not path.relative_to(site).as_posix().startswith("contents")
    }


class Loads:
    """The site's files a page loads, by path relative to the site, and how each was served."""

    def __init__(self, page: Page, base: str) -> None:
        self.base = urlsplit(base).path
        self.responses: list[Response] = []
        page.on("response", lambda response: self.responses.append(response))
        # Only the page on screen counts: a page being left may still load its own
        # build's files (its Python snapshot, say) until the next one replaces it.
        page.on("framenavigated", lambda frame: self.clear() if frame == page.main_frame else None)

    def clear(self) -> None:
        self.responses.clear()

    def app_paths(self) -> set[str]:
        """Every file loaded but the course's."""
        found = set()
        for response in self.responses:
            path = urlsplit(response.url).path
            if response.url.startswith("http") and path.startswith(self.base):
                found.add(path[len(self.base) :] or "index.html")
        return {path for path in found if not path.startswith("contents")}

    def body_of(self, path: str) -> bytes:
        for response in reversed(self.responses):
            if urlsplit(response.url).path == self.base + path:
                return response.body()
        raise AssertionError(f"{path} was not loaded")


def test_a_new_build_is_offered_then_used_and_a_page_never_mixes_two_builds(
    browser: Browser, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_titled(site, "Build one")
    first = tmp_path / "build-one"
    shutil.copytree(site, first)
    server = Server(site)
    context = browser.new_context(locale="en-US")
    try:
        page, errors = page_with_errors_checked(context)
        loads = Loads(page, server.url)
        page.goto(server.url)
        wait_until_kept_offline(page)
        open_notebook(page, server.url, WELCOME)
        wait_until_ready(page)

        build_with_a_changed_runtime(DEMO, site, "Build two", tmp_path / "workspace")
        second = app_files(site)
        assert second != app_files(first)
        loads.clear()
        page.reload()
        # The page is the first build's, through and through, though the host has moved on.
        expect(page.locator("#site-title")).to_have_text("Build one", timeout=SLOW_MS)
        wait_until_ready(page)
        expect(page.get_by_role("status").filter(has_text=NOTICE)).to_be_visible(timeout=SLOW_MS)
        loaded = loads.app_paths()
        assert loaded <= app_files(first), loaded - app_files(first)
        assert any(path.startswith("runtime/") for path in loaded)
        assert not loaded & (second - app_files(first))
        assert loads.body_of("site.json") == (first / "site.json").read_bytes()
        run(page, 0, "print(6*7)")
        expect(output_of(code_cells(page).first)).to_have_text("42", timeout=PYTHON_READY_MS)
        assert in_every_theme(page) == []  # the notice offering the new build

        loads.clear()
        page.get_by_role("button", name="Reload").click()
        expect(page.locator("#site-title")).to_have_text("Build two", timeout=SLOW_MS)
        wait_until_ready(page)
        loaded = loads.app_paths()
        assert loaded <= second, loaded - second
        assert loaded & (second - app_files(first))
        expect(page.get_by_role("status").filter(has_text=NOTICE)).to_have_count(0)

        # A third build: the next page opened, the only one on the old build, switches at once.
        build_titled(site, "Build three")
        page.reload()
        # The reloaded page offers the build it finds as it loads; if the browser had it
        # installed before the page looked, the page, alone on the old build, switches at once.
        offered = page.get_by_role("status").filter(has_text=NOTICE)
        switched = page.locator("#site-title").filter(has_text="Build three")
        expect(offered.or_(switched)).to_be_visible(timeout=SLOW_MS)
        page.get_by_role("link", name="All notebooks").click()
        expect(page.locator("#site-title")).to_have_text("Build three", timeout=SLOW_MS)
        expect(page.get_by_role("link", name=re.compile(r"01-welcome\.ipynb"))).to_be_visible()
        assert not errors, errors
    finally:
        context.close()
        server.stop()


def test_a_tab_left_open_hears_of_a_new_build_within_the_hour(
    browser: Browser, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_titled(site, "Build one")
    server = Server(site)
    context = browser.new_context(locale="en-US")
    try:
        page, errors = page_with_errors_checked(context)
        page.clock.install()  # time flows as usual until the test moves it on
        page.goto(server.url)
        wait_until_kept_offline(page)
        open_notebook(page, server.url, WELCOME)
        wait_until_ready(page)
        # The browser checks for a new build a moment after each navigation: let that check pass.
        page.wait_for_timeout(3000)
        build_titled(site, "Build two")
        # No reload and no navigation: only the tab's own hourly check can find the new build.
        page.wait_for_timeout(2000)
        expect(page.get_by_role("status").filter(has_text=NOTICE)).to_have_count(0)
        page.clock.fast_forward("01:00:01")
        expect(page.get_by_role("status").filter(has_text=NOTICE)).to_be_visible(timeout=SLOW_MS)
        page.get_by_role("button", name="Reload").click()
        expect(page.locator("#site-title")).to_have_text("Build two", timeout=SLOW_MS)
        assert not errors, errors
    finally:
        context.close()
        server.stop()


# --- cross-origin isolation on a host that sends no headers ---


class PlainServer:
    """Python's own static file server: no isolation headers, as on most static hosts."""

    def __init__(self, site: Path) -> None:
        command = [sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"]
        self.process = subprocess.Popen(
            [*command, "--directory", str(site)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"port (\d+)", line)
        if not match:
            self.stop()
            raise AssertionError(f"http.server did not start: {line!r}")
        self.url = f"http://127.0.0.1:{match.group(1)}/"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture
def a_site_on_a_host_without_headers(a_built_site: Path) -> Iterator[str]:
    server = PlainServer(a_built_site)
    with urllib.request.urlopen(server.url) as response:
        headers = {name.lower() for name in response.headers}
    assert "cross-origin-opener-policy" not in headers
    assert "cross-origin-embedder-policy" not in headers
    yield server.url
    server.stop()


def test_on_a_host_without_headers_the_service_worker_isolates_the_page_and_stop_keeps_variables(
    page: Page, a_site_on_a_host_without_headers: str
) -> None:
    loads: list[str] = []
    page.on("framenavigated", lambda frame: frame.parent_frame or loads.append(frame.url))
    open_notebook(page, a_site_on_a_host_without_headers, WELCOME)
    page.wait_for_function("crossOriginIsolated", timeout=SLOW_MS)
    wait_until_ready(page)
    assert len(loads) == 2  # the first load, then one reload under the service worker
    run(page, 0, "kept = 42\nwhile True:\n    pass")
    cell = code_cells(page).first
    expect(cell).to_have_accessible_name(re.compile(r"running"))
    page.get_by_role("button", name="Stop").click()
    expect(output_of(cell)).to_contain_text("KeyboardInterrupt", timeout=10_000)
    run(page, 1, "print(kept)")
    expect(output_of(code_cells(page).nth(1))).to_have_text("42", timeout=PYTHON_READY_MS)
    assert len(loads) == 2


def test_where_isolation_is_impossible_stop_restarts_python_and_says_variables_were_lost(
    browser: Browser, a_site_on_a_host_without_headers: str
) -> None:
    context = browser.new_context(locale="en-US", service_workers="block")
    try:
        page, errors = page_with_errors_checked(context)
        open_notebook(page, a_site_on_a_host_without_headers, WELCOME)
        wait_until_ready(page)
        assert page.evaluate("crossOriginIsolated") is False
        run(page, 0, "kept = 42\nwhile True:\n    pass")
        expect(code_cells(page).first).to_have_accessible_name(re.compile(r"running"))
        page.get_by_role("button", name="Stop").click()
        # Said once the new Python has started.
        expect(page.get_by_role("status").filter(has_text="variables were lost")).to_have_text(
            re.compile(r"Python was restarted to stop the cell"), timeout=PYTHON_READY_MS
        )
        wait_until_ready(page)
        run(page, 1, "print(kept)")
        expect(output_of(code_cells(page).nth(1))).to_contain_text(
            "NameError", timeout=PYTHON_READY_MS
        )
        assert not errors, errors
    finally:
        context.close()
