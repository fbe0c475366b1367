"""Bundled packages import and install offline; Pyodide's packages load from where the site says.

Every request that does not go to the site is blocked, so what works here
works on a machine with no network but the site's server.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from playwright.sync_api import Page, Route, expect

from conftest import ArdoiseCLI, make_distribution, offline_requirements

from .conftest import PYTHON_READY_MS, Server
from .test_notebook import code_cells, open_notebook, output_of, replace_code, wait_until_ready

NOTEBOOK = "packages.ipynb"


def a_course(folder: Path) -> Path:
    folder.mkdir(parents=True)
    notebook = new_notebook(cells=[new_code_cell("print('ready')")])
    (folder / NOTEBOOK).write_text(nbformat.writes(notebook), encoding="utf-8")
    return folder


def serve_build(folder: Path, *options: str) -> Server:
    site = folder / "site"
    cli = ArdoiseCLI()
    result = subprocess.run(
        cli.argv("build", str(folder / "course"), "-o", str(site), *options),
        env=cli.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return Server(site)


@pytest.fixture(scope="module")
def a_site_with_packages(
    a_wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("packages")
    offline_requirements(a_course(folder / "course"), a_wheelhouse, "tinypkg", "tinyextra")
    server = serve_build(folder)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def a_site_with_its_own_distribution(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("distribution")
    a_course(folder / "course")
    dist = make_distribution(folder / "dist")
    server = serve_build(folder, "--pyodide-dist", str(dist))
    yield server.url
    server.stop()


def offline(page: Page, site: str) -> list[str]:
    """Block every request that does not go to `site`; the list of those blocked."""
    blocked: list[str] = []

    def route(route: Route) -> None:
        if route.request.url.startswith(site):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", route)
    return blocked


def run(page: Page, code: str) -> str:
    """Run `code` in the first cell; the text of its output once the cell has run."""
    cell = code_cells(page).first
    replace_code(page, cell, code)
    page.keyboard.press("Control+Enter")
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[\d+\]"), timeout=PYTHON_READY_MS)
    return output_of(cell).inner_text()


def test_a_bundled_package_imports_offline_with_its_dependency(
    page: Page, a_site_with_packages: str
) -> None:
    blocked = offline(page, a_site_with_packages)
    open_notebook(page, a_site_with_packages, NOTEBOOK)
    wait_until_ready(page)
    output = run(page, "import tinypkg\nprint(tinypkg.hello())")
    assert output.strip() == "hello from tinypkg and tinydep"
    assert not any("/packages/" in url for url in blocked)


def test_pip_install_of_a_bundled_package_works_offline(
    page: Page, a_site_with_packages: str
) -> None:
    offline(page, a_site_with_packages)
    open_notebook(page, a_site_with_packages, NOTEBOOK)
    wait_until_ready(page)
    output = run(page, "%pip install tinyextra\nimport tinyextra\nprint(tinyextra.VALUE)")
    assert output.splitlines() == ["Successfully installed tinyextra", "extra value"]


def test_a_package_that_is_not_bundled_and_cannot_be_fetched_is_one_sentence(
    page: Page, a_site_with_packages: str
) -> None:
    blocked = offline(page, a_site_with_packages)
    open_notebook(page, a_site_with_packages, NOTEBOOK)
    wait_until_ready(page)
    output = run(page, "%pip install nosuchpkg-ardoise-test")
    assert re.search(
        r"UsageError: Could not install nosuchpkg-ardoise-test: PyPI could not be reached "
        r"\(.+\), and this course does not bundle it\.",
        output,
    ), output
    assert any(url.startswith("https://pypi.org/") for url in blocked)


def test_an_unreachable_distribution_is_named_with_the_package(
    page: Page, a_site_with_packages: str
) -> None:
    offline(page, a_site_with_packages)
    open_notebook(page, a_site_with_packages, NOTEBOOK)
    wait_until_ready(page)
    output = run(page, "import numpy")
    version = json.loads(page.request.get(f"{a_site_with_packages}site.json").text())["pyodide"]
    cdn = f"https://cdn.jsdelivr.net/pyodide/v{version['version']}/full/"
    assert f"Could not load the package numpy from {cdn}: " in output, output
    assert "ModuleNotFoundError: No module named 'numpy'" in output


def test_a_self_hosted_distribution_serves_its_packages(
    page: Page, a_site_with_its_own_distribution: str
) -> None:
    blocked = offline(page, a_site_with_its_own_distribution)
    open_notebook(page, a_site_with_its_own_distribution, NOTEBOOK)
    wait_until_ready(page)
    output = run(page, "import distpkg\nprint(distpkg.WHERE, distpkg.__file__)")
    assert output.startswith("the distribution /"), output
    assert blocked == []
    manifest = json.loads(page.request.get(f"{a_site_with_its_own_distribution}site.json").text())
    assert manifest["pyodide"]["packagesURL"] == "pyodide/"
