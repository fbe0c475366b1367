"""Images attached to Markdown cells: shown, pasted or dropped in, kept, downloaded."""

from __future__ import annotations

import base64
import json
import re
import shutil
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .conftest import Server, run_ardoise
from .test_rendering import PNG

FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "notebooks"
FIXTURE = "format/markdown-cells.ipynb"
ATTACHED = (
    "![a red square](attachment:red%20square.png)\n\n"
    '<img src="attachment:red square.png" alt="the same, in HTML">\n\n'
    "[not an image](attachment:red%20square.png) and "
    '<img src="attachment:page.html" alt="not an image either">'
)
PAGE = base64.b64encode(b"<script>window.pwned = 1</script>").decode()


@pytest.fixture(scope="module")
def a_site_with_attachments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("attachments")
    content = root / "content"
    content.mkdir()
    cell = new_markdown_cell(ATTACHED)
    cell["attachments"] = {"red square.png": {"image/png": PNG}, "page.html": {"text/html": PAGE}}
    blank = new_markdown_cell("Paste or drop here.")
    nbformat.write(new_notebook(cells=[cell, blank]), content / "attached.ipynb")
    if FIXTURES.is_dir():
        (content / "format").mkdir()
        shutil.copy(FIXTURES / FIXTURE, content / FIXTURE)
    result = run_ardoise("build", str(content), "-o", str(root / "site"))
    assert result.returncode == 0, result.stderr
    server = Server(root / "site")
    yield server.url
    server.stop()


def open_notebook(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}notebook.html?path={path}")
    expect(page.get_by_role("group", name=re.compile(r"cell 1 of \d+"))).to_be_visible(
        timeout=30_000
    )


def markdown_cell(page: Page, n: int) -> Locator:
    return page.get_by_role("group", name=re.compile(rf"^Markdown cell {n} of \d+"))


def natural_width(image: Locator) -> int:
    expect(image).to_have_js_property("complete", True)
    return int(image.evaluate("i => i.naturalWidth"))


def download(page: Page) -> dict[str, Any]:
    with page.expect_download() as info:
        page.get_by_role("button", name="Download", exact=True).click()
    notebook: dict[str, Any] = json.loads(Path(info.value.path()).read_text("utf-8"))
    return notebook


def png_size(data: str) -> tuple[int, int]:
    raw = base64.b64decode(data)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", raw[16:24])
    return width, height


def edit_at_end(page: Page, cell: Locator) -> Locator:
    cell.click()
    page.keyboard.press("Enter")
    editor = cell.get_by_role("textbox")
    expect(editor).to_be_focused()
    page.keyboard.press("Control+End")
    return editor


def test_an_attached_image_shows_from_the_cells_attachments_and_nothing_else_does(
    page: Page, a_site_with_attachments: str
) -> None:
    open_notebook(page, a_site_with_attachments, "attached.ipynb")
    cell = markdown_cell(page, 1)
    for name in ("a red square", "the same, in HTML"):
        image = cell.get_by_role("img", name=name)
        expect(image).to_have_attribute("src", f"data:image/png;base64,{PNG}")
        assert natural_width(image) == 4
    # Only images become data: URLs, and only from image attachments.
    expect(cell.locator("a", has_text="not an image")).not_to_have_attribute(
        "href", re.compile("^data:")
    )
    other = cell.get_by_role("img", name="not an image either")
    expect(other).not_to_have_attribute("src", re.compile("^data:"))
    assert page.evaluate("window.pwned") is None


def test_the_fixture_notebooks_attachment_shows_and_survives_an_edit(
    page: Page, a_site_with_attachments: str
) -> None:
    if not FIXTURES.is_dir():
        pytest.skip(f"the shared fixture notebooks are not at {FIXTURES}")
    original = json.loads((FIXTURES / FIXTURE).read_text("utf-8"))
    index, attached = next((i, c) for i, c in enumerate(original["cells"]) if c.get("attachments"))
    open_notebook(page, a_site_with_attachments, FIXTURE)
    cell = page.locator(".cell").nth(index)
    image = cell.get_by_role("img", name="pycon-logo.jpg")
    expect(image).to_have_attribute("src", re.compile(r"^data:image/jpeg;base64,"))
    assert natural_width(image) > 0
    edit_at_end(page, cell)
    page.keyboard.insert_text("\n\nEdited.")
    page.keyboard.press("Escape")
    expect(cell).to_contain_text("Edited.")
    assert natural_width(cell.get_by_role("img", name="pycon-logo.jpg")) > 0
    saved = download(page)["cells"][index]
    assert saved["source"].endswith("Edited.")
    assert saved["attachments"] == attached["attachments"]


def test_an_image_pasted_into_a_markdown_cell_becomes_an_attachment_that_is_kept(
    context: BrowserContext, page: Page, a_site_with_attachments: str
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_notebook(page, a_site_with_attachments, "attached.ipynb")
    # Copy a 4x3 PNG, as from an image viewer or a screenshot tool.
    page.evaluate(
        """async (png) => {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const blob = new Blob([bytes], { type: "image/png" });
            await navigator.clipboard.write([new ClipboardItem({ "image/png": blob })]);
        }""",
        PNG,
    )
    cell = markdown_cell(page, 2)
    editor = edit_at_end(page, cell)
    page.keyboard.press("Enter")
    page.keyboard.press("Control+V")
    expect(editor).to_contain_text("![image.png](attachment:image.png)")
    page.keyboard.press("Escape")
    image = cell.get_by_role("img", name="image.png")
    expect(image).to_have_attribute("src", re.compile(r"^data:image/png;base64,"))
    assert natural_width(image) == 4

    attachments = download(page)["cells"][1]["attachments"]
    assert list(attachments) == ["image.png"]
    assert png_size(attachments["image.png"]["image/png"]) == (4, 3)
    # The attachment is in this browser's copy too.
    page.reload()
    assert natural_width(markdown_cell(page, 2).get_by_role("img", name="image.png")) == 4


def test_an_image_dropped_into_a_markdown_cell_is_attached_without_replacing_another(
    page: Page, a_site_with_attachments: str
) -> None:
    open_notebook(page, a_site_with_attachments, "attached.ipynb")
    cell = markdown_cell(page, 1)
    editor = edit_at_end(page, cell)
    # A different image under a name the cell already uses gets a name of its own.
    other_png = base64.b64encode(base64.b64decode(PNG) + b"\0").decode()
    transfer = page.evaluate_handle(
        """(png) => {
            const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], "red square.png", { type: "image/png" }));
            return transfer;
        }""",
        other_png,
    )
    lines = editor.locator(".cm-line")
    before = lines.count()
    page.keyboard.press("Enter")  # dropped on a line of its own, at the end
    expect(lines).to_have_count(before + 1)  # measured once the new line is drawn
    box = lines.last.bounding_box()
    assert box is not None
    position = {"clientX": box["x"] + 20, "clientY": box["y"] + box["height"] / 2}
    editor.dispatch_event("drop", {"dataTransfer": transfer, **position})
    expect(editor).to_contain_text("![red square-1.png](attachment:red%20square-1.png)")
    page.keyboard.press("Escape")
    expect(cell.get_by_role("img", name="red square-1.png")).to_have_attribute(
        "src", f"data:image/png;base64,{other_png}"
    )
    attachments = download(page)["cells"][0]["attachments"]
    assert attachments["red square.png"] == {"image/png": PNG}
    assert attachments["red square-1.png"] == {"image/png": other_png}
