"""Bad input stops `ardoise build` with one clear line each, exit status 1 and no traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ardoise.build.assets import static_folder

from .conftest import FIXTURES, needs_fixtures, write_notebook

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

# The real CLI, with its one lookup of the built front end pointed at argv[1].
WITH_STATIC = (
    "import pathlib, sys; import ardoise.build.assets as assets; "
    "assets.static_folder = lambda: pathlib.Path(sys.argv[1]); "
    "from ardoise.cli import main; sys.exit(main(sys.argv[2:]))"
)


def build_errors(ardoise_cli: ArdoiseCLI, content: Path, site: Path) -> list[str]:
    result = ardoise_cli.run("build", str(content), "-o", str(site))
    assert result.stdout == ""
    return ardoise_cli.errors(result)


def test_a_missing_content_folder_is_named(ardoise_cli: ArdoiseCLI, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert build_errors(ardoise_cli, missing, tmp_path / "site") == [
        f"content folder '{missing}' does not exist; pass the folder that holds your notebooks"
    ]
    assert not (tmp_path / "site").exists()


def test_a_content_path_that_is_a_file_is_refused(ardoise_cli: ArdoiseCLI, tmp_path: Path) -> None:
    notebook = tmp_path / "lesson.ipynb"
    write_notebook(notebook, "# Lesson")
    assert build_errors(ardoise_cli, notebook, tmp_path / "site") == [
        f"content path '{notebook}' is a file, not a folder; "
        "pass the folder that holds your notebooks"
    ]


def test_a_content_folder_with_only_hidden_files_and_folders_is_empty(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    content = tmp_path / "course"
    (content / ".ipynb_checkpoints").mkdir(parents=True)
    (content / "empty-chapter").mkdir()
    (content / ".notes.txt").write_text("hidden\n")
    assert build_errors(ardoise_cli, content, tmp_path / "site") == [
        f"content folder '{content}' has no files to publish (hidden files are skipped); "
        "add your notebooks and data files to it"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course"]


@pytest.mark.parametrize("where", ["course", "course/site", "course/en/.site"])
def test_an_output_folder_inside_the_content_folder_is_refused(
    ardoise_cli: ArdoiseCLI, a_course: Path, where: str
) -> None:
    site = a_course.parent / where
    (error,) = build_errors(ardoise_cli, a_course, site)
    if site == a_course:
        assert error == (
            f"output folder '{site}' is the content folder; "
            f"choose an output folder outside '{a_course}'"
        )
    else:
        assert error == (
            f"output folder '{site}' is inside the content folder '{a_course}', so the site "
            f"would publish itself; choose an output folder outside '{a_course}'"
        )
        assert not site.exists()


def test_a_content_folder_inside_the_output_folder_is_refused(
    ardoise_cli: ArdoiseCLI, a_course: Path
) -> None:
    site = a_course.parent
    assert build_errors(ardoise_cli, a_course, site) == [
        f"content folder '{a_course}' is inside the output folder '{site}', "
        "which the build replaces; choose another output folder"
    ]
    assert (a_course / "README.md").is_file()


def test_a_folder_that_is_not_an_ardoise_site_is_never_overwritten(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "documents"
    site.mkdir()
    (site / "thesis.tex").write_text("precious\n")
    (site / "site.json").write_text(json.dumps({"generator": "jekyll"}))
    assert build_errors(ardoise_cli, a_course, site) == [
        f"output folder '{site}' is not empty and holds no Ardoise site (no site.json); "
        f"choose a new or empty folder, or remove '{site}' first"
    ]
    assert sorted(path.name for path in site.iterdir()) == ["site.json", "thesis.tex"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course", "documents"]


def test_an_output_path_that_is_a_file_is_refused(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.write_text("not a folder\n")
    assert build_errors(ardoise_cli, a_course, site) == [
        f"output path '{site}' is a file, not a folder; choose another output folder"
    ]
    assert site.read_text() == "not a folder\n"


def test_invalid_json_is_reported_with_its_line_and_column(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    (a_course / "en" / "broken.ipynb").write_text('{\n "cells": [],\n "nbformat": 4,,\n}\n')
    assert build_errors(ardoise_cli, a_course, tmp_path / "site") == [
        "en/broken.ipynb: invalid JSON at line 3, column 16: "
        "Expecting property name enclosed in double quotes",
        "nothing was written: fix the file above and build again",
    ]


def test_an_unknown_cell_type_is_reported_with_its_json_path(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    path = a_course / "en" / "01-welcome.ipynb"
    notebook = json.loads(path.read_text("utf-8"))
    notebook["cells"][1]["cell_type"] = "code2"
    path.write_text(json.dumps(notebook), "utf-8")
    (error, _) = build_errors(ardoise_cli, a_course, tmp_path / "site")
    assert error == (
        "en/01-welcome.ipynb: invalid notebook: "
        "cells[1].cell_type: 'code2' is not one of 'code', 'markdown', 'raw'"
    )


def test_a_field_of_the_wrong_type_is_reported_with_its_json_path(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    path = a_course / "fr" / "01-bienvenue.ipynb"
    notebook = json.loads(path.read_text("utf-8"))
    notebook["cells"][0]["source"] = ["Bonjour", 42]
    path.write_text(json.dumps(notebook), "utf-8")
    (error, _) = build_errors(ardoise_cli, a_course, tmp_path / "site")
    assert error == (
        "fr/01-bienvenue.ipynb: invalid notebook: cells[0].source[1]: 42 is not of type 'string'"
    )


def test_a_notebook_that_is_not_utf8_is_reported(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    path = a_course / "fr" / "01-bienvenue.ipynb"
    path.write_bytes(path.read_text("utf-8").replace("Pas de titre", "Été").encode("latin-1"))
    (error, _) = build_errors(ardoise_cli, a_course, tmp_path / "site")
    assert error.startswith("fr/01-bienvenue.ipynb: not UTF-8 text (invalid continuation byte")
    assert error.endswith("; save it again as UTF-8")


def test_an_nbformat_3_notebook_is_refused_with_how_to_convert_it(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    old = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}
    (a_course / "old.ipynb").write_text(json.dumps(old))
    (error, _) = build_errors(ardoise_cli, a_course, tmp_path / "site")
    assert error == (
        "old.ipynb: nbformat 3 notebooks are not supported; "
        "open it in Jupyter and save it, which converts it to nbformat 4"
    )


def test_malformed_notebooks_that_trip_up_nbformat_are_still_explained(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    base = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}}
    documents = {
        "a.ipynb": {**base, "cells": None},
        "b.ipynb": {**base, "cells": [["not", "a", "cell"]]},
        "c.ipynb": {**base, "cells": [{"id": "x", "cell_type": 3, "metadata": {}, "source": ""}]},
        "d.ipynb": {**base, "nbformat_minor": "5", "cells": []},
        "e.ipynb": {k: v for k, v in base.items() if k != "metadata"} | {"cells": []},
    }
    for name, document in documents.items():
        (a_course / name).write_text(json.dumps(document))
    assert build_errors(ardoise_cli, a_course, tmp_path / "site") == [
        "a.ipynb: invalid notebook: cells: None is not of type 'array'",
        "b.ipynb: invalid notebook: cells[0]: ['not', 'a', 'cell'] is not of type 'object'",
        "c.ipynb: invalid notebook: cells[0].cell_type: 3 is not one of 'code', 'markdown', 'raw'",
        "d.ipynb: invalid notebook: 'nbformat_minor' is missing or not a number",
        "e.ipynb: invalid notebook: 'metadata' is a required property",
        "nothing was written: fix the 5 files above and build again",
    ]


def test_every_bad_notebook_is_reported_and_the_previous_site_is_kept(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    assert ardoise_cli.run("build", str(a_course), "-o", str(site)).returncode == 0
    before = sorted(path.relative_to(site) for path in site.rglob("*"))
    (a_course / "en" / "bad.ipynb").write_text("[]")
    (a_course / "fr" / "vide.ipynb").write_text("")
    (a_course / "a.ipynb").write_text('{"nbformat": 4}')
    assert build_errors(ardoise_cli, a_course, site) == [
        "a.ipynb: invalid notebook: 'nbformat_minor' is missing or not a number",
        "en/bad.ipynb: invalid notebook: the file holds a JSON array",
        "fr/vide.ipynb: invalid JSON at line 1, column 1: Expecting value",
        "nothing was written: fix the 3 files above and build again",
    ]
    assert sorted(path.relative_to(site) for path in site.rglob("*")) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course", "site"]


def test_an_unreadable_file_is_named_with_the_reason(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    # Tests run as root, which chmod 000 does not stop; a dangling link cannot be read by anyone.
    os.symlink("missing.csv", a_course / "en" / "data" / "rain.csv")
    assert build_errors(ardoise_cli, a_course, tmp_path / "site") == [
        "en/data/rain.csv: cannot read it: No such file or directory "
        "(it is a symbolic link to 'missing.csv', which does not exist)",
        "nothing was written: fix the file above and build again",
    ]
    assert not (tmp_path / "site").exists()


def test_a_folder_linking_to_itself_is_reported(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    os.symlink("..", a_course / "en" / "up")
    assert build_errors(ardoise_cli, a_course, tmp_path / "site")[0] == (
        "en/up: a symbolic link to a folder that contains it; remove the link"
    )


@needs_fixtures
def test_the_real_fixture_notebooks_fail_only_because_of_the_invalid_one(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    assert build_errors(ardoise_cli, FIXTURES, tmp_path / "site") == [
        "format/invalid.ipynb: invalid notebook: cells[0]: 'source' is a required property",
        "nothing was written: fix the file above and build again",
    ]


def test_a_missing_browser_app_is_explained(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "_static"
    empty.mkdir()
    site = str(tmp_path / "site")
    result = ardoise_cli.run(str(empty), "build", str(a_course), "-o", site, code=WITH_STATIC)
    assert ardoise_cli.errors(result) == [
        f"the browser app is not built in this installation (no index.html in {empty}); "
        "reinstall Ardoise with `pip install .` from a source checkout with Node.js 20+"
    ]
    assert not (tmp_path / "site").exists()


def test_a_browser_app_built_without_its_service_worker_is_explained(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    older = tmp_path / "_static"
    older.mkdir()
    for child in static_folder().iterdir():
        if child.name != "sw.js":
            (older / child.name).symlink_to(child)
    site = str(tmp_path / "site")
    result = ardoise_cli.run(str(older), "build", str(a_course), "-o", site, code=WITH_STATIC)
    assert ardoise_cli.errors(result) == [
        f"the browser app is not built in this installation (no readable {older / 'sw.js'}); "
        "reinstall Ardoise with `pip install .` from a source checkout with Node.js 20+"
    ]
    assert not (tmp_path / "site").exists()
