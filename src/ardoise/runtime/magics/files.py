"""Files and folders: ``%%writefile``, ``%run``, ``%ls``, ``%pwd``, ``%cd`` and ``%env``.

In the browser the course folder is Python's working directory, so these
work on the files the student sees in the file browser.
"""

from __future__ import annotations

import builtins
import json
import os
import stat
import sys
import time
import tokenize
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from .. import messages
from .registry import CellMagic, LineMagic, UsageError, shell_words, split_options

if TYPE_CHECKING:
    from ..shell import InteractiveShell as Shell

__all__ = ["CELL", "LINE", "run_script"]

# Names a script run by %run has of its own, which must not replace the notebook's.
_SCRIPT_ONLY = frozenset(
    {"__name__", "__file__", "__builtins__", "__doc__", "__package__", "__loader__", "__spec__"}
)


def writefile(shell: Shell, line: str, cell: str) -> None:
    """Write the cell to a file; ``-a`` appends to it instead.

    Usage: ``%%writefile helpers.py`` on the first line of a cell.
    """
    words = shell_words(line, "writefile")
    append = bool(words) and words[0] in {"-a", "--append"}
    if append:
        words = words[1:]
    if len(words) != 1:
        raise UsageError(
            messages.MAGIC_NEEDS_ARGUMENT.format(
                magic="%writefile", what="one file name", example="%%writefile helpers.py"
            )
        )
    path = Path(words[0]).expanduser()
    if append:
        print(messages.FILE_APPENDING.format(path=words[0]))
    elif path.exists():
        print(messages.FILE_OVERWRITING.format(path=words[0]))
    else:
        print(messages.FILE_WRITING.format(path=words[0]))
    with path.open("a" if append else "w", encoding="utf-8") as file:
        file.write(cell)


def run(shell: Shell, line: str) -> None:
    """Run a Python file (or the code cells of a notebook) as a script.

    The file runs with ``__name__ == "__main__"`` and ``sys.argv`` set to
    the file and the words after it; its variables then join yours. ``-i``
    runs it in your namespace from the start. Usage: ``%run simulation.py 10``.
    """
    options, rest = split_options(line, "run", flags="i")
    words = shell_words(rest, "run")
    if not words:
        raise UsageError(
            messages.MAGIC_NEEDS_ARGUMENT.format(
                magic="run", what="a file name", example="%run helpers.py"
            )
        )
    path = _existing_script(words[0])
    if path.suffix == ".ipynb":
        for number, source in enumerate(_code_cells(path), start=1):
            shell.run_code(source, label=f"{words[0]}, cell {number}")
        return
    run_script(shell, path, words[1:], in_user_namespace="i" in options)


def run_script(shell: Shell, path: Path, argv: list[str], *, in_user_namespace: bool) -> None:
    """Run a Python file as ``__main__``; its variables then join the notebook's."""
    with tokenize.open(path) as file:  # honours "# -*- coding: ... -*-"
        code = compile(file.read(), str(path), "exec", dont_inherit=True)
    module = types.ModuleType("__main__")
    namespace = shell.user_ns if in_user_namespace else module.__dict__
    namespace.update(__builtins__=builtins, __file__=str(path))
    try:
        with _script_context([str(path), *argv], None if in_user_namespace else module):
            exec(code, namespace)
    except SystemExit as exit:
        if exit.code not in (None, 0):
            raise
    finally:
        if in_user_namespace:
            namespace.pop("__file__", None)
        else:
            shell.user_ns.update({k: v for k, v in namespace.items() if k not in _SCRIPT_ONLY})


@contextmanager
def _script_context(argv: list[str], main: types.ModuleType | None) -> Iterator[None]:
    saved_argv, saved_main = sys.argv, sys.modules.get("__main__")
    sys.argv = argv
    if main is not None:  # pickle looks classes up in sys.modules["__main__"]
        sys.modules["__main__"] = main
    try:
        yield
    finally:
        sys.argv = saved_argv
        if saved_main is not None:
            sys.modules["__main__"] = saved_main


def _existing_script(name: str) -> Path:
    path = Path(name).expanduser()
    if not path.is_file() and path.suffix == "" and path.with_suffix(".py").is_file():
        path = path.with_suffix(".py")
    if not path.is_file():
        raise UsageError(messages.FILE_NOT_FOUND.format(path=name))
    return path


def _code_cells(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = notebook.get("cells", [])
    sources = [cell.get("source", "") for cell in cells if cell.get("cell_type") == "code"]
    return ["".join(source) if isinstance(source, list) else source for source in sources]


def ls(shell: Shell, line: str) -> None:
    """List a folder (the current one by default); ``-a`` shows hidden files, ``-l`` details.

    Folders end with ``/``.
    """
    options, rest = split_options(line, "ls", flags="al")
    words = shell_words(rest, "ls") or ["."]
    for folder in words:
        if len(words) > 1:
            print(f"{folder}:")
        for name in _listing(Path(folder).expanduser(), hidden="a" in options):
            print(_describe(Path(folder).expanduser() / name, name) if "l" in options else name)


def _listing(folder: Path, *, hidden: bool) -> list[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name.lower())
    except OSError as error:
        raise UsageError(f"%ls: {error}") from None
    return [
        entry.name + ("/" if entry.is_dir() else "")
        for entry in entries
        if hidden or not entry.name.startswith(".")
    ]


def _describe(path: Path, name: str) -> str:
    info = path.stat()
    changed = time.strftime("%Y-%m-%d %H:%M", time.localtime(info.st_mtime))
    return f"{stat.filemode(info.st_mode)} {info.st_size:>10}  {changed}  {name}"


def pwd(shell: Shell, line: str) -> str:
    """Return the current folder."""
    return os.getcwd()


def cd(shell: Shell, line: str) -> None:
    """Change the current folder and print it.

    ``%cd`` alone goes back to the folder the notebook started in,
    ``%cd -`` to the previous one; ``-q`` prints nothing.
    """
    options, rest = split_options(line, "cd", flags="q")
    words = shell_words(rest, "cd")
    target = words[0] if words else shell.home
    if target == "-":
        target = os.environ.get("OLDPWD", os.getcwd())
    previous = os.getcwd()
    try:
        os.chdir(os.path.expanduser(target))
    except OSError as error:
        raise UsageError(f"%cd: {error}") from None
    os.environ["OLDPWD"] = previous
    if "q" not in options:
        print(os.getcwd())


def env(shell: Shell, line: str) -> dict[str, str] | str | None:
    """Environment variables: ``%env`` returns them all, ``%env NAME`` one.

    ``%env NAME=value`` (or ``%env NAME value``) sets one.
    """
    line = line.strip()
    if not line:
        return dict(os.environ)
    separator = "=" if "=" in line else " "
    name, found, value = line.partition(separator)
    name = name.strip()
    if not found:
        try:
            return os.environ[name]
        except KeyError:
            raise UsageError(messages.ENV_MISSING.format(name=name)) from None
    os.environ[name] = value.strip()
    print(messages.ENV_SET.format(name=name, value=value.strip()))
    return None


LINE: dict[str, LineMagic] = {"run": run, "ls": ls, "pwd": pwd, "cd": cd, "env": env}
CELL: dict[str, CellMagic] = {"writefile": writefile, "file": writefile}
