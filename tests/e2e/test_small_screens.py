"""At 320 CSS pixels wide (a phone, or a page zoomed to 400 %) everything reflows.

Nothing scrolls sideways but what must (code lines, wide tables), and every
target is at least 24 by 24 pixels or spaced as WCAG 2.2 allows (axe's
target-size rule).
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .axe import in_every_theme
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
            const scrolls = ["auto", "scroll", "hidden"].includes(style.overflowX);
            if (scrolls && e.getBoundingClientRect().right <= width + 1) return false;
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
    assert in_every_theme(page) == []


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
    assert in_every_theme(page) == []


CLIPPED = """() => [...document.querySelectorAll("body *")]
    .filter((element) => {
        const style = getComputedStyle(element);
        const clips = (overflow) => ["hidden", "clip"].includes(overflow);
        if (!clips(style.overflowX) && !clips(style.overflowY)) return false;
        if (!element.textContent.trim() || element.getClientRects().length === 0) return false;
        // Text only for screen readers is clipped to one pixel on purpose.
        if (element.clientWidth <= 1 || element.clientHeight <= 1) return false;
        const wide = element.scrollWidth > element.clientWidth + 1;
        return wide || element.scrollHeight > element.clientHeight + 1;
    })
    .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)"""


# As a browser's text-only zoom does: the root font size doubles, the viewport stays.
TEXT_AT_200 = (
    "addEventListener('DOMContentLoaded', () =>"
    " document.documentElement.style.setProperty('font-size', '200%', 'important'))"
)


def assert_uncut(page: Page, state: str) -> None:
    clipped = page.evaluate(CLIPPED)
    assert clipped == [], f"{state}: text cut by its box in {clipped}"


def test_text_at_200_percent_is_neither_cut_nor_scrolled_sideways(
    page: Page, a_served_site: str
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.add_init_script(TEXT_AT_200)
    open_home(page, a_served_site)
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    assert_reflows(page, "the list of notebooks")
    assert page.evaluate(CLIPPED) == []
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    replace_code(page, cell, "print('hello')")
    page.keyboard.press("Control+Enter")
    expect(output_of(cell)).to_have_text("hello", timeout=120_000)
    assert_reflows(page, "a notebook")
    assert page.evaluate(CLIPPED) == []
