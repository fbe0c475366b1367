"""Shared fixtures: the real `ardoise` command, run from this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


class ArdoiseCLI:
    """`python -m ardoise …` in a child process, with this checkout's `src/` first on the path."""

    def __init__(self) -> None:
        path = [str(SRC), *filter(None, [os.environ.get("PYTHONPATH")])]
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}

    def argv(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "ardoise", *args]

    def run(
        self, *args: str, code: str | None = None, cwd: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run `ardoise ARGS`, or `python -c CODE ARGS` when `code` is given."""
        argv = [sys.executable, "-c", code, *args] if code else self.argv(*args)
        return subprocess.run(
            argv, env=self.env, cwd=cwd, capture_output=True, text=True, check=False, timeout=120
        )

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start `ardoise ARGS` with stdout and stderr merged into one text pipe."""
        return subprocess.Popen(
            self.argv(*args),
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    @staticmethod
    def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
        """The error lines of a run that must fail as users are told: exit 1, no traceback."""
        assert result.returncode == 1, (result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert lines, "no error message"
        assert all(line.startswith("ardoise: error: ") for line in lines), lines
        return [line.removeprefix("ardoise: error: ") for line in lines]


@pytest.fixture(scope="session")
def ardoise_cli() -> ArdoiseCLI:
    return ArdoiseCLI()


def make_wheel(
    folder: Path,
    name: str,
    version: str,
    files: dict[str, str],
    *,
    requires: tuple[str, ...] = (),
    tag: str = "py3-none-any",
) -> Path:
    """A minimal wheel made by hand: the files given, METADATA, WHEEL and RECORD."""
    import zipfile  # only the tests that bundle packages make wheels

    stem = f"{name.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {requirement}\n" for requirement in requires)
    contents = {
        **files,
        f"{info}/METADATA": metadata,
        f"{info}/WHEEL": f"Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: {tag}\n",
    }
    record = "".join(f"{path},,\n" for path in [*contents, f"{info}/RECORD"])
    path = folder / f"{stem}-{tag}.whl"
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as wheel:
        for member, text in {**contents, f"{info}/RECORD": record}.items():
            wheel.writestr(member, text)
    return path


def pinned_lock() -> dict[str, Any]:
    """The lock file of the pinned Pyodide, as the build finds it."""
    import json

    from ardoise.build.assets import static_folder

    lock: dict[str, Any] = json.loads(
        (static_folder() / "pyodide" / "pyodide-lock.json").read_text("utf-8")
    )
    return lock


def pinned_installer() -> tuple[str, str]:
    """The installer the build bundles with packages: micropip, at the pinned Pyodide's version."""
    return "micropip", pinned_lock()["packages"]["micropip"]["version"]


@pytest.fixture(scope="session")
def a_wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of wheels for `--find-links`: small pure packages, a compiled one, and micropip.

    tinypkg needs tinydep; tinynum needs numpy, from Pyodide's distribution;
    tinyextra stands alone; compiledpkg has no pure-Python wheel. micropip is downloaded
    once from PyPI (or pip's cache), as a course author's build would.
    """
    folder = tmp_path_factory.mktemp("wheelhouse")
    make_wheel(
        folder,
        "tinypkg",
        "1.0",
        {
            "tinypkg/__init__.py": (
                "from tinydep import WORD\n\n"
                "def hello():\n    return f'hello from tinypkg {WORD}'\n"
            )
        },
        requires=(
            "tinydep>=1",
            'winonly; sys_platform == "win32"',
            'testdep; extra == "test"',
        ),
    )
    make_wheel(folder, "tinydep", "1.0", {"tinydep.py": "WORD = 'and tinydep'\n"})
    make_wheel(folder, "tinynum", "1.0", {"tinynum.py": "import numpy\n"}, requires=("numpy",))
    make_wheel(folder, "tinyextra", "2.0", {"tinyextra/__init__.py": "VALUE = 'extra value'\n"})
    make_wheel(
        folder,
        "compiledpkg",
        "1.0",
        {"compiledpkg/__init__.py": ""},
        tag="cp311-cp311-manylinux_2_17_x86_64",
    )
    name, version = pinned_installer()
    python = ".".join(pinned_lock()["info"]["python"].split(".")[:2])
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    download = subprocess.run(
        [*command, "--python-version", python, "--dest", str(folder), f"{name}=={version}"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert download.returncode == 0, f"cannot download {name} {version}: {download.stderr}"
    return folder


def offline_requirements(folder: Path, wheelhouse: Path, *lines: str) -> Path:
    """A requirements.txt that installs from `wheelhouse` only."""
    path = folder / "requirements.txt"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join(["--no-index", f"--find-links {wheelhouse}", *lines]) + "\n", encoding="utf-8"
    )
    return path


def make_distribution(folder: Path, *, python: str | None = None) -> Path:
    """A Pyodide release as a folder: the pinned core, one more wheel and its lock entry."""
    import hashlib
    import json
    import shutil

    from ardoise.build.assets import static_folder

    core = static_folder() / "pyodide"
    shutil.copytree(core, folder)
    wheel = make_wheel(folder, "distpkg", "0.1", {"distpkg.py": "WHERE = 'the distribution'\n"})
    lock = json.loads((core / "pyodide-lock.json").read_text())
    lock["packages"]["distpkg"] = {
        "name": "distpkg",
        "version": "0.1",
        "file_name": wheel.name,
        "install_dir": "site",
        "package_type": "package",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "imports": ["distpkg"],
        "depends": [],
    }
    if python:
        lock["info"]["python"] = python
    (folder / "pyodide-lock.json").write_text(json.dumps(lock))
    return folder
