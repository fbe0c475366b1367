"""`ardoise build` turns a content folder into a complete, reproducible static site."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from ardoise.build.assets import static_folder
from ardoise.build.runtime import (
    COMPILED_ON_USE,
    package_runtime,
    runtime_files,
    runtime_sources,
)

from .conftest import FIXTURES, MODIFIED, needs_fixtures

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder`, by relative path, with its SHA-256."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def build(ardoise_cli: ArdoiseCLI, content: Path, site: Path, *options: str) -> str:
    result = ardoise_cli.run("build", str(content), "-o", str(site), *options)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_a_build_prints_what_it_built_and_how_to_serve_it(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    stdout = build(ardoise_cli, a_course, tmp_path / "site")
    version = json.loads((static_folder() / "pyodide" / "package.json").read_text())["version"]
    assert stdout.splitlines() == [
        f"Built {tmp_path / 'site'}/ from {a_course}: 3 notebooks, 2 files, Pyodide {version}",
        f"Serve it with: ardoise serve {tmp_path / 'site'}",
    ]


def test_the_site_holds_the_app_pyodide_the_runtime_the_contents_and_the_manifest(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    # The built service worker becomes the site's sw.js with the build's file list on top.
    static = {name: digest for name, digest in tree(static_folder()).items() if name != "sw.js"}
    app = {name: digest for name, digest in static.items() if not name.startswith("pyodide/")}
    assert "index.html" in app and "notebook.html" in app
    built = tree(site)
    moved = {
        name: digest
        for name, digest in static.items()
        if not name.startswith("runtime-bytecode/")  # it goes into the runtime zip
        and name != "snapshot/snapshot.json"  # what the build checks the snapshot against
    }
    assert any(name.startswith("snapshot/python-") for name in moved)
    assert {name: built.get(name) for name in moved} == moved
    runtime = [name for name in built if name.startswith("runtime/") and name.endswith(".zip")]
    assert len(runtime) == 2  # the runtime, and the turtle downloaded on its first import
    contents = sorted(
        name for name in built if name.startswith("contents/") and not name.endswith((".br", ".gz"))
    )
    assert contents == [
        "contents/README.md",
        "contents/en/01-welcome.ipynb",
        "contents/en/02-data.ipynb",
        "contents/en/data/weather.csv",
        "contents/fr/01-bienvenue.ipynb",
    ]

    def plain(names: object) -> set[str]:
        return {name for name in names if not name.endswith((".br", ".gz"))}  # type: ignore[attr-defined]

    assert plain(built) == plain(moved) | set(runtime) | set(contents) | {
        "site.json",
        "contents.json",
        "sw.js",
    }


def test_contents_are_copied_byte_for_byte_with_their_modification_times(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    for name in ["en/01-welcome.ipynb", "en/data/weather.csv", "README.md"]:
        source, copy = a_course / name, site / "contents" / name
        assert copy.read_bytes() == source.read_bytes()
        assert copy.stat().st_mtime == source.stat().st_mtime


def test_the_contents_index_lists_every_file_and_folder_sorted_by_path(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    index = json.loads((site / "contents.json").read_text("utf-8"))

    def file(name: str, kind: str, mimetype: str, **title: str | None) -> dict[str, object]:
        data = (a_course / name).read_bytes()
        return {
            "path": name,
            "name": name.rsplit("/", 1)[-1],
            "type": kind,
            "size": len(data),
            "last_modified": MODIFIED,
            "sha256": hashlib.sha256(data).hexdigest(),
            "mimetype": mimetype,
            **title,
        }

    def folder(name: str) -> dict[str, object]:
        return {
            "path": name,
            "name": name.rsplit("/", 1)[-1],
            "type": "directory",
            "last_modified": MODIFIED,
        }

    notebook = "application/x-ipynb+json"
    assert index == {
        "format": 1,
        "entries": [
            file("README.md", "file", "text/markdown"),
            folder("en"),
            file("en/01-welcome.ipynb", "notebook", notebook, title="Welcome to Ardoise"),
            file("en/02-data.ipynb", "notebook", notebook, title="Reading data"),
            folder("en/data"),
            file("en/data/weather.csv", "file", "text/csv"),
            folder("fr"),
            file("fr/01-bienvenue.ipynb", "notebook", notebook, title=None),
        ],
    }


def test_the_manifest_points_to_pyodide_the_runtime_zip_the_packages_and_the_contents(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    text = (site / "site.json").read_text("utf-8")
    manifest = json.loads(text)
    pyodide = site / "pyodide"
    version = json.loads((pyodide / "package.json").read_text())["version"]
    files = sorted(pyodide.iterdir())
    sizes = {path.name: path.stat().st_size for path in files if path.suffix not in (".br", ".gz")}
    pyodide_digest = hashlib.sha256(
        b"".join(
            path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest()
            for path in files
        )
    ).hexdigest()
    runtime = site / manifest["runtime"]["url"]
    digest = hashlib.sha256(runtime.read_bytes()).hexdigest()
    turtle = manifest["runtime"]["onUse"]["ardoise.runtime.turtle"]
    turtle_digest = hashlib.sha256((site / turtle).read_bytes()).hexdigest()
    assert turtle == f"runtime/ardoise-turtle-{turtle_digest[:12]}.zip"
    (snapshot,) = (site / "snapshot").glob("*.snapshot")
    assert manifest == {
        "format": 1,
        "generator": "ardoise 0.1.0",
        "title": None,
        "pyodide": {
            "version": version,
            "indexURL": "pyodide/",
            "packagesURL": f"https://cdn.jsdelivr.net/pyodide/v{version}/full/",
            "sha256": pyodide_digest,
            "sizes": sizes,
            "compressed": {
                path.name[:-3]: path.stat().st_size for path in files if path.suffix == ".br"
            },
        },
        "runtime": {
            "url": f"runtime/ardoise-runtime-{digest[:12]}.zip",
            "sha256": digest,
            "size": runtime.stat().st_size,
            "onUse": {"ardoise.runtime.turtle": turtle},
            "snapshot": {
                "url": f"snapshot/{snapshot.name}",
                "size": snapshot.stat().st_size,
                "compressed": snapshot.with_name(snapshot.name + ".br").stat().st_size,
            },
        },
        "packages": {"bundled": {}},
        "contents": {"index": "contents.json", "root": "contents/"},
    }
    assert text == json.dumps(manifest, indent=1, sort_keys=True) + "\n"


def test_the_title_option_sets_the_sites_title(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site, "--title", "Cours de Python — 2nde")
    assert json.loads((site / "site.json").read_text("utf-8"))["title"] == "Cours de Python — 2nde"


def test_the_runtime_zip_holds_the_ardoise_package_and_its_runtime_with_fixed_metadata(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    package = static_folder().parent
    modules = (package / "runtime").rglob("*.py")
    expected = ["ardoise/__init__.py"]
    expected += (f"ardoise/{path.relative_to(package).as_posix()}" for path in modules)
    expected = [name for name in expected if not name.startswith(COMPILED_ON_USE)]
    (archive,) = (site / "runtime").glob("ardoise-runtime-*.zip")
    with zipfile.ZipFile(archive) as runtime:
        infos = runtime.infolist()
        names = [info.filename for info in infos]
        # Each module once: as source, or as bytecode alone (the test below says which).
        assert sorted(name.removesuffix("c") for name in names) == sorted(expected)
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            if info.filename.endswith(".py"):
                assert runtime.read(info) == (package.parent / info.filename).read_bytes()


def modules_a_kernel_start_imports() -> set[str]:
    """The `ardoise` modules imported by creating a kernel, in a fresh CPython."""
    script = (
        "import sys; from ardoise.runtime import Kernel; Kernel(lambda *a: None, cwd='.'); "
        "print('\\n'.join(m for m in sys.modules if m.split('.')[0] == 'ardoise'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    return set(result.stdout.split())


def module_of(source: str) -> str:
    return source.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def test_the_runtime_zip_carries_bytecode_alone_for_every_module_a_kernel_start_imports(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    bytecode = static_folder() / "runtime-bytecode"
    at_start = modules_a_kernel_start_imports()
    assert "ardoise.runtime.kernel" in at_start
    assert "ardoise.runtime.turtle" not in at_start  # imported by a cell's `import turtle`
    (archive,) = (site / "runtime").glob("ardoise-runtime-*.zip")
    with zipfile.ZipFile(archive) as runtime:
        names = set(runtime.namelist())
        assert not any("__pycache__" in name for name in names)
        for source, _ in runtime_sources():
            module = module_of(source)
            if module not in at_start and source.startswith(COMPILED_ON_USE):
                # Downloaded on first use, in a zip of its own (the test below).
                assert source not in names and source + "c" not in names
                continue
            # Bytecode beside where the source would be, and no source: Python imports it as is.
            assert source + "c" in names and source not in names, module
            folder, _, file = source.rpartition("/")
            (pyc,) = (bytecode / folder / "__pycache__").glob(f"{file[:-3]}.cpython-3*.pyc")
            assert runtime.read(source + "c") == pyc.read_bytes()
        assert at_start <= {module_of(name.removesuffix("c")) for name in names}
    assert not (site / "runtime-bytecode").exists()


def test_the_turtle_is_a_zip_of_its_own_sources_named_in_the_manifest(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    manifest = json.loads((site / "site.json").read_text("utf-8"))
    archive = site / manifest["runtime"]["onUse"]["ardoise.runtime.turtle"]
    package = static_folder().parent
    expected = sorted(
        f"ardoise/{path.relative_to(package).as_posix()}"
        for path in (package / "runtime" / "turtle").rglob("*.py")
    )
    with zipfile.ZipFile(archive) as turtle:
        assert turtle.namelist() == expected
        for name in expected:
            assert turtle.read(name) == (package.parent / name).read_bytes()
    # Kept for offline like every app file, and precompressed.
    assert archive.relative_to(site).as_posix() in (site / "sw.js").read_text("utf-8")
    assert archive.with_name(archive.name + ".br").is_file()


def test_a_runtime_module_changed_since_its_bytecode_was_made_goes_as_source(
    tmp_path: Path,
) -> None:
    """Stale bytecode is never shipped: the source goes instead, compiled on import."""
    static = tmp_path / "static"
    shutil.copytree(static_folder() / "runtime-bytecode", static / "runtime-bytecode")
    kernel = dict(runtime_sources())["ardoise/runtime/kernel.py"]
    fresh = dict(runtime_files(static_folder()))
    assert "ardoise/runtime/kernel.pyc" in fresh and "ardoise/runtime/kernel.py" not in fresh
    (pyc,) = (static / "runtime-bytecode/ardoise/runtime/__pycache__").glob("kernel.*.pyc")
    data = bytearray(pyc.read_bytes())
    data[8:16] = bytes(8)  # the hash of another source
    pyc.write_bytes(bytes(data))
    stale = dict(runtime_files(static))
    assert stale["ardoise/runtime/kernel.py"] == kernel
    assert "ardoise/runtime/kernel.pyc" not in stale
    assert "ardoise/runtime/shell.pyc" in stale  # the others keep their bytecode


def served_snapshot_of(site: Path) -> object:
    return json.loads((site / "site.json").read_text("utf-8"))["runtime"].get("snapshot")


def test_the_site_serves_the_snapshot_made_from_its_own_runtime_and_pyodide(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    made = json.loads((static_folder() / "snapshot" / "snapshot.json").read_text("utf-8"))
    runtime = json.loads((site / "site.json").read_text("utf-8"))["runtime"]
    assert made["runtimeSHA256"] == runtime["sha256"]
    for name, digest in made["pyodide"].items():
        assert hashlib.sha256((site / "pyodide" / name).read_bytes()).hexdigest() == digest
    snapshot = site / runtime["snapshot"]["url"]
    assert snapshot.read_bytes() == (static_folder() / "snapshot" / made["file"]).read_bytes()
    # WebAssembly memory: a whole number of 64 KiB pages, and most of it compresses away.
    assert runtime["snapshot"]["size"] == snapshot.stat().st_size > 10_000_000
    brotli = snapshot.with_name(snapshot.name + ".br").stat().st_size
    gzipped = snapshot.with_name(snapshot.name + ".gz").stat().st_size
    assert brotli < gzipped < snapshot.stat().st_size / 5
    # Only first visits on fast links download it: the service worker does not keep it.
    assert "snapshot/" not in (site / "sw.js").read_text("utf-8").split("\n", 1)[0]


def test_a_snapshot_made_from_another_runtime_or_pyodide_is_not_served(tmp_path: Path) -> None:
    """An editable install whose runtime changed since the app was built, say."""
    static = tmp_path / "static"
    for folder in ("runtime-bytecode", "snapshot"):
        shutil.copytree(static_folder() / folder, static / folder)
    info = static / "snapshot" / "snapshot.json"
    made = json.loads(info.read_text("utf-8"))
    site = tmp_path / "site"
    shutil.copytree(static_folder() / "pyodide", site / "pyodide")
    assert package_runtime(site, static).snapshot is not None

    for spoil in ("runtime", "pyodide"):
        site = tmp_path / f"site-{spoil}"
        shutil.copytree(static_folder() / "pyodide", site / "pyodide")
        if spoil == "runtime":
            info.write_text(json.dumps({**made, "runtimeSHA256": "0" * 64}), "utf-8")
        else:
            info.write_text(json.dumps(made), "utf-8")
            with (site / "pyodide" / "python_stdlib.zip").open("ab") as stdlib:
                stdlib.write(b"\0")
        assert package_runtime(site, static).snapshot is None, spoil
        assert not (site / "snapshot").exists()

    info.unlink()  # an app built without one
    site = tmp_path / "site-none"
    shutil.copytree(static_folder() / "pyodide", site / "pyodide")
    assert package_runtime(site, static).snapshot is None


def test_two_builds_of_the_same_content_are_byte_identical(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    build(ardoise_cli, a_course, tmp_path / "one")
    build(ardoise_cli, a_course, tmp_path / "two")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_rebuild_replaces_the_previous_site(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site, "--title", "Old")
    (site / "stale.txt").write_text("from an old build\n")
    (a_course / "README.md").unlink()
    build(ardoise_cli, a_course, site)
    assert not (site / "stale.txt").exists()
    assert not (site / "contents" / "README.md").exists()
    assert json.loads((site / "site.json").read_text())["title"] is None
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course", "site"]


def test_a_build_into_an_empty_folder_or_a_new_nested_one_works(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    build(ardoise_cli, a_course, tmp_path / "empty")
    build(ardoise_cli, a_course, tmp_path / "new" / "nested" / "site")
    assert tree(tmp_path / "empty") == tree(tmp_path / "new" / "nested" / "site")


@needs_fixtures
def test_the_real_fixture_notebooks_build_once_the_invalid_one_is_left_out(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    content = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, content, ignore=shutil.ignore_patterns("invalid.ipynb"))
    notebooks = sorted(path.relative_to(content).as_posix() for path in content.rglob("*.ipynb"))
    others = [path for path in content.rglob("*") if path.is_file() and path.suffix != ".ipynb"]
    stdout = build(ardoise_cli, content, tmp_path / "site")
    assert f": {len(notebooks)} notebooks, {len(others)} files, Pyodide " in stdout
    entries = json.loads((tmp_path / "site" / "contents.json").read_text("utf-8"))["entries"]
    titles = {entry["path"]: entry["title"] for entry in entries if entry["type"] == "notebook"}
    assert sorted(titles) == notebooks
    assert titles["teaching/fr-boucles.ipynb"] == "🔁 LES BOUCLES"
    assert titles["teaching/en-while-input.ipynb"] == "While Loops and Input"
    assert titles["teaching/en-probability.ipynb"] == (
        "A Concrete Introduction to Probability (using Python)"
    )
    assert titles["format/raw-cells.ipynb"] is None
    for name in notebooks:
        copy = tmp_path / "site" / "contents" / name
        assert copy.read_bytes() == (FIXTURES / name).read_bytes()
