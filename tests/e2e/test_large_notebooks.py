"""A long notebook opens quickly and stays whole: editors come as cells near the screen.

Code far down the page is shown as text until it comes near the screen, where
it gets its editor; that text is real text, found by the browser's find and
read by screen readers, and a click in it edits at that very place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from playwright.sync_api import Locator, Page, expect

from .conftest import Server, run_ardoise

CELLS = 120


def source(n: int) -> str:
    return f"value_{n} = {n} * 2\nprint('cell {n}', value_{n})"


@pytest.fixture(scope="module")
def a_long_notebook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("long")
    content = root / "content"
    content.mkdir()
    cells = []
    for n in range(CELLS):
        if n % 10 == 0:
            cells.append(new_markdown_cell(f"## Part {n // 10}\n\nAbout part {n // 10}."))
        output = new_output("stream", name="stdout", text=f"cell {n} {2 * n}\n")
        cells.append(new_code_cell(source(n), outputs=[output], execution_count=n + 1))
    nbformat.write(new_notebook(cells=cells), content / "long.ipynb")
    result = run_ardoise("build", str(content), "-o", str(root / "site"))
    assert result.returncode == 0, result.stderr
    server = Server(root / "site")
    yield f"{server.url}notebook.html?path=long.ipynb"
    server.stop()


def code_cell(page: Page, n: int) -> Locator:
    """The code cell of `source(n)`: a Markdown cell opens every ten."""
    return page.get_by_role("group", name=re.compile(rf"^Code cell {n + n // 10 + 2} of \d+"))


def test_code_far_down_is_real_text_until_it_nears_the_screen(
    page: Page, a_long_notebook: str
) -> None:
    page.goto(a_long_notebook)
    first = code_cell(page, 0)
    expect(first.get_by_role("textbox")).to_have_text(
        re.compile(r"value_0 = 0 \* 2"), timeout=30_000
    )
    last = code_cell(page, CELLS - 1)
    # Far down: no editor yet, but its code is in the page as text, for reading and finding.
    expect(last.get_by_role("textbox")).to_have_count(0)
    expect(last.get_by_text(f"value_{CELLS - 1} = {CELLS - 1} * 2")).to_have_count(1)
    assert page.evaluate("(text) => window.find(text)", f"print('cell {CELLS - 1}'")
    # What find showed is now on screen; once the page rests, that cell has its editor.
    expect(last.get_by_role("textbox")).to_have_text(
        re.compile(rf"value_{CELLS - 1} = "), timeout=30_000
    )
    expect(last.locator(".cell-source")).to_have_count(0)


def test_a_click_in_code_not_yet_in_an_editor_edits_where_it_landed(
    page: Page, a_long_notebook: str
) -> None:
    page.goto(a_long_notebook)
    expect(code_cell(page, 0).get_by_role("textbox")).to_be_visible(timeout=30_000)
    cell = code_cell(page, CELLS // 2)
    text = cell.locator(".cell-source")
    name = f"value_{CELLS // 2}"
    # Scroll to it as someone still scrolling (scroll events keep coming, so no
    # editor is made yet), and aim just after its first name.
    box = text.evaluate(
        """(pre, name) => {
            window.stillScrolling = setInterval(() => dispatchEvent(new Event("scroll")), 20);
            pre.scrollIntoView({ block: "center" });
            const node = pre.firstChild.nodeType === 3 ? pre.firstChild : pre.firstChild.firstChild;
            const range = document.createRange();
            range.setStart(node, name.length - 1);
            range.setEnd(node, name.length);
            const rect = range.getBoundingClientRect();
            addEventListener("mousedown", (e) => {
                window.clickedText = Boolean(e.target.closest(".cell-source"));
            }, { capture: true, once: true });
            return { x: rect.right - 1, y: rect.top + rect.height / 2 };
        }""",
        name,
    )
    page.mouse.click(box["x"], box["y"])
    page.evaluate("clearInterval(window.stillScrolling)")
    assert page.evaluate("window.clickedText") is True
    editor = cell.get_by_role("textbox")
    expect(editor).to_be_focused()
    page.keyboard.type("_here")
    expect(editor).to_contain_text(f"{name}_here = ")
    expect(page.locator(".cells")).to_have_attribute("data-mode", "edit")
