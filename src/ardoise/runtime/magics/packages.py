"""``%pip install``: packages for the browser's Python, through micropip (`_compat.pip_install`)."""

from __future__ import annotations

import ast
import contextlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .. import _compat, messages
from ..transformer import transform_cell
from .registry import CellMagic, LineMagic, UsageError, shell_words

if TYPE_CHECKING:
    from ..shell import InteractiveShell as Shell

__all__ = [
    "CELL",
    "LINE",
    "PipRequest",
    "missing_requirements",
    "parse_pip",
    "pip_requests_in",
    "requested_in",
]

# pip options that make no difference to micropip: accepted, so copied cells run.
_IGNORED = frozenset(
    {"-U", "--upgrade", "--user", "--no-cache-dir", "--force-reinstall", "--quiet", "-q", "-qq"}
)
# A requirement this module can check without packaging: a name, maybe pinned.
_SIMPLE = re.compile(
    r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?(?:\s*==\s*(?P<pin>[\w.+!-]+))?"
)


class PipRequest:
    """What ``%pip install ...`` asks for."""

    def __init__(self) -> None:
        self.requirements: list[str] = []
        self.deps = True
        self.pre = False
        self.quiet = False
        self.index_urls: list[str] = []


def parse_pip(line: str) -> PipRequest:
    """Read the words of ``%pip``; `UsageError` for anything but ``install`` and its options."""
    words = shell_words(line, "pip")
    if not words or words[0] != "install":
        raise UsageError(messages.PIP_ONLY_INSTALL.format(command=line.strip()))
    request = PipRequest()
    rest = _split_equals(words[1:])
    while rest:
        word = rest.pop(0)
        if word in {"-q", "--quiet", "-qq"}:
            request.quiet = True
        elif word == "--pre":
            request.pre = True
        elif word == "--no-deps":
            request.deps = False
        elif word in {"-r", "--requirement", "-i", "--index-url", "--extra-index-url"}:
            if not rest:
                raise UsageError(
                    messages.MAGIC_NEEDS_ARGUMENT.format(
                        magic="pip",
                        what=f"a value after {word}",
                        example="%pip install -r requirements.txt",
                    )
                )
            value = rest.pop(0)
            if word in {"-r", "--requirement"}:
                request.requirements += _read_requirements(value)
            else:
                request.index_urls.append(value)
        elif word.startswith("-") and word not in _IGNORED:
            known = "-q, --pre, --no-deps, -r FILE, -i URL, --extra-index-url URL"
            raise UsageError(
                messages.MAGIC_BAD_OPTION.format(magic="pip", option=word, known=known)
            )
        elif not word.startswith("-"):
            request.requirements.append(word)
    return request


def _split_equals(words: list[str]) -> list[str]:
    # "--index-url=URL" is the same as "--index-url URL".
    split: list[str] = []
    for word in words:
        split += word.split("=", 1) if word.startswith("--") and "=" in word else [word]
    return split


def _read_requirements(path: str) -> list[str]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"%pip: {error}") from None
    stripped = (line.split("#", 1)[0].strip() for line in lines)
    return [line for line in stripped if line and not line.startswith("-")]


def requested_in(cell: str) -> list[str]:
    """The requirements that the ``%pip install`` lines of ``cell`` ask for."""
    return [name for request in pip_requests_in(cell) for name in request.requirements]


def pip_requests_in(cell: str) -> list[PipRequest]:
    """The ``%pip install`` lines of ``cell``, read.

    Read from the cell as it will run, so text in strings is not mistaken
    for a ``%pip`` line; a cell that does not compile asks for nothing.
    """
    try:
        tree = ast.parse(transform_cell(cell))
    except (SyntaxError, ValueError):
        return []
    requests: list[PipRequest] = []
    for node in ast.walk(tree):
        line = _pip_line(node)
        if line is not None:
            with contextlib.suppress(UsageError):  # the cell itself will say what is wrong
                requests.append(parse_pip(line))
    return requests


def _pip_line(node: ast.AST) -> str | None:
    # get_ipython().run_line_magic('pip', LINE), as the transformer writes it.
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    if node.func.attr != "run_line_magic" or len(node.args) != 2:
        return None
    name, line = node.args
    if not (isinstance(name, ast.Constant) and isinstance(line, ast.Constant)):
        return None
    return line.value if name.value == "pip" and isinstance(line.value, str) else None


def missing_requirements(requirements: list[str]) -> list[str]:
    """Those of ``requirements`` not known to be installed already."""
    return [requirement for requirement in requirements if not _installed(requirement)]


def _installed(requirement: str) -> bool:
    import importlib.metadata  # only for cells with %pip

    match = _SIMPLE.fullmatch(requirement.strip())
    if match is None:
        return False  # ranges, URLs, wheel files: micropip decides
    try:
        version = importlib.metadata.version(match["name"])
    except importlib.metadata.PackageNotFoundError:
        return False
    return match["pin"] is None or match["pin"] == version


def pip(shell: Shell, line: str) -> None:
    """Install pure-Python packages into the browser's Python.

    Usage: ``%pip install NAME ...``, with ``-r requirements.txt``, ``--pre``,
    ``--no-deps``, ``-q``, ``-i URL``. Packages bundled with the course are
    found first; others come from PyPI (pure-Python wheels only).
    """
    from .. import installs  # it reads %pip lines with this module's parser

    request = parse_pip(line)
    if not request.requirements:
        raise UsageError(messages.PIP_NOTHING_TO_INSTALL)
    # What is installed already (by the worker, before the cell ran) is not
    # asked for again: without JSPI, Python cannot wait for a download.
    missing = missing_requirements(request.requirements)
    failed = [(name, installs.failure(name)) for name in missing]
    reasons = [
        messages.PIP_FAILED.format(requirement=name, reason=why) for name, why in failed if why
    ]
    if reasons:
        raise UsageError(" ".join(reasons))
    try:
        if missing:
            _compat.pip_install(
                missing,
                deps=request.deps,
                pre=request.pre,
                index_urls=request.index_urls or None,
            )
    except _compat.NotInBrowser as error:
        raise UsageError(str(error)) from None
    if not request.quiet:
        print(messages.PIP_INSTALLED.format(names=" ".join(request.requirements)))


def conda(shell: Shell, line: str) -> None:
    """Not available: there is no conda in the browser; use ``%pip install``."""
    raise UsageError(messages.CONDA_UNAVAILABLE)


LINE: dict[str, LineMagic] = {"pip": pip, "conda": conda, "mamba": conda}
CELL: dict[str, CellMagic] = {}
