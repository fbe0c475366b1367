"""What a cell needs before it runs: its %pip lines installed first, its missing imports named."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from ardoise.runtime import Kernel, _compat
from ardoise.runtime.installs import describe_failure, modules_to_load

from .conftest import Recorder

Calls = list[tuple[list[str], dict[str, Any]]]


def prepare(kernel: Kernel, code: str) -> None:
    """What the worker does before running a cell: await the installs."""
    runner = _compat.CoroutineRunner()
    try:
        runner.run(kernel.install_requested(code))
    finally:
        runner.close()


@pytest.fixture
def an_installer(monkeypatch: pytest.MonkeyPatch) -> Calls:
    """micropip's side of the installs, recording what it is asked for; names with 'bad' fail."""
    calls: Calls = []

    async def install(requirements: list[str], **options: Any) -> None:
        calls.append((requirements, options))
        if any("bad" in name for name in requirements):
            raise ValueError(
                f"Can't fetch metadata for '{requirements[0]}'. Please make sure you have "
                "entered a correct package name and correctly specified index_urls."
            )

    async def offline(name: str) -> str:
        return "TypeError: Failed to fetch"

    monkeypatch.setattr(_compat, "pip_install_async", install)
    monkeypatch.setattr(_compat, "pypi_status", offline)
    return calls


def test_the_pip_lines_of_a_cell_are_installed_before_it_runs_one_requirement_at_a_time(
    a_kernel: Kernel, an_installer: Calls
) -> None:
    prepare(a_kernel, "%pip install -q absent-one 'absent-two>=2'\n%pip install --no-deps x3")
    assert an_installer == [
        (["absent-one"], {"deps": True, "pre": False, "index_urls": None, "keep_going": False}),
        (["absent-two>=2"], {"deps": True, "pre": False, "index_urls": None, "keep_going": False}),
        (["x3"], {"deps": False, "pre": False, "index_urls": None, "keep_going": False}),
    ]


def test_what_could_not_be_installed_is_reported_by_the_pip_line_in_one_sentence(
    a_kernel: Kernel, recorder: Recorder, an_installer: Calls
) -> None:
    cell = "print('before')\n%pip install bad-name\nprint('after')"
    prepare(a_kernel, cell)
    reply = a_kernel.execute(cell)
    assert reply["status"] == "error"
    assert reply["ename"] == "UsageError"
    assert reply["evalue"] == (
        "Could not install bad-name: PyPI could not be reached (TypeError: Failed to fetch), "
        "and this course does not bundle it."
    )
    assert recorder.text() == "before\n"


def test_a_failure_is_forgotten_when_the_next_cell_is_prepared(
    a_kernel: Kernel, an_installer: Calls, monkeypatch: pytest.MonkeyPatch
) -> None:
    prepare(a_kernel, "%pip install bad-name")
    prepare(a_kernel, "print(1)")
    asked: list[list[str]] = []
    monkeypatch.setattr(_compat, "pip_install", lambda names, **options: asked.append(names))
    assert a_kernel.execute("%pip install bad-name")["status"] == "ok"
    assert asked == [["bad-name"]]  # tried again, from Python, as for any %pip line


def test_what_is_installed_already_is_not_asked_for(
    a_kernel: Kernel, an_installer: Calls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = tmp_path / "ardoise_fake_dist-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ardoise-fake-dist\nVersion: 1.2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    prepare(a_kernel, "%pip install ardoise-fake-dist absent-one")
    assert [names for names, _ in an_installer] == [["absent-one"]]


@pytest.mark.skipif(_compat.IN_PYODIDE, reason="outside the browser only")
def test_outside_the_browser_nothing_is_installed_and_pip_says_how(
    a_kernel: Kernel,
) -> None:
    prepare(a_kernel, "%pip install absent-one")
    reply = a_kernel.execute("%pip install absent-one")
    assert reply["evalue"].endswith("python -m pip install absent-one")


@pytest.mark.parametrize(
    ("error", "pypi", "reason"),
    [
        (
            "Can't find a pure Python 3 wheel for 'compiled'.\nSee: https://pyodide.org/faq",
            None,
            "it has no pure-Python wheel on PyPI, so it cannot run in the browser",
        ),
        (
            "Can't fetch metadata for 'nosuch'. Please make sure ...",
            404,
            "PyPI has no package named nosuch, and this course does not bundle it",
        ),
        (
            "Can't fetch metadata for 'nosuch'. Please make sure ...",
            "TypeError: Failed to fetch.",
            "PyPI could not be reached (TypeError: Failed to fetch), "
            "and this course does not bundle it",
        ),
        ("Something else went wrong.\nDetails", 200, "Something else went wrong"),
    ],
)
def test_micropips_failures_become_the_end_of_one_sentence(
    error: str, pypi: int | str | None, reason: str
) -> None:
    assert describe_failure("nosuch>=1", error, pypi) == reason


def test_missing_imports_are_named_for_the_worker_to_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "course_helpers.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    cell = (
        "%pip install something\n"
        "import os, absent_alpha.sub as sub\n"
        "from absent_beta import thing\n"
        "from . import relative_one\n"
        "import course_helpers\n"
        "def later():\n    import absent_gamma\n"
        "text = 'import absent_in_a_string'\n"
    )
    assert modules_to_load(cell) == ["absent_alpha", "absent_beta", "absent_gamma"]


def test_a_cell_that_does_not_compile_needs_nothing(a_kernel: Kernel) -> None:
    assert a_kernel.modules_to_load("import absent_alpha\nnot python (") == []


def test_modules_already_imported_are_not_named(a_kernel: Kernel) -> None:
    assert "pytest" in sys.modules
    assert a_kernel.modules_to_load("import pytest, json") == []
