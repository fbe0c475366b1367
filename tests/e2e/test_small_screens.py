"""At 320 CSS pixels wide (a phone, or a page zoomed to 400 %) everything reflows.

Nothing scrolls sideways but what must (code lines, wide tables), and every
target is at least 24 by 24 pixels or spaced as WCAG 2.2 allows (axe's
target-size rule).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .axe import violations
from .test_files import open_home
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code

SIDEWAYS = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")].filter((element) => {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) return false;
        // Inside a region that scrolls on its own (an editor, an output), overflow is allowed.
        for (let e = element.parentElement; e; e = e.parentElement) {
            const style = getComputedStyle(e);
            if (["auto", "scroll", "hidden"].includes(style.overflowX) && e.getBoundingClientRect().right <= width + 1) return false;
        }
        return true;
    });
    return {
        scrolls: document.documentElement.scrollWidth > width,
        wide: wide.slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    };
}"""


def assert_reflows(page: Page, state: str) -> None:
    result = page.evaluate(SIDEWAYS)
    assert not result["scrolls"] and not result["wide"], f"{state} scrolls sideways: {result}"


def test_the_list_reflows_at_320_pixels(page: Page, a_served_site: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_home(page, a_served_site)
    assert_reflows(page, "the list of notebooks")
    assert violations(page) == []


def test_a_notebook_with_outputs_reflows_at_320_pixels(page: Page, a_served_site: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_notebook(page, a_served_site, WELCOME)
    assert_reflows(page, "a notebook")
    cell = code_cells(page).first
    replace_code(page, cell, "print('a long line of output ' * 20)")
    page.keyboard.press("Control+Enter")
    expect(output_of(cell)).to_contain_text("a long line", timeout=120_000)
    assert_reflows(page, "a notebook with a long output")
    toggle = page.get_by_role("button", name="Files", exact=True)
    toggle.click()
    expect(page.get_by_role("region", name="Files")).to_be_visible()
    assert_reflows(page, "the file panel")
    assert violations(page) == []
