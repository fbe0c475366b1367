"""IPython's display types and magics, as notebooks use them, shown in the page.

The runtime's own tests check the messages these produce; here the page shows
them: each kind of output becomes the element a reader expects, and magics
behave as in Jupyter, end to end in the browser.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import PYTHON_READY_MS
from .test_notebook import WELCOME, code_cells, open_notebook, output_of, replace_code

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
    "AAAABJRU5ErkJggg=="
)


def run_in_new_cell(page: Page, code: str) -> None:
    """Types `code` into the first code cell and runs it with Ctrl+Enter."""
    replace_code(page, code_cells(page).first, code)
    page.keyboard.press("Control+Enter")


def test_each_display_type_is_shown_as_the_element_it_stands_for(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    run_in_new_cell(
        page,
        "\n".join(
            [
                "import base64",
                "from IPython.display import (Audio, HTML, IFrame, Image, JSON, Latex,",
                "    Markdown, Math, SVG, display)",
                "display(HTML('<b class=\"bold-html\">bold</b>'",
                "             '<img src=x onerror=\"window.ran = 1\">'))",
                "display(Markdown('## A *markdown* title'))",
                "display(Math(r'\\frac{a}{b}'))",
                "display(Latex(r'$x^2$'))",
                f"display(Image(data=base64.b64decode('{PNG_1PX}'), width=40))",
                'display(SVG(\'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                '<circle class="the-circle" r="4" cx="5" cy="5"/></svg>\'))',
                "display(JSON({'answer': 42, 'items': [1, 2]}))",
                "display(Audio([0.0, 0.5, -0.5, 0.0] * 100, rate=8000))",
                "display(IFrame('https://example.org/', width=300, height=200))",
                "class Money:",
                "    def _repr_html_(self): return '<i class=\"money\">12 €</i>'",
                "Money()",
            ]
        ),
    )
    output = output_of(code_cells(page).first)
    expect(output.locator("b.bold-html")).to_have_text("bold", timeout=PYTHON_READY_MS)
    expect(output.get_by_role("heading", name="A markdown title")).to_be_visible()
    expect(output.locator(".katex")).to_have_count(2)
    image = output.locator("img.output-image")
    expect(image).to_have_attribute("width", "40")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1
    expect(output.locator("svg circle")).to_have_count(1)
    expect(output).to_contain_text("answer")
    expect(output).to_contain_text("42")
    expect(output.locator("audio[controls]")).to_have_count(1)
    embedded = output.locator("iframe[src='https://example.org/']")
    expect(embedded).to_have_attribute("sandbox", re.compile(r"allow-scripts"))
    assert "allow-same-origin" not in (embedded.get_attribute("sandbox") or "")
    expect(output.locator("i.money")).to_have_text("12 €")
    # Sanitized: the handler in the HTML output never ran.
    assert page.evaluate("window.ran") is None


# What a script tries against the page it is shown in.
ESCAPE_ATTEMPT = (
    "let found = [];"
    "try { parent.document.body.dataset.hacked = 'yes'; found.push('page reached'); }"
    " catch (error) { found.push('page: ' + error.name); }"
    "try { localStorage.setItem('k', 'v'); found.push('storage reached'); }"
    " catch (error) { found.push('storage: ' + error.name); }"
)


def test_javascript_runs_apart_from_the_page_and_cannot_reach_it(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    script = ESCAPE_ATTEMPT + "element.textContent = 'drawn: ' + found.join(', ');"
    run_in_new_cell(
        page,
        "from IPython.display import HTML, Javascript, display\n"
        f"display(Javascript({script!r}))\n"
        'display(HTML(\'<p id="p">static</p><div style="height: 150px"></div><script>\' + '
        f"{ESCAPE_ATTEMPT!r} + "
        '\'document.getElementById("p").textContent = found.join(", ");</script>\'))',
    )
    cell = code_cells(page).first
    frames = output_of(cell).locator("iframe.output-sandbox")
    expect(frames).to_have_count(2, timeout=PYTHON_READY_MS)
    drawn = cell.frame_locator("iframe.output-sandbox").nth(0).locator("#output")
    expect(drawn).to_have_text("drawn: page: SecurityError, storage: SecurityError")
    html = cell.frame_locator("iframe.output-sandbox").nth(1).locator("#p")
    expect(html).to_have_text("page: SecurityError, storage: SecurityError")
    assert page.evaluate("document.body.dataset.hacked") is None
    # The frame is as tall as what it shows, so it needs no scroll bar of its own.
    expect(frames.nth(1)).to_have_attribute("style", re.compile(r"height: 1[6-9]\d"))


def test_a_failing_script_shows_its_error_where_it_failed(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    run_in_new_cell(
        page, "from IPython.display import Javascript\nJavascript('$(element).text(\"hi\")')"
    )
    cell = code_cells(page).first
    expect(output_of(cell).locator("iframe.output-sandbox")).to_have_count(
        1, timeout=PYTHON_READY_MS
    )
    error = cell.frame_locator("iframe.output-sandbox").locator(".script-error")
    expect(error).to_contain_text("$ is not defined")


def test_magics_behave_as_in_jupyter(page: Page, a_served_site: str) -> None:
    open_notebook(page, a_served_site, WELCOME)
    cell = code_cells(page).first
    run_in_new_cell(
        page,
        "%%writefile made_by_magic.py\nGREETING = 'hello from a file'\nprint(GREETING)",
    )
    expect(output_of(cell)).to_contain_text("Writing made_by_magic.py", timeout=PYTHON_READY_MS)

    run_in_new_cell(page, "%run made_by_magic.py\nfruit = 'pear'\n%who str")
    expect(output_of(cell)).to_contain_text("hello from a file")
    expect(output_of(cell)).to_contain_text(re.compile(r"GREETING\s+fruit"))

    run_in_new_cell(page, "%time total = sum(range(1000))\ntotal")
    expect(output_of(cell)).to_contain_text("Wall time")
    expect(output_of(cell)).to_contain_text("499500")

    run_in_new_cell(page, "%timeit -n 10 -r 2 sum(range(100))")
    expect(output_of(cell)).to_contain_text(
        re.compile(r"per loop \(mean ± std\. dev\. of 2 runs, 10 loops each\)")
    )

    run_in_new_cell(page, "%%html\n<em class='from-magic'>emphasis</em>")
    expect(output_of(cell).locator("em.from-magic")).to_have_text("emphasis")

    run_in_new_cell(page, "%%markdown\n- one\n- two")
    expect(output_of(cell).get_by_role("listitem")).to_have_count(2)

    run_in_new_cell(page, "%pwd")
    expect(output_of(cell)).to_contain_text("/drive/en")

    run_in_new_cell(page, "!ls")
    expect(output_of(cell)).to_contain_text("not available in the browser")

    run_in_new_cell(page, "len?")
    expect(output_of(cell)).to_contain_text("Return the number of items in a container")
