"""Packages loaded from the package CDN once import again offline; another CDN's are dropped.

The "CDN" is a second HTTP server on another port (another origin), serving one
pure-Python wheel that the build's lock file lists; it allows CORS, as
Pyodide's CDN does, and forbids HTTP caching, so only the service worker can
keep what it serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

import ardoise
from conftest import make_wheel

from .conftest import Server
from .test_notebook import open_notebook, wait_until_ready
from .test_offline import NOTICE, SLOW_MS, until, wait_until_kept_offline
from .test_packages import NOTEBOOK, a_course, run

PACKAGE = "cdnpkg"
IMPORT = f"import {PACKAGE}\nprint({PACKAGE}.WHERE)"
EXPECTED = "the package CDN"


class PackageHost:
    """A static server on its own port, with CORS and no HTTP caching; the paths asked for."""

    def __init__(self, folder: Path) -> None:
        self.requested: list[str] = []
        requested = self.requested

        class Handler(SimpleHTTPRequestHandler):
            def end_headers(self) -> None:
                self.send_header("Access-Control-Allow-Origin", "*")
                # As Pyodide's CDN: a no-CORS request gets an opaque answer, not an error.
                self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def do_GET(self) -> None:
                requested.append(self.path)
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(folder)))
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def cdn_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cdn")
    return make_wheel(folder, PACKAGE, "1.0", {f"{PACKAGE}.py": f"WHERE = {EXPECTED!r}\n"})


@pytest.fixture(scope="module")
def ardoise_listing_the_wheel(cdn_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of Ardoise whose pinned Pyodide lock file lists the wheel, as the real one lists
    numpy: the folder to put on PYTHONPATH."""
    workspace = tmp_path_factory.mktemp("ardoise")
    source = Path(ardoise.__file__).parent
    package = workspace / "ardoise"
    shutil.copytree(source, package, ignore=shutil.ignore_patterns("_static", "__pycache__"))
    static = package / "_static"
    static.mkdir()
    for entry in (source / "_static").iterdir():
        if entry.name != "pyodide":
            (static / entry.name).symlink_to(entry)
    (static / "pyodide").mkdir()
    for entry in (source / "_static" / "pyodide").iterdir():
        if not entry.name.startswith("pyodide-lock.json"):
            (static / "pyodide" / entry.name).symlink_to(entry)
    lock = json.loads((source / "_static" / "pyodide" / "pyodide-lock.json").read_text())
    lock["packages"][PACKAGE] = {
        "name": PACKAGE,
        "version": "1.0",
        "file_name": cdn_wheel.name,
        "install_dir": "site",
        "package_type": "package",
        "sha256": hashlib.sha256(cdn_wheel.read_bytes()).hexdigest(),
        "imports": [PACKAGE],
        "depends": [],
    }
    (static / "pyodide" / "pyodide-lock.json").write_text(json.dumps(lock))
    return workspace


@pytest.fixture
def a_package_host(cdn_wheel: Path) -> Iterator[PackageHost]:
    host = PackageHost(cdn_wheel.parent)
    yield host
    host.stop()


def build(workspace: Path, content: Path, site: Path, packages: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(workspace)}
    command = [sys.executable, "-m", "ardoise", "build", str(content), "-o", str(site)]
    result = subprocess.run(
        [*command, "--pyodide-dist", packages],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=workspace,
    )
    assert result.returncode == 0, result.stderr


def open_under_the_worker(page: Page, site: str) -> None:
    """Visit once (the worker keeps the site), then open the notebook under the worker."""
    page.goto(site)
    wait_until_kept_offline(page)
    open_notebook(page, site, NOTEBOOK)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=SLOW_MS)
    wait_until_ready(page)


PACKAGE_CACHES = "caches.keys().then(names => names.filter(name => name.includes(' packages ')))"


def package_caches(page: Page) -> list[str]:
    names: list[str] = page.evaluate(PACKAGE_CACHES)
    return names


def wait_until_kept(page: Page, url: str) -> None:
    until(page, f"caches.match({json.dumps(url)}).then(r => r !== undefined)", True)


def test_a_package_loaded_from_the_cdn_once_imports_again_offline(
    page: Page,
    context: BrowserContext,
    tmp_path: Path,
    ardoise_listing_the_wheel: Path,
    a_package_host: PackageHost,
    cdn_wheel: Path,
) -> None:
    site = tmp_path / "site"
    build(ardoise_listing_the_wheel, a_course(tmp_path / "course"), site, a_package_host.url)
    server = Server(site)
    try:
        open_under_the_worker(page, server.url)
        # What cannot be checked or is no file is not kept: an opaque answer, a 404.
        (cdn_wheel.parent / "notes.txt").write_text("not a package")
        opaque, missing = f"{a_package_host.url}notes.txt", f"{a_package_host.url}missing.whl"
        page.evaluate(
            "([opaque, missing]) => Promise.all([fetch(opaque, {mode: 'no-cors'}), fetch(missing)]"
            ".map(answer => answer.catch(() => null)))",
            [opaque, missing],
        )
        assert {"/notes.txt", "/missing.whl"} <= set(a_package_host.requested)
        assert run(page, IMPORT).strip() == EXPECTED
        assert f"/{cdn_wheel.name}" in a_package_host.requested
        wait_until_kept(page, f"{a_package_host.url}{cdn_wheel.name}")
        assert package_caches(page) == [f"ardoise {server.url} packages {a_package_host.url}"]
        kept = f"caches.open({json.dumps(package_caches(page)[0])}).then(c => c.keys())"
        assert page.evaluate(f"{kept}.then(keys => keys.map(r => r.url))") == [
            f"{a_package_host.url}{cdn_wheel.name}"
        ]
    finally:
        server.stop()
        a_package_host.stop()
    context.set_offline(True)

    page.reload()
    wait_until_ready(page)
    assert run(page, IMPORT).strip() == EXPECTED


def test_a_build_with_another_package_url_drops_the_old_urls_cache_when_it_activates(
    page: Page,
    tmp_path: Path,
    ardoise_listing_the_wheel: Path,
    cdn_wheel: Path,
) -> None:
    first, second = PackageHost(cdn_wheel.parent), PackageHost(cdn_wheel.parent)
    content = a_course(tmp_path / "course")
    site = tmp_path / "site"
    build(ardoise_listing_the_wheel, content, site, first.url)
    server = Server(site)
    try:
        open_under_the_worker(page, server.url)
        assert run(page, IMPORT).strip() == EXPECTED
        wait_until_kept(page, f"{first.url}{cdn_wheel.name}")

        # A new build (say, a new Pyodide) loads its packages from another URL.
        build(ardoise_listing_the_wheel, content, site, second.url)
        page.reload()
        expect(page.get_by_role("status").filter(has_text=NOTICE)).to_be_visible(timeout=SLOW_MS)
        page.get_by_role("button", name="Reload").click()
        until(
            page,
            "fetch('site.json').then(r => r.json()).then(m => m.pyodide.packagesURL)",
            second.url,
        )
        # The new build's worker is active: the first URL's cache is gone.
        until(page, PACKAGE_CACHES, [])
        page.reload()  # settled on the new build
        wait_until_ready(page)
        assert run(page, IMPORT).strip() == EXPECTED
        assert f"/{cdn_wheel.name}" in second.requested
        wait_until_kept(page, f"{second.url}{cdn_wheel.name}")
        assert package_caches(page) == [f"ardoise {server.url} packages {second.url}"]
    finally:
        server.stop()
        first.stop()
        second.stop()
