"""Real notebooks go through the browser's model and come back as the same notebook.

Each fixture notebook is opened in the app (nbformat → Yjs model) and
downloaded (model → nbformat 4.5). Cells, their order, types, sources,
metadata, attachments and outputs, and the notebook's metadata must all
survive; notebooks older than 4.5 gain cell ids, as Jupyter gives them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import Page

from .conftest import REPO, Server, run_ardoise
from .test_notebook import open_notebook

FIXTURES = REPO.parent / "shared" / "fixtures" / "notebooks"
NOTEBOOKS = sorted(
    path.relative_to(FIXTURES).as_posix()
    for path in FIXTURES.glob("*/*.ipynb")
    if path.name != "invalid.ipynb"
)

pytestmark = pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"no fixture notebooks at {FIXTURES}")


@pytest.fixture(scope="module")
def a_site_of_real_notebooks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("fixtures")
    content = root / "content"
    shutil.copytree(FIXTURES, content, ignore=shutil.ignore_patterns("invalid.ipynb"))
    site = root / "site"
    result = run_ardoise("build", str(content), "-o", str(site))
    assert result.returncode == 0, result.stderr
    server = Server(site)
    yield server.url
    server.stop()


def joined(value: Any) -> Any:
    return "".join(value) if isinstance(value, list) else value


def normalised_output(output: dict[str, Any]) -> dict[str, Any]:
    output = dict(output)
    if "text" in output:
        output["text"] = joined(output["text"])
    if "data" in output:
        output["data"] = {
            mime: value if mime.endswith("json") else joined(value)
            for mime, value in output["data"].items()
        }
    output.setdefault("metadata", {}) if output["output_type"] != "stream" else None
    return output


def normalised_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """JupyterLab mirrors the old `collapsed` flag into `jupyter.outputs_hidden`.

    The model does the same, so the mirrored key is not a difference.
    """
    metadata = json.loads(json.dumps(metadata))
    jupyter = metadata.get("jupyter", {})
    if "collapsed" in metadata and jupyter.get("outputs_hidden") == metadata["collapsed"]:
        del jupyter["outputs_hidden"]
        if not jupyter:
            del metadata["jupyter"]
    return metadata


def normalised_cell(cell: dict[str, Any]) -> dict[str, Any]:
    result = {
        "cell_type": cell["cell_type"],
        "source": joined(cell["source"]),
        "metadata": normalised_metadata(cell.get("metadata", {})),
        "attachments": cell.get("attachments"),
    }
    if cell["cell_type"] == "code":
        result["execution_count"] = cell.get("execution_count")
        result["outputs"] = [normalised_output(o) for o in cell.get("outputs", [])]
    return result


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_a_real_notebook_survives_the_round_trip_through_the_browser(
    page: Page, a_site_of_real_notebooks: str, path: str
) -> None:
    original = json.loads((FIXTURES / path).read_text("utf-8"))
    open_notebook(page, a_site_of_real_notebooks, path)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download").click()
    text = Path(info.value.path()).read_text("utf-8")

    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 5)
    back = json.loads(text)
    assert back["metadata"] == original["metadata"]
    assert [normalised_cell(c) for c in back["cells"]] == [
        normalised_cell(c) for c in original["cells"]
    ]
    ids = [cell["id"] for cell in back["cells"]]
    assert len(set(ids)) == len(ids)
    if original.get("nbformat_minor", 0) >= 5:
        assert ids == [cell["id"] for cell in original["cells"]]
