"""The kernel's worker copies the runtime zip's files into Python's file system
itself (frontend/src/kernel/stored-zip.ts), and leaves any zip it does not expect
to Pyodide. Run here under Node on the zips `ardoise build` writes."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .test_site import build

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

FRONTEND = Path(__file__).resolve().parents[2] / "frontend"
ESBUILD = FRONTEND / "node_modules" / ".bin" / "esbuild"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None or not ESBUILD.exists(),
    reason="needs Node.js and the front end's npm packages (npm ci in frontend/)",
)

# Unpacks each zip named on the command line into an in-memory "file system" and
# prints, per zip, what it wrote (path → SHA-256) or null when it declined.
SCRIPT = """
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { unpackStoredZip } from "%s";
const results = process.argv.slice(2).map((path) => {
  const files = {};
  const fs = {
    mkdirTree() {},
    writeFile(name, data) { files[name] = createHash("sha256").update(data).digest("hex"); },
  };
  return unpackStoredZip(fs, new Uint8Array(readFileSync(path)), "/site") ? files : null;
});
console.log(JSON.stringify(results));
"""


def unpacked(tmp_path: Path, *zips: Path) -> list[Any]:
    bundle = tmp_path / "stored-zip.mjs"
    subprocess.run(
        [
            str(ESBUILD),
            str(FRONTEND / "src/kernel/stored-zip.ts"),
            "--format=esm",
            f"--outfile={bundle}",
        ],
        check=True,
        capture_output=True,
    )
    script = tmp_path / "unpack.mjs"
    script.write_text(SCRIPT % bundle.as_uri())
    assert NODE is not None
    result = subprocess.run(
        [NODE, str(script), *map(str, zips)], check=True, capture_output=True, text=True
    )
    return list(json.loads(result.stdout))


def expected(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            f"/site/{info.filename}": hashlib.sha256(archive.read(info)).hexdigest()
            for info in archive.infolist()
            if not info.is_dir()
        }


def test_the_runtime_zips_of_a_build_are_copied_file_for_file(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    zips = sorted((site / "runtime").glob("*.zip"))
    assert len(zips) == 2  # the runtime, and the turtle downloaded on its first import
    results = unpacked(tmp_path, *zips)
    for zip_path, files in zip(zips, results, strict=True):
        assert files == expected(zip_path.read_bytes()), zip_path.name
    assert any(name.endswith("/ardoise/runtime/kernel.pyc") for name in results[0] or {})


def zipped(tmp_path: Path, name: str, entries: dict[str, bytes], method: int) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return path


def test_a_zip_it_does_not_expect_is_left_to_pyodide(tmp_path: Path) -> None:
    text = b"x = 1\n" * 100
    deflated = zipped(tmp_path, "deflated.zip", {"a.py": text}, zipfile.ZIP_DEFLATED)
    escaping = zipped(tmp_path, "escaping.zip", {"../a.py": text}, zipfile.ZIP_STORED)
    absolute = zipped(tmp_path, "absolute.zip", {"/etc/a.py": text}, zipfile.ZIP_STORED)
    stored = zipped(tmp_path, "stored.zip", {"a.py": text, "b/c.py": b""}, zipfile.ZIP_STORED)
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(stored.read_bytes()[:-30])
    assert unpacked(tmp_path, deflated, escaping, absolute, damaged, stored) == [
        None,
        None,
        None,
        None,
        expected(stored.read_bytes()),
    ]
