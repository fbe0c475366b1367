"""Python in the browser sees the user's files, and what it writes is kept.

The notebook's folder is Python's working directory; the file panel beside the
notebook shows the same files.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import PYTHON_READY_MS
from .test_files import enter, row, upload
from .test_notebook import code_cells, open_notebook, output_of, replace_code, wait_until_ready

CSV_NOTEBOOK = "en/03-reading-a-csv-file.ipynb"


def side_panel(page: Page) -> Locator:
    page.get_by_role("button", name="Files", exact=True).click()
    panel = page.get_by_role("complementary", name="Files")
    expect(panel.get_by_role("list", name=re.compile("^Contents of"))).to_be_visible()
    return panel


def run(page: Page, code: str) -> Locator:
    """Runs `code` in the first code cell and returns that cell's output."""
    cell = code_cells(page).first
    replace_code(page, cell, code)
    page.keyboard.press("Control+Enter")
    expect(cell).to_have_accessible_name(re.compile(r"ran as \[\d+\]"), timeout=PYTHON_READY_MS)
    return output_of(cell)


def test_an_uploaded_csv_and_an_edited_file_are_seen_by_python_without_a_restart(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, CSV_NOTEBOOK)
    wait_until_ready(page)
    panel = side_panel(page)
    upload(
        page,
        panel,
        [{"name": "marks.csv", "mimeType": "text/csv", "buffer": b"name,mark\nAda,19\nAlan,17\n"}],
    )
    expect(row(panel, "marks.csv")).to_be_visible()
    output = run(page, "import csv\nprint([r['mark'] for r in csv.DictReader(open('marks.csv'))])")
    expect(output).to_have_text("['19', '17']")

    # Edited in the panel's editor: Python reads the new text.
    panel.get_by_role("button", name="New file").click()
    page.keyboard.type("greeting.txt")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="greeting.txt")
    expect(dialog.get_by_role("textbox", name="Contents of greeting.txt")).to_be_focused()
    page.keyboard.type("bonjour")
    expect(dialog.get_by_role("status")).to_have_text("Saved in this browser.")
    dialog.get_by_role("button", name="Close").click()
    expect(run(page, "print(open('greeting.txt').read())")).to_have_text("bonjour")
    expect(page.get_by_role("status").filter(has_text="Python:")).to_have_text("Python: ready")


def test_a_file_written_by_python_appears_in_the_panel_and_survives_a_reload(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, CSV_NOTEBOOK)
    panel = side_panel(page)
    expect(row(panel, "summary.txt")).to_have_count(0)
    run(
        page,
        "import os\n"
        "with open('summary.txt', 'w') as f:\n"
        "    f.write('30 days of weather')\n"
        "os.makedirs('results/april', exist_ok=True)\n"
        "print('done')",
    )
    expect(row(panel, "summary.txt")).to_have_accessible_description(re.compile("18 bytes · yours"))
    expect(row(panel, "results")).to_be_visible()

    page.reload()
    panel = page.get_by_role("complementary", name="Files")  # left open: it stays open
    expect(row(panel, "summary.txt")).to_be_visible()
    enter(panel, "results")
    expect(row(panel, "april")).to_be_visible()
    output = run(
        page, "import os\nprint(open('summary.txt').read(), os.path.isdir('results/april'))"
    )
    expect(output).to_have_text("30 days of weather True")

    # %%writefile too; and what Python overwrites is replaced in the panel.
    panel.get_by_role("button", name="Course", exact=True).click()
    enter(panel, "en")
    run(page, "%%writefile summary.txt\nrewritten by a magic")
    expect(row(panel, "summary.txt")).not_to_have_accessible_description(re.compile("18 bytes"))
    row(panel, "summary.txt").click()
    expect(page.get_by_role("dialog").get_by_role("textbox")).to_have_text("rewritten by a magic")


def test_a_file_deleted_by_python_disappears_from_the_panel_and_stays_deleted(
    page: Page, a_served_site: str
) -> None:
    open_notebook(page, a_served_site, CSV_NOTEBOOK)
    panel = side_panel(page)
    enter(panel, "data")
    expect(row(panel, "weather-bristol-april.csv")).to_be_visible()
    output = run(
        page, "import os\nos.remove('data/weather-bristol-april.csv')\nprint(os.listdir('data'))"
    )
    expect(output).to_have_text("[]")
    expect(row(panel, "weather-bristol-april.csv")).to_have_count(0)
    expect(panel.get_by_text("This folder is empty.")).to_be_visible()

    page.reload()
    panel = page.get_by_role("complementary", name="Files")
    enter(panel, "data")
    expect(panel.get_by_text("This folder is empty.")).to_be_visible()
    expect(
        run(page, "import os\nprint(os.path.exists('data/weather-bristol-april.csv'))")
    ).to_have_text("False")
