"""A student runs turtle cells in the built site and watches the drawing appear under them."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS
from .test_notebook import code_cells, open_notebook, output_of, replace_code, wait_until_ready

TURTLE_NOTEBOOK = "en/04-drawing-with-a-turtle.ipynb"
FILLED_SQUARE = """import turtle
t = turtle.Turtle()
t.color("red", "yellow")
t.begin_fill()
for _ in range(4):
    t.forward(100)
    t.left(90)
t.end_fill()
t.write("Hi", align="center")"""


def drawing_of(cell: Locator) -> Locator:
    return output_of(cell).get_by_role("img", name=re.compile(r"^Python Turtle Graphics: "))


def run_cell(page: Page, cell: Locator, code: str) -> Locator:
    replace_code(page, cell, code)
    page.keyboard.press("Shift+Enter")
    drawing = drawing_of(cell)
    expect(drawing).to_be_visible(timeout=PYTHON_READY_MS)
    return drawing


def test_a_turtle_cell_shows_an_animated_drawing_under_it(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, TURTLE_NOTEBOOK)
    wait_until_ready(page)
    drawing = run_cell(page, code_cells(page).first, FILLED_SQUARE)
    expect(drawing).to_have_accessible_name(
        "Python Turtle Graphics: 4 lines, 1 filled shape, 1 turtle, the text 'Hi'"
    )
    line = drawing.locator("path.a")
    expect(line).to_have_attribute("stroke", "#ff0000")
    expect(line).to_have_attribute("d", "M0 0L100 0 100 -100 0 -100 0 0")
    expect(drawing.locator('g[fill="none"] > polygon[fill="#ffff00"]')).to_have_count(1)
    expect(drawing.locator("text")).to_have_text("Hi")
    # The keyframes survived the sanitizer and run: 4 sides and 3 turns, at CPython's pace.
    expect(drawing.locator("style")).to_contain_text("@keyframes")
    timing = line.evaluate("path => path.getAnimations()[0].effect.getComputedTiming().duration")
    assert timing == 1380
    assert drawing.locator(":scope > g[style]").evaluate("g => g.getAnimations().length") == 1
    # And it ends drawn: the dash covers the whole outline.
    page.wait_for_function(
        "path => getComputedStyle(path).strokeDashoffset === '0px'", arg=line.element_handle()
    )


def test_a_later_cell_continues_the_drawing_and_the_earlier_one_follows(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, TURTLE_NOTEBOOK)
    wait_until_ready(page)
    first, second = code_cells(page).nth(0), code_cells(page).nth(1)
    run_cell(page, first, "import turtle\nt = turtle.Turtle()\nt.speed(0)\nt.forward(100)")
    expect(drawing_of(first).locator("path")).to_have_count(1)
    later = run_cell(page, second, "t.left(90)\nt.pencolor('blue')\nt.forward(50)")
    expect(later.locator("path")).to_have_count(2)
    expect(later.locator('path[stroke="#0000ff"]')).to_have_attribute("d", "M100 0L100 -50")
    # The first cell's output is the same screen: updated in place.
    expect(drawing_of(first).locator("path")).to_have_count(2)
    expect(drawing_of(first)).to_have_accessible_name("Python Turtle Graphics: 2 lines, 1 turtle")


def test_less_motion_or_a_click_shows_the_finished_drawing_at_once(
    page: Page, a_served_site: str
) -> None:
    slow = "import turtle\nturtle.speed(1)\nfor _ in range(8):\n    turtle.forward(200)\n"
    slow += "    turtle.left(135)"
    open_notebook(page, a_served_site, TURTLE_NOTEBOOK)
    wait_until_ready(page)
    first, second = code_cells(page).nth(0), code_cells(page).nth(1)
    drawing = run_cell(page, first, slow)
    line = drawing.locator("path.a")
    assert line.evaluate("p => getComputedStyle(p).strokeDashoffset") != "0px"  # 16 s to draw
    drawing.click()
    expect(drawing).to_be_focused()
    page.wait_for_function(
        "p => getComputedStyle(p).strokeDashoffset === '0px'",
        arg=line.element_handle(),
        timeout=2_000,
    )
    page.emulate_media(reduced_motion="reduce")
    calm = run_cell(page, second, "turtle.right(90)\nturtle.forward(100)")
    assert calm.locator("path.a").evaluate("p => p.getAnimations().length") == 0
    assert calm.locator("path.a").evaluate("p => getComputedStyle(p).strokeDashoffset") == "0px"
