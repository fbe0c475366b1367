"""Fixtures that build the demo course, serve it and drive it in a real Chromium.

Chromium is Debian's (`apt-get install chromium`); set ARDOISE_CHROMIUM to use
another binary. Playwright never downloads a browser here.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "content"
CHROMIUM = os.environ.get("ARDOISE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Pyodide downloads and starts in a few seconds here; a slow CI machine gets more.
PYTHON_READY_MS = 120_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


def run_ardoise(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ardoise", *args], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="session")
def a_built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("demo") / "site"
    result = run_ardoise("build", str(DEMO), "-o", str(site))
    assert result.returncode == 0, result.stderr
    return site


class Server:
    """`ardoise serve` started as a user would, stopped with Ctrl+C (SIGINT)."""

    def __init__(self, site: Path, *options: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ardoise", "serve", str(site), "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if not match:
            self.stop()
            raise AssertionError(f"ardoise serve did not start: {line!r}")
        self.url = match.group(0)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


@pytest.fixture(scope="session")
def a_served_site(a_built_site: Path) -> Iterator[str]:
    server = Server(a_built_site)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium, or set ARDOISE_CHROMIUM"
        )
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh profile: empty cache and storage, as a first-time visitor."""
    context = browser.new_context(locale="en-US", accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"uncaught errors in the page: {errors}"
