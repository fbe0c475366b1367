"""Shared fixtures: the real `ardoise` command, run from this checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
