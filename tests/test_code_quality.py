"""The house rules hold on every run: ruff, mypy --strict, and tsc --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PYTHON_PATHS = ["src", "tests", "benchmarks", "hatch_build.py"]


def run(*command: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing_to_fix() -> None:
    result = run(sys.executable, "-m", "ruff", "check", *PYTHON_PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_code_is_formatted_as_ruff_formats_it() -> None:
    result = run(sys.executable, "-m", "ruff", "format", "--check", *PYTHON_PATHS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_the_package() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_front_end_type_checks_with_tsc_strict() -> None:
    frontend = REPO / "frontend"
    if not (frontend / "node_modules").is_dir():
        pytest.fail("frontend/node_modules is missing: `pip install -e .` runs `npm ci`")
    npm = shutil.which("npm")
    assert npm, "npm is needed to type-check the front end"
    result = run(npm, "run", "--silent", "typecheck", cwd=frontend)
    assert result.returncode == 0, result.stdout + result.stderr
