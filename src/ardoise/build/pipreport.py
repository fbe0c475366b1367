"""pip's failures, told in one sentence that says what to do.

pip prints pages; a course author needs to know which line of the
requirements file is the problem and what to do about it: the network is
down, a name is misspelt, a package has compiled code, versions conflict.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from ..errors import ArdoiseError

__all__ = ["explain_failure"]

NOT_FOUND = re.compile(r"No matching distribution found for ([A-Za-z0-9][A-Za-z0-9._-]*)")
NETWORK = re.compile(
    r"Failed to establish a new connection: (?:\[Errno -?\d+\] )?(?P<reason>[^')\"]+)"
    r"|(?P<other>Temporary failure in name resolution|Network is unreachable"
    r"|ConnectTimeoutError|ReadTimeoutError|ProxyError|SSLError)"
)
CAUSE = re.compile(r"The conflict is caused by:\n(?P<lines>(?:[ \t]+\S.*\n?)+)")
# Options of a requirements file that say where packages come from.
INDEX_OPTIONS = {"-i", "--index-url", "--extra-index-url", "-f", "--find-links", "--no-index"}


def explain_failure(
    output: str, requirements: Path, *, pinned: Mapping[str, str], python: str
) -> ArdoiseError:
    """The one-line error for a failed ``pip download`` that printed `output`."""
    name = requirements.name
    missing = NOT_FOUND.search(output)
    network = NETWORK.search(output)
    if missing and network:
        reason = (network["reason"] or network["other"]).strip()
        return ArdoiseError(
            f"could not reach the package index to download the packages of '{requirements}' "
            f"({reason}); connect to the network and build again, or put the wheels in a folder "
            f"and add '--find-links FOLDER' to {name}"
        )
    if missing and missing[1].lower() in pinned:
        package = missing[1].lower()
        version = pinned[package]
        return ArdoiseError(
            f"could not download {package} {version}, which %pip uses to install the bundled "
            f"packages in the browser; let pip reach PyPI, or add its wheel to the --find-links "
            f"folder of {name} (pip download --no-deps {package}=={version})"
        )
    if missing:
        return _not_found(missing[1], requirements, python)
    conflict = CAUSE.search(output)
    if conflict:
        causes = [line.strip() for line in conflict["lines"].splitlines() if line.strip()]
        causes = [
            cause.replace("The user requested (constraint)", "Pyodide provides") for cause in causes
        ]
        return ArdoiseError(
            f"the versions asked for in '{requirements}' cannot be installed together "
            f"({'; '.join(causes)}); loosen the versions in {name}"
        )
    return ArdoiseError(
        f"pip could not download the packages of '{requirements}': {_first_error(output)}"
    )


def _not_found(package: str, requirements: Path, python: str) -> ArdoiseError:
    where = f"'{package}' in '{requirements}'"
    if not _exists(package, requirements):
        return ArdoiseError(
            f"{where} was not found on the package index; check its name (as on pypi.org), "
            f"or remove it from {requirements.name}"
        )
    version = ".".join(python.split(".")[:2])
    return ArdoiseError(
        f"{where} has no pure-Python wheel for Python {version}, so it cannot run in the "
        f"browser; remove it from {requirements.name} (packages with compiled code work only "
        "when Pyodide's distribution provides them, and those need no line)"
    )


def _exists(package: str, requirements: Path) -> bool:
    """Whether the index knows `package` at all, for any platform (``pip index versions``)."""
    command = [sys.executable, "-m", "pip", "index", "versions", package]
    command += ["--disable-pip-version-check", "--retries", "1", *_index_options(requirements)]
    run = subprocess.run(
        command, cwd=requirements.parent, capture_output=True, text=True, check=False
    )
    return run.returncode == 0


def _index_options(requirements: Path) -> list[str]:
    options: list[str] = []
    try:
        lines = requirements.read_text(encoding="utf-8").splitlines()
    except OSError:
        return options
    for line in lines:
        try:
            words = shlex.split(line, comments=True)
        except ValueError:
            continue
        for index, word in enumerate(words):
            option = word.split("=", 1)[0]
            if option in INDEX_OPTIONS:
                takes_value = option != "--no-index" and "=" not in word
                options += [word, *words[index + 1 : index + 2]] if takes_value else [word]
    return options


def _first_error(output: str) -> str:
    errors = [
        line.removeprefix("ERROR: ") for line in output.splitlines() if line.startswith("ERROR:")
    ]
    return (errors or [line for line in output.splitlines() if line.strip()] or ["no message"])[0]
