"""The service worker of a built site: sw.js at the root, with the build's app files on top."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ardoise.build.assets import static_folder

from .test_site import build

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

HEADER = re.compile(r"self\.ARDOISE_OFFLINE = (\{.*\});\n")


def offline_config(site: Path) -> tuple[dict[str, Any], str]:
    """The list written on top of sw.js, and the worker's code below it."""
    text = (site / "sw.js").read_text("utf-8")
    match = HEADER.match(text)
    assert match, text[:200]
    return json.loads(match.group(1)), text[match.end() :]


def integrity(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def test_sw_js_is_the_built_worker_with_every_app_file_and_its_integrity_on_top(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    config, code = offline_config(site)
    assert code == (static_folder() / "sw.js").read_text("utf-8")
    assert config["contents"] == {"index": "contents.json", "root": "contents/"}
    every_file = {
        path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()
    }
    expected = {
        name: integrity(path)
        for name, path in every_file.items()
        if not name.startswith("contents")
        and name != "sw.js"
        # Only first visits on fast links download the served snapshot (30 MB).
        and not name.startswith("snapshot/")
        # Precompressed copies are served in place of their originals, never asked for.
        and not name.endswith((".ttf", ".woff", ".LEGAL.txt", ".br", ".gz"))
    }
    assert config["files"] == expected
    assert list(config["files"]) == sorted(expected)
    assert config["onDemand"] == [], "the npm runtime is kept up front, whole"


def test_the_list_holds_what_the_pages_load_and_leaves_the_courses_files_out(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    files = offline_config(site)[0]["files"]
    for page in ["index.html", "notebook.html", "accessibility.html"]:
        assert page in files
        for reference in re.findall(r'(?:src|href)="(assets/[^"]+)"', (site / page).read_text()):
            assert reference in files
    manifest = json.loads((site / "site.json").read_text("utf-8"))
    assert manifest["runtime"]["url"] in files
    assert "site.json" in files
    assert "pyodide/pyodide.asm.wasm" in files and "pyodide/python_stdlib.zip" in files
    assert any(name.startswith("assets/worker-") for name in files)
    assert any(name.endswith(".woff2") for name in files)
    assert not [name for name in files if name.startswith("contents") or name == "sw.js"]


def test_a_new_version_comes_with_a_changed_app_file_not_with_changed_contents(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    build(ardoise_cli, a_course, tmp_path / "one")
    (a_course / "en" / "data" / "weather.csv").write_text("day,rain\nTuesday,0\n", "utf-8")
    build(ardoise_cli, a_course, tmp_path / "two")
    build(ardoise_cli, a_course, tmp_path / "three", "--title", "Another title")
    one, three = (offline_config(tmp_path / name)[0] for name in ["one", "three"])
    # The course's files are revalidated by the worker: changing one needs no new version.
    assert (tmp_path / "one" / "sw.js").read_bytes() == (tmp_path / "two" / "sw.js").read_bytes()
    assert three["version"] != one["version"]
    changed = {name for name in three["files"] if three["files"][name] != one["files"].get(name)}
    assert changed == {"site.json"}
