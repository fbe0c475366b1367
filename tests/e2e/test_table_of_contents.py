"""The table of contents: the Markdown headings, nested, live, and reached by keyboard."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .test_notebook import WELCOME, open_notebook


def toc_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Table of contents", exact=True)


def toc(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Table of contents")


def open_toc_by_keyboard(page: Page) -> None:
    toc_button(page).focus()
    page.keyboard.press("Enter")
    expect(toc(page)).to_be_visible()
    expect(toc_button(page)).to_have_attribute("aria-expanded", "true")


def test_the_headings_are_listed_nested_and_enter_on_one_goes_to_its_cell(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    expect(toc(page)).to_be_hidden()
    expect(toc_button(page)).to_have_attribute("aria-expanded", "false")
    open_toc_by_keyboard(page)

    # The one level-1 heading holds the level-2 ones, which hold the level-3 one.
    top = toc(page).get_by_role("list").first
    expect(top.locator(":scope > li")).to_have_count(1)
    expect(top.locator(":scope > li > a")).to_have_text("Welcome: Python in your browser")
    sections = top.locator(":scope > li > ol > li > a")
    expect(sections).to_have_text(
        [
            "Running a cell",
            "Showing things with print",
            "Variables",
            "Your turn",
            "When something goes wrong",
            "Your work is kept",
            "What next?",
        ]
    )
    nested = toc(page).get_by_role("listitem").filter(has_text="When something goes wrong")
    expect(nested.get_by_role("link", name="How to read an error message")).to_be_visible()

    # The focus is in the list; arrow keys move along it, with a visible focus ring.
    first = toc(page).get_by_role("link", name="Welcome: Python in your browser")
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    target = toc(page).get_by_role("link", name="Variables")
    expect(target).to_be_focused()
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    page.keyboard.press("Enter")

    # Its cell is selected and focused (command mode), its heading on screen.
    heading = page.get_by_role("heading", name="Variables", exact=False).first
    cell = page.locator(".cell", has=heading)
    expect(cell).to_be_focused()
    expect(cell).to_have_class(re.compile(r"\bactive\b"))
    expect(heading).to_be_in_viewport()
    expect(target).to_have_attribute("aria-current", "location")
    # Escape from the panel puts it away and gives the focus back to its button.
    target.focus()
    page.keyboard.press("Escape")
    expect(toc(page)).to_be_hidden()
    expect(toc_button(page)).to_be_focused()


def test_the_contents_follow_the_cells_as_they_change(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    open_toc_by_keyboard(page)
    expect(toc(page).get_by_role("link")).to_have_count(9)
    # Edit the title cell: a new section appears as it is typed.
    title = page.get_by_role("group", name=re.compile(r"^Markdown cell 1 of"))
    title.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Control+End")
    page.keyboard.insert_text("\n\n## A section of my own")
    expect(toc(page).get_by_role("link", name="A section of my own")).to_be_visible()
    expect(toc(page).get_by_role("link")).to_have_count(10)
    # A heading inside a code block is not a heading.
    page.keyboard.insert_text("\n\n```\n# not a heading\n```")
    page.keyboard.press("Escape")
    expect(toc(page).get_by_role("link")).to_have_count(10)
    # Deleting a Markdown cell takes its headings away.
    variables = page.locator(".cell", has=page.get_by_role("heading", name="Variables"))
    variables.click()
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(toc(page).get_by_role("link", name="Variables")).to_have_count(0)


def test_on_a_phone_the_panel_lies_over_the_notebook_and_closes_on_a_choice(
    page: Page, a_served_site: str
) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_notebook(page, a_served_site, WELCOME)
    cells = page.locator(".cells")
    width_before = cells.bounding_box()["width"]  # type: ignore[index]
    open_toc_by_keyboard(page)
    box = toc(page).bounding_box()
    assert box is not None
    assert box["x"] == 0 and box["width"] <= 320
    # The notebook keeps its width underneath, and nothing scrolls sideways.
    assert cells.bounding_box()["width"] == width_before  # type: ignore[index]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    toc(page).get_by_role("link", name="Your work is kept").focus()
    page.keyboard.press("Enter")
    expect(toc(page)).to_be_hidden()
    heading = page.get_by_role("heading", name="Your work is kept")
    expect(heading).to_be_in_viewport()
    expect(page.locator(".cell", has=heading)).to_be_focused()
