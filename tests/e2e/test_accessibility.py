"""Every state of the app passes axe-core: light, dark, and each with more contrast
(held to 7:1 there), as the system asks for them.

The states: the list of notebooks with its file panel, a name dialog, a CSV
viewer, a file's menu, a confirm dialog and the accessibility statement; a
notebook idle, with its menu, its shortcuts panel, its file panel and its table
of contents open, with outputs and an error, asking for input(), and with a
cell running.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Locator, Page, expect

from .axe import Audit
from .conftest import PYTHON_READY_MS
from .test_editing import command_mode_on_first_code_cell
from .test_files import act, enter, open_home, row
from .test_notebook import (
    WELCOME,
    code_cells,
    open_notebook,
    output_of,
    replace_code,
    wait_until_ready,
)


def test_the_list_of_notebooks_its_file_panel_and_a_confirm_dialog_pass_axe(
    page: Page, a_served_site: str
) -> None:
    audit = Audit(page)
    panel = open_home(page, a_served_site)
    audit.check_every_theme("the list of notebooks")
    panel.get_by_role("button", name="New notebook").click()
    naming = page.get_by_role("dialog", name="New notebook")
    expect(naming).to_be_visible()
    audit.check_every_theme("a dialog that asks for a name")
    page.keyboard.press("Escape")
    expect(naming).to_have_count(0)
    enter(panel, "en", "data")
    row(panel, "weather-bristol-april.csv").click()
    viewer = page.get_by_role("dialog", name="weather-bristol-april.csv")
    expect(viewer.get_by_role("table")).to_be_visible()
    audit.check_every_theme("a CSV file in its viewer")
    page.keyboard.press("Escape")
    expect(viewer).to_have_count(0)
    panel.get_by_role("button", name="en", exact=True).click()
    menu = panel.get_by_role("button", name="Actions for 01-welcome.ipynb", exact=True)
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    audit.check_every_theme("a file's actions menu")
    page.keyboard.press("Escape")
    act(panel, "01-welcome.ipynb", "Delete")
    dialog = page.get_by_role("dialog", name=re.compile("^Delete"))
    expect(dialog).to_be_visible()
    audit.check_every_theme("a confirm dialog (delete a file)")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("heading", level=2, name="Known limits")).to_be_visible()
    audit.check_every_theme("the accessibility statement")
    assert not audit.found, audit.report()


def test_the_accessibility_statement_is_in_french_for_a_french_browser(
    browser: Browser, a_served_site: str
) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(f"{a_served_site}accessibility.html")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Déclaration d\N{RIGHT SINGLE QUOTATION MARK}accessibilité"
        )
        expect(page.get_by_role("heading", level=2, name="Voies de recours")).to_be_visible()
        expect(page.get_by_role("contentinfo").get_by_role("link")).to_have_text("Accessibilité")
    finally:
        context.close()


def test_a_notebook_idle_with_its_menus_outputs_and_running_passes_axe(
    page: Page, a_served_site: str
) -> None:
    audit = Audit(page)
    open_notebook(page, a_served_site, WELCOME)
    wait_until_ready(page)
    audit.check_every_theme("a notebook, idle")

    more = page.get_by_role("toolbar").get_by_role("button", name="More actions")
    more.click()
    expect(more).to_have_attribute("aria-expanded", "true")
    audit.check_every_theme("the More actions menu")
    page.keyboard.press("Escape")

    command_mode_on_first_code_cell(page, "print('hello')")
    page.keyboard.press("h")
    shortcuts = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(shortcuts).to_be_visible()
    audit.check_every_theme("the keyboard shortcuts panel")
    page.keyboard.press("Escape")
    expect(shortcuts).to_have_count(0)

    toggle = page.get_by_role("button", name="Files", exact=True)
    toggle.click()
    expect(page.get_by_role("region", name="Files")).to_be_visible()
    audit.check_every_theme("the file panel beside the notebook")
    toggle.click()
    contents = page.get_by_role("button", name="Table of contents", exact=True)
    contents.click()
    expect(page.get_by_role("navigation", name="Table of contents")).to_be_visible()
    audit.check_every_theme("the table of contents")
    contents.click()

    first, second = code_cells(page).nth(0), code_cells(page).nth(1)
    first.focus()
    page.keyboard.press("Control+Enter")
    expect(output_of(first)).to_have_text("hello", timeout=PYTHON_READY_MS)
    replace_code(page, second, "1 / 0")
    page.keyboard.press("Control+Enter")
    expect(output_of(second)).to_contain_text("ZeroDivisionError", timeout=PYTHON_READY_MS)
    audit.check_every_theme("a notebook with an output and an error")

    replace_code(page, second, "name = input('Your name: ')")
    page.keyboard.press("Control+Enter")
    expect(second.get_by_role("textbox", name="Your name:")).to_be_focused(timeout=10_000)
    audit.check_every_theme("a cell asking for input()")
    page.keyboard.type("Ada")
    page.keyboard.press("Enter")
    expect(output_of(second)).to_contain_text("Your name: Ada")

    replace_code(page, second, "while True:\n    pass")
    page.keyboard.press("Control+Enter")
    expect(second).to_have_accessible_name(re.compile("running"))
    audit.check_every_theme("a notebook with a cell running")
    page.get_by_role("button", name="Stop").click()
    expect(output_of(second)).to_contain_text("KeyboardInterrupt", timeout=10_000)
    assert not audit.found, audit.report()


def test_the_theme_switch_overrides_the_system_and_is_remembered(
    page: Page, a_served_site: str
) -> None:
    page.emulate_media(color_scheme="light", contrast="no-preference")
    open_home(page, a_served_site)
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 255, 255)"
    theme = page.get_by_role("combobox", name="Theme")
    theme.select_option(label="High contrast, dark")
    expect(page.locator("html")).to_have_attribute("data-contrast", "more")
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    page.reload()
    expect(page.get_by_role("combobox", name="Theme")).to_have_value("contrast-dark")
    assert page.evaluate(background) == "rgb(0, 0, 0)"
    audit = Audit(page, also=("color-contrast-enhanced",))
    audit.check("the list in high contrast, dark, chosen with the switch")
    page.get_by_role("combobox", name="Theme").select_option(label="Dark")
    expect(page.locator("html")).not_to_have_attribute("data-contrast", "more")
    assert page.evaluate(background) == "rgb(15, 20, 25)"
    assert not audit.found, audit.report()


MORE_ACTIONS = "Plus d\N{RIGHT SINGLE QUOTATION MARK}actions"


def output_in_french(cell: Locator) -> Locator:
    return cell.get_by_role("region", name=re.compile(r"^Sortie de la cellule \d+"))


def test_the_list_and_a_notebook_pass_axe_in_french(browser: Browser, a_served_site: str) -> None:
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        audit = Audit(page)
        page.goto(a_served_site)
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("list", name=re.compile("^Contenu de"))).to_be_visible()
        audit.check_every_theme("la liste des notebooks")

        page.goto(f"{a_served_site}notebook.html?path={WELCOME}")
        cells = page.get_by_role("group", name=re.compile(r"^Cellule de code \d+ sur \d+"))
        expect(cells.first).to_be_visible(timeout=30_000)
        audit.check_every_theme("un notebook")
        more = page.get_by_role("toolbar").get_by_role("button", name=MORE_ACTIONS)
        more.click()
        expect(more).to_have_attribute("aria-expanded", "true")
        audit.check_every_theme("le menu Plus d'actions")
        page.keyboard.press("Escape")
        first, second = cells.nth(0), cells.nth(1)
        replace_code(page, first, "print('bonjour')")
        page.keyboard.press("Escape")
        page.keyboard.press("h")
        shortcuts = page.get_by_role("dialog", name="Raccourcis clavier")
        expect(shortcuts).to_be_visible()
        audit.check_every_theme("les raccourcis clavier")
        page.keyboard.press("Escape")
        toggle = page.get_by_role("button", name="Fichiers", exact=True)
        toggle.click()
        expect(page.get_by_role("region", name="Fichiers")).to_be_visible()
        audit.check_every_theme("le panneau des fichiers")
        toggle.click()

        first.focus()
        page.keyboard.press("Control+Enter")
        expect(output_in_french(first)).to_have_text("bonjour", timeout=PYTHON_READY_MS)
        replace_code(page, second, "1 / 0")
        page.keyboard.press("Control+Enter")
        error = output_in_french(second)
        expect(error).to_contain_text("ZeroDivisionError", timeout=PYTHON_READY_MS)
        audit.check_every_theme("un notebook avec une sortie et une erreur")
        assert not audit.found, audit.report()
    finally:
        context.close()
