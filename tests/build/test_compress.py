"""The build writes a `.br` and a `.gz` beside every file that shrinks, and they match."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import TYPE_CHECKING

import brotli
import pytest

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


@pytest.fixture
def a_site(ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path) -> Path:
    (a_course / "en" / "data" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(4000))
    (a_course / "en" / "data" / "big.csv").write_text("day,rain\n" + "Monday,2.5\n" * 2000)
    result = ardoise_cli.run("build", str(a_course), "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


def plain_files(site: Path) -> list[Path]:
    return sorted(
        path for path in site.rglob("*") if path.is_file() and path.suffix not in (".br", ".gz")
    )


def test_every_compressed_file_decompresses_to_its_original(a_site: Path) -> None:
    checked = 0
    for path in plain_files(a_site):
        original = path.read_bytes()
        for suffix, decompress in [(".br", brotli.decompress), (".gz", gzip.decompress)]:
            packed = path.with_name(path.name + suffix)
            if packed.exists():
                assert decompress(packed.read_bytes()) == original, packed
                assert packed.stat().st_size < len(original), packed
                checked += 1
    assert checked > 20


@pytest.mark.parametrize(
    "pattern",
    [
        "index.html",
        "notebook.html",
        "site.json",
        "contents.json",
        "assets/app-*.js",
        "assets/app-*.css",
        "assets/worker-*.js",
        "contents/en/data/big.csv",
        "runtime/ardoise-runtime-*.zip",
        "runtime/ardoise-turtle-*.zip",
        "pyodide/pyodide.asm.wasm",
        "pyodide/pyodide.asm.mjs",
        "pyodide/python_stdlib.zip",
    ],
)
def test_what_the_browser_downloads_first_has_both_encodings(a_site: Path, pattern: str) -> None:
    (path,) = a_site.glob(pattern)
    assert path.with_name(path.name + ".br").is_file()
    assert path.with_name(path.name + ".gz").is_file()


def test_compressed_formats_and_tiny_files_are_left_alone(a_site: Path) -> None:
    for name in ["contents/en/data/photo.png", "contents/en/data/weather.csv"]:
        path = a_site / name
        assert not path.with_name(path.name + ".br").exists(), name
        assert not path.with_name(path.name + ".gz").exists(), name


def test_a_course_file_named_like_a_compressed_copy_is_never_overwritten(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    table = "day,rain\n" + "Monday,2.5\n" * 500
    (a_course / "table.csv").write_text(table)
    (a_course / "table.csv.gz").write_bytes(b"the author's own file")
    result = ardoise_cli.run("build", str(a_course), "-o", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    contents = tmp_path / "site" / "contents"
    assert (contents / "table.csv.gz").read_bytes() == b"the author's own file"
    assert not (contents / "table.csv.br").exists()
