"""A reader opens notebooks with stored outputs and sees them rendered as JupyterLab would.

The course is written here with nbformat (no Python runs in the browser), built with the
real CLI and served with `ardoise serve`; Chromium reads what is on screen.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from playwright.sync_api import Locator, Page, expect

from .conftest import Server, run_ardoise

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "notebooks"

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAC09K7GAAAAIUlEQVR4AWTIMQ0AAAwCwQZL+HdQT7AS+OSXw5PKcdWAAQAA"
    "///dlXR8AAAABklEQVQDAHRmCMvaCnoHAAAAAElFTkSuQmCC"
)
JPEG = (
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////"
    "////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA="
)
GIF = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
    '<circle cx="10" cy="10" r="8"/></svg>'
)
HOSTILE_HTML = (
    "<script>window.pwned = 'script'</script>"
    '<img src="missing.png" onerror="window.pwned = \'onerror\'">'
    "<svg onload=\"window.pwned = 'onload'\"></svg>"
    '<a href="javascript:window.pwned=1">link</a><b class="kept">kept</b>'
)
ANSI = (
    "\x1b[31mred\x1b[0m plain \x1b[1;32mbold green\x1b[0m "
    "\x1b[38;5;208morange\x1b[0m \x1b[38;2;10;20;30mdeep\x1b[0m\n"
)
LONG = "".join(f"line {n}\n" for n in range(1, 5001))
# HTML whose script adds to it after the page has shown it: a 300px block, then
# a 200px picture that arrives after it.
GROWS_LATER = (
    "<p>first</p><script>setTimeout(() => {"
    " const more = document.createElement('div'); more.style.height = '300px';"
    " document.body.append(more);"
    " const late = new Image(); late.alt = 'late';"
    " late.src = \"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'"
    " width='10' height='200'/>\";"
    " document.body.append(late);"
    "}, 1500);</script>"
)

MARKDOWN_CELLS = {
    "math": "Inline $a_1 * b_2$ and $c_3 * d_4$ in one paragraph.",
    "align": "\\begin{align}\na &= b + c \\\\\nd &= e\n\\end{align}",
    "currency": "It costs $5 and $10 today.",
    "gfm": "- [ ] to do\n- [x] done\n\n| name | value |\n|---|---|\n| pi | 3.14 |\n\n~~struck~~",
    "code": "```python\ndef square(x):\n    return x ** 2  # squared\n```",
    "heading": "## Section Two\n\nSome text.",
    "hostile": HOSTILE_HTML,
    # CommonMark's character reference examples (spec 0.31.2, 25-31), and a legacy
    # reference without its semicolon that HTML would half-decode (`&not` + `i;`).
    "entities": (
        "&nbsp; &amp; &copy; &AElig; &Dcaron; &frac34; &HilbertSpace; &DifferentialD; "
        "&ClockwiseContourIntegral; &ngE;\n\n"
        "&#35; &#1234; &#992; &#0; &#X22; &#XD06; &#xcab;\n\n"
        "&nbsp &x; &#; &#x; &#87654321; &#abcdef0; &ThisIsNotDefined; &hi?; &copy &MadeUpEntity; "
        "&noti;\n\n"
        '[link](/f&ouml;&ouml; "f&ouml;&ouml;")'
    ),
}


def plain(text: str) -> dict[str, str]:
    return {"text/plain": text}


def display(data: dict[str, Any], metadata: dict[str, Any] | None = None) -> Any:
    return new_output("display_data", data=data, metadata=metadata or {})


OUTPUT_CELLS = {
    "text/html": [display({"text/html": '<b class="rich">bold html</b>', **plain("FALLBACK")})],
    "image/svg+xml": [display({"image/svg+xml": SVG, **plain("a black circle")})],
    "image/png": [
        display(
            {"image/png": PNG, **plain("a red rectangle")},
            {"image/png": {"width": 40, "height": 30}},
        )
    ],
    "image/jpeg": [display({"image/jpeg": JPEG, **plain("a white dot")})],
    "image/gif": [display({"image/gif": GIF, **plain("a gif dot")})],
    "text/markdown": [display({"text/markdown": "**bold** markdown", **plain("FALLBACK")})],
    "text/latex": [display({"text/latex": "$$\\frac{1}{2}$$", **plain("FALLBACK")})],
    "application/json": [
        display({"application/json": {"outer": {"inner": [1, 2]}}, **plain("FALLBACK")})
    ],
    "html over png and latex": [
        display(
            {"image/png": PNG, "text/latex": "$x$", "text/html": "<i>html</i>", **plain("FALLBACK")}
        )
    ],
    "latex over png": [display({"image/png": PNG, "text/latex": "$y^2$", **plain("FALLBACK")})],
    "hostile": [display({"text/html": HOSTILE_HTML, **plain("FALLBACK")})],
    "ansi": [new_output("stream", name="stdout", text=ANSI)],
    "progress": [
        new_output("stream", name="stdout", text="".join(f"\rprogress {n}%" for n in range(1, 60))),
        new_output(
            "stream", name="stdout", text="".join(f"\rprogress {n}%" for n in range(60, 101))
        ),
        new_output("stream", name="stdout", text="\ndone\n"),
    ],
    "long": [new_output("stream", name="stdout", text=LONG)],
    "grows later": [display({"text/html": GROWS_LATER, **plain("FALLBACK")})],
    "error": [
        new_output(
            "error",
            ename="ZeroDivisionError",
            evalue="division by zero",
            traceback=["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"],
        )
    ],
}
MARKDOWN_ORDER = list(MARKDOWN_CELLS)
OUTPUT_ORDER = list(OUTPUT_CELLS)


FORMAT_NOTEBOOKS = {
    "markdown-cells.ipynb": ".katex",
    "ansi-colors.ipynb": "[class*='ansi-'][class*='-fg']",
    "long-traceback.ipynb": ".output-long-notice button",
    "beyond-plain-python.ipynb": ".output-json details",
    "rich-output.ipynb": ".output-latex .katex",
    "output-types.ipynb": ".output-markdown",
}


@dataclass(frozen=True)
class RenderingSite:
    url: str
    folder: Path


def write_notebook(path: Path, cells: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    notebook = new_notebook(cells=cells)
    nbformat.validate(notebook)
    nbformat.write(notebook, path)


def write_course(content: Path) -> None:
    write_notebook(
        content / "markdown.ipynb", [new_markdown_cell(s) for s in MARKDOWN_CELLS.values()]
    )
    code_cells = [
        new_code_cell(f"# {name}", outputs=outputs, execution_count=n)
        for n, (name, outputs) in enumerate(OUTPUT_CELLS.items(), start=1)
    ]
    write_notebook(content / "outputs.ipynb", code_cells)
    write_notebook(
        content / "plain.ipynb",
        [
            new_markdown_cell("# No math here\n\nA ticket costs $5, two cost $10."),
            new_code_cell(
                "print('hi')", outputs=[new_output("stream", name="stdout", text="hi\n")]
            ),
        ],
    )
    if FIXTURES.is_dir():
        (content / "format").mkdir()
        for name in FORMAT_NOTEBOOKS:
            shutil.copy(FIXTURES / "format" / name, content / "format" / name)


@pytest.fixture(scope="module")
def a_rendering_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RenderingSite]:
    """The course above, built with the real CLI and served with `ardoise serve`."""
    root = tmp_path_factory.mktemp("rendering")
    write_course(root / "content")
    site = root / "site"
    result = run_ardoise("build", str(root / "content"), "-o", str(site))
    assert result.returncode == 0, result.stderr
    server = Server(site)
    yield RenderingSite(server.url, site)
    server.stop()


def open_notebook(page: Page, site: RenderingSite, path: str) -> None:
    page.goto(f"{site.url}notebook.html?path={path}")
    expect(page.get_by_role("group", name=re.compile(r"cell 1 of \d+"))).to_be_visible(
        timeout=30_000
    )


def markdown_cell(page: Page, name: str) -> Locator:
    n = MARKDOWN_ORDER.index(name) + 1
    return page.get_by_role("group", name=re.compile(rf"^Markdown cell {n} of \d+"))


def output_of(page: Page, name: str) -> Locator:
    n = OUTPUT_ORDER.index(name) + 1
    cell = page.get_by_role("group", name=re.compile(rf"^Code cell {n} of \d+"))
    return cell.get_by_role("region", name=re.compile(r"^Output of cell \d+"))


# Markdown


def test_inline_math_is_typeset_and_keeps_its_underscores_and_asterisks(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    cell = markdown_cell(page, "math")
    expect(cell.locator(".katex")).to_have_count(2)
    tex = cell.locator("annotation[encoding='application/x-tex']")
    expect(tex).to_have_text(["a_1 * b_2", "c_3 * d_4"])
    # Markdown did not read `_1 * b_2$ and $c_` as emphasis.
    expect(cell.locator("em, strong")).to_have_count(0)


def test_a_bare_align_environment_is_display_math(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    cell = markdown_cell(page, "align")
    expect(cell.locator(".katex-display")).to_have_count(1)
    expect(cell.locator("annotation")).to_contain_text("\\begin{align}")
    expect(cell.locator(".katex-error")).to_have_count(0)


def test_prices_with_dollar_signs_stay_prose(page: Page, a_rendering_site: RenderingSite) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    expect(markdown_cell(page, "math").locator(".katex").first).to_be_visible()
    cell = markdown_cell(page, "currency")
    expect(cell).to_have_text("It costs $5 and $10 today.")
    expect(cell.locator(".katex, .math")).to_have_count(0)


def test_task_lists_tables_and_strikethrough_render_as_on_github(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    cell = markdown_cell(page, "gfm")
    boxes = cell.get_by_role("checkbox")
    expect(boxes).to_have_count(2)
    expect(boxes.nth(0)).not_to_be_checked()
    expect(boxes.nth(1)).to_be_checked()
    expect(boxes.nth(1)).to_be_disabled()
    expect(cell.get_by_role("listitem").nth(1)).to_have_text("done")
    expect(cell.get_by_role("columnheader")).to_have_text(["name", "value"])
    expect(cell.get_by_role("cell")).to_have_text(["pi", "3.14"])
    expect(cell.locator("s, del")).to_have_text("struck")


def test_character_references_decode_as_commonmark_says(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    paragraphs = markdown_cell(page, "entities").locator("p")
    expect(paragraphs).to_have_count(4)
    texts = [paragraphs.nth(n).evaluate("p => p.textContent") for n in range(3)]
    assert texts == [
        "\u00a0 & © Æ Ď ¾ \u210b \u2146 ∲ ≧̸",  # script H, double-struck d
        '# Ӓ Ϡ \ufffd " ആ ಫ',
        "&nbsp &x; &#; &#x; &#87654321; &#abcdef0; &ThisIsNotDefined; &hi?; &copy "
        "&MadeUpEntity; &noti;",
    ]
    link = paragraphs.nth(3).get_by_role("link")
    expect(link).to_have_attribute("href", re.compile(r"/f%C3%B6%C3%B6$"))
    expect(link).to_have_attribute("title", "föö")


def test_python_code_blocks_are_highlighted(page: Page, a_rendering_site: RenderingSite) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    code = markdown_cell(page, "code").locator("pre code.language-python")
    expect(code).to_have_text("def square(x):\n    return x ** 2  # squared\n")
    expect(code.locator(".tok-keyword").first).to_have_text("def")
    expect(code.locator(".tok-comment")).to_have_text("# squared")
    keyword, plain_text = code.locator(".tok-keyword").first, code.locator(".tok-comment")
    assert color_of(keyword) != color_of(plain_text)


def test_headings_get_jupyterlab_ids_and_a_named_anchor_link(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    cell = markdown_cell(page, "heading")
    heading = cell.get_by_role("heading", level=2)
    expect(heading).to_have_attribute("id", "Section-Two")
    anchor = cell.get_by_role("link", name="Link to the section “Section Two”")
    expect(anchor).to_have_attribute("href", "#Section-Two")
    anchor.focus()
    expect(anchor).to_be_visible()


def test_html_in_markdown_is_sanitized_and_runs_nothing(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "markdown.ipynb")
    cell = markdown_cell(page, "hostile")
    expect(cell.locator("b.kept")).to_have_text("kept")
    assert_nothing_ran(page, cell)


# Outputs


def color_of(locator: Locator) -> str:
    return str(locator.evaluate("element => getComputedStyle(element).color"))


def assert_nothing_ran(page: Page, area: Locator) -> None:
    expect(area.locator("script, [onerror], [onload]")).to_have_count(0)
    expect(area.locator("a[href^='javascript']")).to_have_count(0)
    # Let a broken image's error event (which would have run the handler) fire first.
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.pwned") == "undefined"


MIME_SELECTORS = {
    "text/html": "b.rich",
    "image/svg+xml": ".output-svg svg circle",
    "image/png": "img.output-image",
    "image/jpeg": "img.output-image",
    "image/gif": "img.output-image",
    "text/markdown": ".output-markdown strong",
    "text/latex": ".output-latex .katex",
    "application/json": ".output-json details",
    "html over png and latex": ".output-html i",
    "latex over png": ".output-latex .katex",
}


@pytest.mark.parametrize("name", list(MIME_SELECTORS))
def test_the_richest_mime_type_is_shown_instead_of_plain_text(
    page: Page, a_rendering_site: RenderingSite, name: str
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    output = output_of(page, name)
    expect(output.locator(MIME_SELECTORS[name]).first).to_be_visible()
    expect(output).not_to_contain_text("FALLBACK")
    if name.startswith("image/"):
        image = output.get_by_role("img")
        alt = OUTPUT_CELLS[name][0]["data"]["text/plain"]
        expect(image).to_have_accessible_name(alt)
        if name != "image/svg+xml":  # the bytes decoded into a picture
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_an_image_takes_its_size_from_the_output_metadata(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    image = output_of(page, "image/png").get_by_role("img", name="a red rectangle")
    expect(image).to_have_attribute("width", "40")
    expect(image).to_have_attribute("height", "30")


def test_html_output_is_sanitized_and_its_scripts_never_run(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    output = output_of(page, "hostile")
    expect(output.locator("b.kept")).to_have_text("kept")
    assert_nothing_ran(page, output)


def test_a_scripted_output_out_of_view_takes_the_height_of_what_it_shows_later(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    frame = output_of(page, "grows later").locator("iframe.output-sandbox")
    # Far below the long outputs: the browser pauses the frame's rendering, and with it
    # the frame's own ResizeObserver, while it is out of view.
    expect(frame).not_to_be_in_viewport()
    expect(frame).to_have_attribute("style", re.compile(r"height: [3-9]\dpx"), timeout=15_000)
    # 300px and 200px more arrive after the frame loaded, one of them an image.
    expect(frame).to_have_attribute("style", re.compile(r"height: 5\d\dpx"), timeout=15_000)
    expect(frame).not_to_be_in_viewport()


def test_ansi_colours_become_coloured_text_without_escape_codes(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    output = output_of(page, "ansi")
    expect(output).to_have_text("red plain bold green orange deep")
    red = output.get_by_text("red", exact=True)
    expect(red).to_have_class(re.compile(r"\bansi-red-fg\b"))
    bold = output.get_by_text("bold green", exact=True)
    expect(bold).to_have_class(re.compile(r"\bansi-bold\b"))
    expect(output.get_by_text("orange", exact=True)).to_have_css("color", "rgb(255, 135, 0)")
    expect(output.get_by_text("deep", exact=True)).to_have_css("color", "rgb(10, 20, 30)")
    plain_color = color_of(output.locator("pre"))
    assert color_of(red) != plain_color
    assert color_of(bold) != plain_color


def test_a_traceback_is_coloured_too(page: Page, a_rendering_site: RenderingSite) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    output = output_of(page, "error")
    expect(output).to_have_text("ZeroDivisionError: division by zero")
    expect(output.get_by_text("ZeroDivisionError", exact=True)).to_have_class(
        re.compile("ansi-red-fg")
    )


def test_a_carriage_return_progress_bar_shows_only_its_last_state(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    output = output_of(page, "progress")
    expect(output).to_have_text("progress 100%\ndone")
    assert output.inner_text().count("progress") == 1


def test_a_very_long_output_shows_its_head_and_tail_and_all_of_it_on_request(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    output = output_of(page, "long")
    expect(output).to_contain_text("line 1\n")
    expect(output).to_contain_text("line 5000")
    expect(output).not_to_contain_text("line 2500\n")
    # Taller than the screen: the area scrolls by itself and the keyboard can reach it.
    expect(output).to_have_attribute("tabindex", "0")
    assert output.evaluate("area => area.scrollHeight > area.clientHeight")
    show_all = output.get_by_role("button", name="Show all 5,000 lines")
    show_all.focus()
    page.keyboard.press("Enter")
    expect(output).to_contain_text("line 2500\n")
    expect(show_all).to_have_count(0)
    assert output.inner_text().count("\n") >= 4999


def test_a_json_tree_opens_and_closes_from_the_keyboard(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    open_notebook(page, a_rendering_site, "outputs.ipynb")
    tree = output_of(page, "application/json").get_by_role("group", name="JSON data")
    expect(tree).to_contain_text('"outer"')
    inner = tree.locator("summary", has_text='"inner"')
    outer = tree.locator("summary", has_text='"outer"')
    expect(inner).to_be_hidden()
    outer.focus()
    page.keyboard.press("Enter")
    expect(inner).to_be_visible()
    inner.focus()
    page.keyboard.press("Space")
    expect(tree).to_contain_text("0: 1")
    page.keyboard.press("Space")
    expect(tree.get_by_text("0: 1")).to_be_hidden()


# Loading


def katex_script(site: RenderingSite) -> str:
    for script in (site.folder / "assets").glob("*.js"):
        if "KaTeX parse error" in script.read_text("utf-8"):
            return script.name
    raise AssertionError("the built site has no KaTeX chunk")


def requested_katex(page: Page, site: RenderingSite, path: str, wait_for: str) -> list[str]:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_notebook(page, site, path)
    expect(page.locator(wait_for).first).to_be_visible()
    chunk = katex_script(site)
    return [url for url in requests if chunk in url or re.search(r"/katex-|KaTeX_", url)]


def test_a_page_without_math_never_loads_katex(page: Page, a_rendering_site: RenderingSite) -> None:
    loaded = requested_katex(page, a_rendering_site, "plain.ipynb", ".cell-outputs pre")
    expect(page.get_by_text("A ticket costs $5, two cost $10.")).to_be_visible()
    assert loaded == []


def test_a_page_with_math_loads_katex_its_styles_and_fonts(
    page: Page, a_rendering_site: RenderingSite
) -> None:
    loaded = requested_katex(page, a_rendering_site, "markdown.ipynb", ".katex")
    assert any(url.endswith(katex_script(a_rendering_site)) for url in loaded)
    assert any(re.search(r"/katex-\w+\.css$", url) for url in loaded)
    expect(page.locator(".katex").first).to_have_css("font-family", re.compile("KaTeX"))
    fonts_loaded = """async () => {
        await document.fonts.ready;
        return [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family);
    }"""
    assert "KaTeX_Main" in page.evaluate(fonts_loaded)


# The shared fixture notebooks (real notebooks from JupyterLab, IPython and nbgrader)


@pytest.mark.parametrize("name", list(FORMAT_NOTEBOOKS))
def test_a_real_notebook_renders_its_content(
    page: Page, a_rendering_site: RenderingSite, name: str
) -> None:
    if not FIXTURES.is_dir():
        pytest.skip(f"the shared fixture notebooks are not at {FIXTURES}")
    open_notebook(page, a_rendering_site, f"format/{name}")
    expect(page.locator(FORMAT_NOTEBOOKS[name]).first).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("\x1b[")
