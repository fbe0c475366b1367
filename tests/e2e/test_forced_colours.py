"""In forced colours (Windows High Contrast, and the like) every state still shows.

The browser then replaces the page's colours with the user's few system
colours: backgrounds lose their meaning and shadows are dropped, so a state
shown by a background alone (the current cell, selected cells, an error)
disappears. Chromium emulates the mode (`forced_colors="active"`) and its
computed styles give the forced values, which these tests compare: a state
must differ from its neighbour in a border or an outline, which survive.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS
from .test_editing import command_mode_on_first_code_cell
from .test_keyboard_only import tab_to
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code

# What survives forced colours: each border and the outline, with their forced colours.
MARKS = """(element) => {
    const style = getComputedStyle(element);
    const drawn = (kind, width, color) => kind === "none" || kind === "hidden"
        || parseFloat(width) === 0 ? "" : `${kind} ${width} ${color}`;
    const sides = ["Top", "Right", "Bottom", "Left"].map((side) => drawn(
        style[`border${side}Style`], style[`border${side}Width`], style[`border${side}Color`]));
    return [...sides, drawn(style.outlineStyle, style.outlineWidth, style.outlineColor)];
}"""

BACKGROUND = "() => getComputedStyle(document.body).backgroundColor"


def marks(element: Locator) -> list[str]:
    return list(element.evaluate(MARKS))


def assert_told_apart(page: Page, state: Locator, other: Locator, what: str) -> None:
    """`state` differs from `other` by a border or outline that is not the page's background."""
    shown, plain = marks(state), marks(other)
    background = page.evaluate(BACKGROUND)
    visible = [
        mark for mark, usual in zip(shown, plain, strict=True)
        if mark != usual and mark and not mark.endswith(background)
    ]  # fmt: skip
    assert visible, f"{what}: nothing but colour sets it apart ({shown} against {plain})"


def assert_edged(page: Page, element: Locator, what: str) -> None:
    """`element` has a border drawn in a colour that is not the page's background."""
    background = page.evaluate(BACKGROUND)
    drawn = [mark for mark in marks(element)[:4] if mark and not mark.endswith(background)]
    assert drawn, f"{what} has no edge in forced colours: {marks(element)}"


def blur(page: Page) -> None:
    page.evaluate("document.activeElement?.blur()")


def in_forced_colours(page: Page) -> None:
    page.emulate_media(forced_colors="active")
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")


def test_the_current_selected_running_and_failed_cells_show_in_forced_colours(
    page: Page, a_served_site: str
) -> None:
    in_forced_colours(page)
    open_notebook(page, a_served_site, WELCOME)
    first, second = code_cells(page).nth(0), code_cells(page).nth(1)
    # Text selected in an editor: CodeMirror paints the selection itself, as a background.
    replace_code(page, first, "print('hello')")
    page.keyboard.press("Control+A")
    selection = first.locator(".cm-selectionBackground").first
    expect(selection).to_be_attached()
    shade = selection.evaluate("e => getComputedStyle(e).backgroundColor")
    assert shade not in (page.evaluate(BACKGROUND), "rgba(0, 0, 0, 0)"), shade
    command_mode_on_first_code_cell(page, "print('hello')")
    # The focus ring is set apart already; without the focus, the current cell must still show.
    blur(page)
    expect(first).to_have_class(re.compile(r"\bactive\b"))
    assert_told_apart(page, first, second, "the current cell")
    first.focus()

    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator(".cell.selected")).to_have_count(2)
    selected = page.locator(".cell.selected:not(.active)")
    blur(page)
    assert_told_apart(page, selected, code_cells(page).nth(2), "a selected cell")

    first.focus()
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")
    expect(output_of(first)).to_have_text("hello", timeout=PYTHON_READY_MS)
    replace_code(page, second, "1 / 0")
    page.keyboard.press("Control+Enter")
    expect(output_of(second)).to_contain_text("ZeroDivisionError", timeout=PYTHON_READY_MS)
    error = output_of(second).locator(".output-error")
    assert_told_apart(page, error, output_of(first).locator(".output").first, "an error")

    idle = marks(second)
    replace_code(page, second, "while True:\n    pass")
    page.keyboard.press("Control+Enter")
    expect(second).to_have_accessible_name(re.compile("running"))
    running = marks(second)
    assert running != idle, f"a running cell looks idle: {running}"


def test_focus_buttons_and_the_current_heading_show_in_forced_colours(
    page: Page, a_served_site: str
) -> None:
    in_forced_colours(page)
    open_notebook(page, a_served_site, WELCOME)
    # Every Tab stop from the top of the page through the toolbar shows a ring of 2 px or more.
    page.locator(".skip-link").focus()
    tab_to(page, page.get_by_role("toolbar").get_by_role("button", name="More actions"))
    for button in page.locator("button:visible").all():
        underlined = "underline" in button.evaluate("b => getComputedStyle(b).textDecorationLine")
        if not underlined:  # a button shown as a link is underlined instead
            name = button.get_attribute("aria-label") or button.inner_text()
            assert_edged(page, button, f"the button {name!r}")

    contents = page.get_by_role("button", name="Table of contents", exact=True)
    contents.click()
    links = page.get_by_role("navigation", name="Table of contents").get_by_role("link")
    current = links.filter(has_text="Variables")
    current.click()
    expect(current).to_have_attribute("aria-current", "location")
    blur(page)
    assert_told_apart(page, current, links.first, "the current heading in the table of contents")
