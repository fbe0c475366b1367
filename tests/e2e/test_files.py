"""The file panel: a visitor creates, renames, deletes, uploads, opens and downloads files.

Everything here runs without Python; tests/e2e/test_files_python.py covers what
Python sees of the same files.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest
from playwright.sync_api import BrowserContext, FilePayload, Locator, Page, expect

from .axe import in_every_theme
from .conftest import DEMO, REPO
from .test_notebook import WELCOME, code_cells, open_notebook, replace_code

APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"  # typographic, as the app writes it
REVERT = f"Revert to the course{APOSTROPHE}s version"
RESTORE = f"Restore the course{APOSTROPHE}s deleted files"
RESTORED = f"Restored the course{APOSTROPHE}s deleted files"
COURSE_CSV = DEMO / "en" / "data" / "weather-bristol-april.csv"
# A 2 by 1 PNG: one red pixel, one blue.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEklEQVR4nGP4z8DAwMDAxMDAAAAe"
    "AwL+Tc1aMAAAAABJRU5ErkJggg=="
)


def file_panel(page: Page) -> Locator:
    return page.get_by_role("region", name="Files")


def open_home(page: Page, base: str) -> Locator:
    page.goto(base)
    panel = file_panel(page)
    expect(panel.get_by_role("list", name=re.compile("^Contents of"))).to_be_visible()
    return panel


def row(panel: Locator, name: str) -> Locator:
    """The control that opens the entry `name` in the folder shown."""
    return (
        panel.get_by_role("listitem")
        .filter(has=panel.page.get_by_role("button", name=f"Actions for {name}", exact=True))
        .locator(".file-open")
    )


def enter(panel: Locator, *folders: str) -> None:
    for folder in folders:
        panel.get_by_role("button", name=folder, exact=True).click()
        expect(
            panel.get_by_role("list", name=re.compile(f"^Contents of .*{folder}$"))
        ).to_be_visible()


def act(panel: Locator, name: str, action: str) -> None:
    panel.get_by_role("button", name=f"Actions for {name}", exact=True).click()
    panel.get_by_role("button", name=action, exact=True).click()


def problems(panel: Locator) -> Locator:
    return panel.get_by_role("alert")


def upload(page: Page, panel: Locator, files: list[FilePayload]) -> None:
    with page.expect_file_chooser() as chooser:
        panel.get_by_role("button", name="Upload", exact=True).click()
    chooser.value.set_files(files=files)


def drop(panel: Locator, name: str, data: bytes, mime: str) -> None:
    """Drops one file on the panel, as a file dragged from the desktop."""
    transfer = panel.page.evaluate_handle(
        """([name, data, mime]) => {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: mime }));
            return transfer;
        }""",
        [name, base64.b64encode(data).decode(), mime],
    )
    panel.dispatch_event("dragover", {"dataTransfer": transfer})
    panel.dispatch_event("drop", {"dataTransfer": transfer})


def test_a_new_notebook_is_named_by_keyboard_opens_and_stays(
    page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    panel.get_by_role("button", name="New notebook").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="New notebook")
    name = dialog.get_by_role("textbox", name="Name")
    expect(name).to_be_focused()
    expect(name).to_have_value("Untitled.ipynb")
    # The stem is selected: typing replaces it and keeps the extension.
    page.keyboard.type("my-analysis")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"notebook\.html\?path=my-analysis\.ipynb$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("my-analysis.ipynb")
    expect(code_cells(page)).to_have_count(1)
    replace_code(page, code_cells(page).first, "x = 'mine'")
    page.wait_for_timeout(500)

    panel = open_home(page, a_served_site)
    expect(row(panel, "my-analysis.ipynb")).to_have_accessible_description(re.compile("yours"))
    expect(page.get_by_role("link", name=re.compile(r"my-analysis\.ipynb"))).to_have_count(2)
    row(panel, "my-analysis.ipynb").click()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("x = 'mine'")


def test_a_name_that_exists_or_is_hidden_is_refused_in_the_dialog(
    page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    panel.get_by_role("button", name="New folder").click()
    dialog = page.get_by_role("dialog", name="New folder")
    name = dialog.get_by_role("textbox", name="Name")
    name.fill("en")
    dialog.get_by_role("button", name="Create").click()
    expect(name).to_have_accessible_description(
        "“en” exists already in this folder; choose another name."
    )
    expect(name).to_have_attribute("aria-invalid", "true")
    name.fill(".hidden")
    expect(name).to_have_accessible_description(re.compile("cannot start with a dot"))
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(panel.get_by_role("button", name="New folder")).to_be_focused()


def test_a_folder_and_a_file_are_created_renamed_and_deleted_by_keyboard(
    page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    panel.get_by_role("button", name="New folder").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("notes")
    page.keyboard.press("Enter")
    expect(row(panel, "notes")).to_be_focused()
    expect(panel.get_by_role("status")).to_have_text("Created “notes”.")

    # F2 renames the focused entry, as in a file manager.
    page.keyboard.press("F2")
    dialog = page.get_by_role("dialog", name="Rename “notes”")
    expect(dialog.get_by_role("textbox", name="New name")).to_have_value("notes")
    page.keyboard.type("journal")
    page.keyboard.press("Enter")
    expect(row(panel, "journal")).to_be_focused()
    expect(row(panel, "notes")).to_have_count(0)

    page.keyboard.press("Enter")  # into the folder
    expect(panel.get_by_role("list", name="Contents of journal")).to_be_visible()
    expect(panel.get_by_text("This folder is empty.")).to_be_visible()
    panel.get_by_role("button", name="New file").click()
    page.keyboard.type("todo.txt")
    page.keyboard.press("Enter")
    page.get_by_role("dialog", name="todo.txt").get_by_role("button", name="Close").click()
    expect(row(panel, "todo.txt")).to_be_visible()

    # Delete asks first; Cancel keeps the file.
    row(panel, "todo.txt").focus()
    page.keyboard.press("Delete")
    confirm = page.get_by_role("dialog", name="Delete “todo.txt”?")
    expect(confirm).to_contain_text("cannot be undone")
    page.keyboard.press("Escape")
    expect(row(panel, "todo.txt")).to_be_focused()
    act(panel, "todo.txt", "Delete")
    confirm.get_by_role("button", name="Delete").click()
    expect(row(panel, "todo.txt")).to_have_count(0)
    expect(panel.get_by_role("status")).to_have_text("Deleted “todo.txt”.")

    page.reload()
    panel = file_panel(page)
    expect(row(panel, "journal")).to_be_visible()
    enter(panel, "journal")
    expect(panel.get_by_text("This folder is empty.")).to_be_visible()


def test_a_text_file_is_edited_and_kept_in_the_browser(page: Page, a_served_site: str) -> None:
    panel = open_home(page, a_served_site)
    panel.get_by_role("button", name="New file").click()
    page.keyboard.type("hello.py")
    page.keyboard.press("Enter")
    editor = page.get_by_role("dialog", name="hello.py").get_by_role(
        "textbox", name="Contents of hello.py"
    )
    expect(editor).to_be_focused()
    page.keyboard.type("print('hi')")
    expect(page.get_by_role("dialog").get_by_role("status")).to_have_text("Saved in this browser.")
    assert in_every_theme(page) == []
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)

    page.reload()
    panel = file_panel(page)
    expect(row(panel, "hello.py")).to_have_accessible_description(re.compile("11 bytes"))
    row(panel, "hello.py").click()
    expect(page.get_by_role("dialog", name="hello.py").get_by_role("textbox")).to_have_text(
        "print('hi')"
    )


def test_a_course_csv_opens_as_a_table(page: Page, a_served_site: str) -> None:
    panel = open_home(page, a_served_site)
    enter(panel, "en", "data")
    row(panel, "weather-bristol-april.csv").click()
    dialog = page.get_by_role("dialog", name="weather-bristol-april.csv")
    table = dialog.get_by_role("table", name="weather-bristol-april.csv: 30 rows")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["date", "min_temp_c", "max_temp_c", "rain_mm", "sky"]
    )
    expect(table.locator("tbody").get_by_role("row")).to_have_count(30)
    expect(table.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        ["2024-04-01", "1.3", "9.3", "0.0", "sunny"]
    )
    # The table scrolls by keyboard.
    expect(
        dialog.get_by_role("region", name="weather-bristol-april.csv: 30 rows")
    ).to_have_attribute("tabindex", "0")


def test_a_long_csv_shows_its_first_rows_and_says_so(page: Page, a_served_site: str) -> None:
    panel = open_home(page, a_served_site)
    lines = ["n;square"] + [f"{i};{i * i}" for i in range(1200)]
    upload(
        page,
        panel,
        [{"name": "squares.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}],
    )
    row(panel, "squares.csv").click()
    table = page.get_by_role("dialog").get_by_role("table")
    # Semicolon-separated, as spreadsheets write CSV in French.
    expect(table).to_have_accessible_name("squares.csv: the first 500 of 1,200 rows")
    expect(table.get_by_role("columnheader")).to_have_text(["n", "square"])
    expect(table.locator("tbody").get_by_role("row")).to_have_count(500)


def test_files_upload_by_button_and_by_drag_and_drop_and_an_image_opens(
    page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    enter(panel, "en")
    upload(page, panel, [{"name": "notes.md", "mimeType": "text/markdown", "buffer": b"# Notes\n"}])
    expect(row(panel, "notes.md")).to_be_visible()
    expect(panel.get_by_role("status")).to_have_text("Uploaded notes.md.")

    drop(panel, "chart.png", PNG, "image/png")
    expect(row(panel, "chart.png")).to_be_visible()
    row(panel, "chart.png").click()
    image = page.get_by_role("dialog", name="chart.png").get_by_role("img", name="chart.png")
    expect(image).to_be_visible()
    assert image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]") == [2, 1]
    assert in_every_theme(page) == []
    page.keyboard.press("Escape")

    page.reload()
    panel = file_panel(page)
    enter(panel, "en")
    expect(row(panel, "notes.md")).to_be_visible()
    expect(row(panel, "chart.png")).to_have_accessible_description(re.compile(r"\d+ bytes · yours"))


def test_uploading_a_file_that_exists_asks_before_replacing_it(
    page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    enter(panel, "en", "data")
    replacement = b"date,min_temp_c\n2024-04-01,99\n"
    upload(
        page,
        panel,
        [{"name": "weather-bristol-april.csv", "mimeType": "text/csv", "buffer": replacement}],
    )
    ask = page.get_by_role("dialog", name="Replace “weather-bristol-april.csv”?")
    expect(ask).to_be_visible()
    assert in_every_theme(page) == []
    ask.get_by_role("button", name="Keep the existing file").click()
    expect(row(panel, "weather-bristol-april.csv")).to_have_accessible_description(
        re.compile("963 bytes$")
    )

    upload(
        page,
        panel,
        [{"name": "weather-bristol-april.csv", "mimeType": "text/csv", "buffer": replacement}],
    )
    ask.get_by_role("button", name="Replace").click()
    expect(row(panel, "weather-bristol-april.csv")).to_have_accessible_description(
        re.compile(f"{len(replacement)} bytes · your copy")
    )
    # A changed course file can go back to the course's version.
    act(
        panel,
        "weather-bristol-april.csv",
        REVERT,
    )
    page.get_by_role("dialog").get_by_role("button", name=REVERT).click()
    expect(row(panel, "weather-bristol-april.csv")).to_have_accessible_description(
        "File · 963 bytes"
    )


def test_a_malformed_notebook_upload_says_which_file_and_what_is_wrong(
    page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}
    good = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    upload(
        page,
        panel,
        [
            {"name": "broken.ipynb", "mimeType": "application/json", "buffer": b'{"cells": [1,'},
            {"name": "config.ipynb", "mimeType": "application/json", "buffer": b'{"name": "x"}'},
            {
                "name": "old.ipynb",
                "mimeType": "application/json",
                "buffer": json.dumps(v3).encode(),
            },
            {
                "name": "good.ipynb",
                "mimeType": "application/json",
                "buffer": nbformat.writes(good).encode(),
            },
        ],
    )
    alerts = problems(panel).get_by_role("paragraph")
    expect(alerts).to_have_count(3)
    expect(alerts.nth(0)).to_contain_text("“broken.ipynb” was not uploaded: it is not valid JSON")
    expect(alerts.nth(1)).to_contain_text(
        "“config.ipynb” was not uploaded: it is JSON, but not a notebook (it has no list of cells)."
    )
    expect(alerts.nth(2)).to_contain_text(
        "“old.ipynb” was not uploaded: it is an nbformat 3 notebook, which is too old."
    )
    # The others are untouched and the good one went through.
    for name in ("broken.ipynb", "config.ipynb", "old.ipynb"):
        expect(row(panel, name)).to_have_count(0)
    expect(row(panel, "good.ipynb")).to_be_visible()
    alerts.nth(0).get_by_role("button", name="Dismiss this message").click()
    expect(alerts).to_have_count(2)
    row(panel, "good.ipynb").click()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("1 + 1")


def test_a_real_invalid_notebook_is_refused_with_the_cell_at_fault(
    page: Page, a_served_site: str
) -> None:
    # The shared fixtures sit beside the repository (or beside its worktrees' folder).
    candidates = [folder / "shared" / "fixtures" / "notebooks" for folder in REPO.parents]
    fixtures = next((folder for folder in candidates if folder.is_dir()), None)
    if fixtures is None:
        pytest.skip("no shared fixture notebooks beside the repository")
    invalid = fixtures / "format" / "invalid.ipynb"
    panel = open_home(page, a_served_site)
    upload(
        page,
        panel,
        [{"name": "invalid.ipynb", "mimeType": "application/json", "buffer": invalid.read_bytes()}],
    )
    expect(problems(panel)).to_contain_text(
        "“invalid.ipynb” was not uploaded: cell 1 is not a valid notebook cell"
        " (it lacks a cell type or a source)."
    )
    expect(row(panel, "invalid.ipynb")).to_have_count(0)


def test_a_file_downloads_as_itself_and_a_notebook_as_ipynb_with_its_changes(
    page: Page, a_served_site: str, tmp_path: Path
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    replace_code(page, code_cells(page).first, "changed_here = 1")
    page.wait_for_timeout(500)
    panel = open_home(page, a_served_site)
    enter(panel, "en", "data")
    with page.expect_download() as csv_download:
        act(panel, "weather-bristol-april.csv", "Download")
    assert csv_download.value.suggested_filename == "weather-bristol-april.csv"
    csv_download.value.save_as(tmp_path / "weather.csv")
    assert (tmp_path / "weather.csv").read_bytes() == COURSE_CSV.read_bytes()

    panel.get_by_role("button", name="en", exact=True).click()
    with page.expect_download() as nb_download:
        act(panel, "01-welcome.ipynb", "Download")
    assert nb_download.value.suggested_filename == "01-welcome.ipynb"
    nb_download.value.save_as(tmp_path / "welcome.ipynb")
    notebook = nbformat.read(tmp_path / "welcome.ipynb", as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    assert next(c.source for c in notebook.cells if c.cell_type == "code") == "changed_here = 1"


def test_a_deleted_course_file_stays_hidden_until_restored(page: Page, a_served_site: str) -> None:
    panel = open_home(page, a_served_site)
    enter(panel, "en", "data")
    act(panel, "weather-bristol-april.csv", "Delete")
    confirm = page.get_by_role("dialog", name="Delete “weather-bristol-april.csv”?")
    expect(confirm).to_contain_text("comes with the course")
    confirm.get_by_role("button", name="Delete").click()
    expect(panel.get_by_text("This folder is empty.")).to_be_visible()

    page.reload()
    panel = file_panel(page)
    enter(panel, "en", "data")
    expect(panel.get_by_text("This folder is empty.")).to_be_visible()
    panel.get_by_role("button", name=RESTORE).click()
    expect(row(panel, "weather-bristol-april.csv")).to_be_visible()
    expect(panel.get_by_role("status")).to_have_text(f"{RESTORED} (1).")


def test_a_renamed_course_notebook_keeps_its_changes_and_leaves_the_course_list(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    replace_code(page, code_cells(page).first, "kept_through_rename = 1")
    page.wait_for_timeout(500)
    panel = open_home(page, a_served_site)
    enter(panel, "en")
    act(panel, "01-welcome.ipynb", "Rename")
    page.keyboard.type("my-welcome")
    page.keyboard.press("Enter")
    expect(row(panel, "my-welcome.ipynb")).to_be_focused()
    expect(row(panel, "01-welcome.ipynb")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"01-welcome\.ipynb"))).to_have_count(0)
    row(panel, "my-welcome.ipynb").click()
    expect(page).to_have_url(re.compile(r"path=en%2Fmy-welcome\.ipynb$"))
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("kept_through_rename = 1")
    # No longer the course's notebook: no offer to revert to the course's version.
    expect(page.get_by_text(f"differs from the course{APOSTROPHE}s version")).to_have_count(0)


def test_the_open_notebook_renamed_from_its_side_panel_reopens_under_its_new_name(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    replace_code(page, code_cells(page).first, "typed_before_rename = 1")
    toggle = page.get_by_role("button", name="Files", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    side = page.get_by_role("complementary", name="Files")
    expect(side.get_by_role("heading", name="Files")).to_be_focused()
    expect(row(side, "01-welcome.ipynb")).to_have_attribute("aria-current", "page")
    act(side, "01-welcome.ipynb", "Rename")
    page.keyboard.type("renamed")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"path=en%2Frenamed\.ipynb$"))
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("typed_before_rename = 1")
    # The panel stayed open, and closes from its own button.
    side = page.get_by_role("complementary", name="Files")
    side.get_by_role("button", name="Close the files panel").click()
    expect(side).to_be_hidden()
    expect(page.get_by_role("button", name="Files", exact=True)).to_be_focused()


def test_a_full_browser_storage_is_reported_in_plain_words(
    context: BrowserContext, page: Page, a_served_site: str
) -> None:
    panel = open_home(page, a_served_site)
    cdp = context.new_cdp_session(page)
    origin = f"{urlparse(a_served_site).scheme}://{urlparse(a_served_site).netloc}"
    cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin, "quotaSize": 200_000})
    try:
        upload(
            page,
            panel,
            [
                {
                    "name": "big.bin",
                    "mimeType": "application/octet-stream",
                    "buffer": bytes(2_000_000),
                }
            ],
        )
        expect(problems(panel)).to_contain_text(
            "“big.bin” could not be saved: this browser has no room left for this site."
        )
        expect(row(panel, "big.bin")).to_have_count(0)
    finally:
        cdp.send("Storage.overrideQuotaForOrigin", {"origin": origin})
    # Nothing else was affected: the panel still works.
    upload(page, panel, [{"name": "small.txt", "mimeType": "text/plain", "buffer": b"ok"}])
    expect(row(panel, "small.txt")).to_be_visible()


def test_a_notebook_uploaded_over_the_open_one_replaces_what_the_page_shows(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, WELCOME)
    page.get_by_role("button", name="Files", exact=True).click()
    side = page.get_by_role("complementary", name="Files")
    replacement = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from_the_upload = 1")])
    upload(
        page,
        side,
        [
            {
                "name": "01-welcome.ipynb",
                "mimeType": "application/x-ipynb+json",
                "buffer": nbformat.writes(replacement).encode(),
            }
        ],
    )
    page.get_by_role("dialog", name="Replace “01-welcome.ipynb”?").get_by_role(
        "button", name="Replace"
    ).click()
    expect(code_cells(page)).to_have_count(1)
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("from_the_upload = 1")
    page.reload()
    expect(code_cells(page).first.get_by_role("textbox")).to_have_text("from_the_upload = 1")
