"""What a visitor sees when Python cannot start, and the app in French."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PYTHON_READY_MS, Server
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code


@pytest.fixture(scope="module")
def a_site_whose_runtime_is_missing(
    a_built_site: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    site = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(a_built_site, site)
    (wasm,) = site.glob("pyodide/pyodide.asm.wasm")
    wasm.unlink()
    server = Server(site)
    yield server.url
    server.stop()


def test_a_kernel_that_cannot_start_is_reported_dead_and_cells_say_they_did_not_run(
    page: Page, a_site_whose_runtime_is_missing: str
) -> None:
    open_notebook(page, a_site_whose_runtime_is_missing, WELCOME)
    status = page.get_by_role("status").filter(has_text="Python:")
    expect(status).to_have_text(re.compile(r"^Python: stopped"), timeout=PYTHON_READY_MS)
    cell = code_cells(page).first
    replace_code(page, cell, "print(6*7)")
    cell.get_by_role("button", name="Run cell").click()
    expect(output_of(cell)).to_have_text("This cell did not run: Python is not available.")
    # The notebook itself stays readable and editable.
    expect(cell.get_by_role("textbox")).to_have_text("print(6*7)")


@pytest.fixture
def a_french_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def test_a_french_browser_gets_the_app_in_french(a_french_page: Page, a_served_site: str) -> None:
    page = a_french_page
    page.goto(a_served_site)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Carnets")
    page.get_by_role("link", name=re.compile(r"01-bienvenue\.ipynb")).click()
    expect(page.get_by_role("button", name="Exécuter", exact=True)).to_be_visible()
    cell = page.get_by_role("group", name=re.compile(r"^Cellule de code \d+ sur \d+")).first
    expect(cell).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Python")).to_have_text(
        "Python : prêt", timeout=PYTHON_READY_MS
    )
    cell.get_by_role("button", name="Exécuter la cellule").click()
    expect(cell).to_have_accessible_name(re.compile(r"exécutée en \[1\]"))
    # What the runtime itself says is in French too; Python's own errors are not translated.
    replace_code(page, cell, "!ls")
    page.keyboard.press("Control+Enter")
    output = cell.get_by_role("region", name=re.compile(r"^Sortie de la cellule \d+"))
    expect(output).to_contain_text(
        "Les commandes du shell (!ls) ne sont pas disponibles dans le navigateur"
    )


def test_the_language_switch_is_remembered(page: Page, a_served_site: str) -> None:
    page.goto(a_served_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Notebooks")
    page.get_by_role("combobox", name="Language").select_option("fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Carnets")
    page.goto(a_served_site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Carnets")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
