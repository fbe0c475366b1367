"""Tab completion, as Jupyter's ``complete_reply`` gives it, without running the student's code.

What is completed depends on what is before the cursor, on its line:

- ``%ti`` (at the start of a line): magic names;
- ``import nu``, ``from os.pa``, ``from os import pa``: module and attribute names;
- ``d["ke`` inside brackets: the keys of a ``dict``;
- ``open("da`` inside any other string: file and folder names;
- ``obj.attr``: attributes, of what `lookup.resolve` can reach without running code;
- ``nam``: names of the notebook, builtins and keywords.
"""

from __future__ import annotations

import builtins
import importlib.util
import keyword
import os
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

from .lookup import Unresolvable, resolve

__all__ = ["complete"]

_IDENTIFIER = r"[^\W\d]\w*"
_CHAIN = rf"{_IDENTIFIER}(?:\s*\.\s*{_IDENTIFIER}|\[[^\[\]]*\])*"
_MAGIC = re.compile(r"\s*(%%?)(\w*)")
_IMPORT = re.compile(r"\s*(?:import\s+(?:[\w.]+\s*,\s*)*|from\s+)(?P<module>[\w.]*)")
_FROM_IMPORT = re.compile(r"\s*from\s+(?P<module>[\w.]+)\s+import\s+(?:\w+\s*,\s*)*(?P<name>\w*)")
_ATTRIBUTE = re.compile(rf"(?P<object>{_CHAIN}|\"[^\"]*\"|'[^']*')\s*\.\s*(?P<prefix>\w*)$")
_NAME = re.compile(rf"(?<![\w.]){_IDENTIFIER}$")
_KEY = re.compile(rf"(?P<object>{_CHAIN})\s*\[\s*(?:'|\")$")
# Names the kernel puts in builtins only while a cell runs.
_CELL_BUILTINS = ("display", "get_ipython")


def complete(
    code: str,
    cursor_pos: int,
    namespace: Mapping[str, Any],
    *,
    line_magics: Iterable[str] = (),
    cell_magics: Iterable[str] = (),
) -> dict[str, Any]:
    """The ``complete_reply`` content for ``code`` with the cursor at ``cursor_pos``."""
    line = code[:cursor_pos].rsplit("\n", 1)[-1]
    try:
        replaced, matches = _complete_line(line, namespace, list(line_magics), list(cell_magics))
    except Exception:  # a __dir__ that fails, a file system that refuses: no completions
        replaced, matches = 0, []
    return {
        "status": "ok",
        "matches": matches,
        "cursor_start": cursor_pos - replaced,
        "cursor_end": cursor_pos,
        "metadata": {},
    }


def _complete_line(
    line: str, namespace: Mapping[str, Any], line_magics: list[str], cell_magics: list[str]
) -> tuple[int, list[str]]:
    """How many characters before the cursor the matches replace, and the matches."""
    if match := _MAGIC.fullmatch(line):
        names = [f"%{n}" for n in line_magics] + [f"%%{n}" for n in cell_magics]
        typed = match[1] + match[2]
        return len(typed), _sorted(n for n in names if n.startswith(typed))
    if match := _FROM_IMPORT.fullmatch(line):
        return len(match["name"]), _module_members(match["module"], match["name"])
    if match := _IMPORT.fullmatch(line):
        return _modules(match["module"])
    string = _open_string(line)
    if string is not None:
        start, text = string
        key_of = _KEY.search(line[:start])
        if key_of is not None:
            return len(text), _keys(key_of["object"], text, namespace)
        return _paths(text)
    if match := _ATTRIBUTE.search(line):
        prefix = match["prefix"]
        return len(prefix), _attributes(match["object"], prefix, namespace)
    if match := _NAME.search(line):
        return len(match[0]), _names(match[0], namespace)
    return 0, []


def _names(prefix: str, namespace: Mapping[str, Any]) -> list[str]:
    candidates = {*namespace, *dir(builtins), *keyword.kwlist, *_CELL_BUILTINS}
    return _sorted(_visible(candidates, prefix))


def _attributes(expression: str, prefix: str, namespace: Mapping[str, Any]) -> list[str]:
    try:
        obj = resolve(expression, namespace)
    except Unresolvable:
        return []
    return _sorted(_visible(dir(obj), prefix))


def _keys(expression: str, prefix: str, namespace: Mapping[str, Any]) -> list[str]:
    try:
        obj = resolve(expression, namespace)
    except Unresolvable:
        return []
    if not isinstance(obj, dict):
        return []  # other mappings would run their own code to list keys
    keys = [key for key in dict.keys(obj) if isinstance(key, str)]
    return _sorted(key for key in keys if key.startswith(prefix))


def _paths(typed: str) -> tuple[int, list[str]]:
    folder, slash, start = typed.rpartition("/")
    where = os.path.expanduser(folder + slash) if slash else "."
    try:
        entries = list(os.scandir(where))
    except OSError:
        return len(start), []
    hidden = start.startswith(".")
    names = [
        entry.name + ("/" if entry.is_dir() else "")
        for entry in entries
        if entry.name.startswith(start) and (hidden or not entry.name.startswith("."))
    ]
    return len(start), _sorted(names)


def _modules(typed: str) -> tuple[int, list[str]]:
    import pkgutil  # only when completing an import

    package, dot, start = typed.rpartition(".")
    if not dot:
        found = {m.name for m in pkgutil.iter_modules()} | set(sys.builtin_module_names)
        found |= {name for name in sys.modules if "." not in name}
    else:
        found = set(_submodules(package))
    return len(start), _sorted(_visible(found, start))


def _module_members(module: str, start: str) -> list[str]:
    # Importing would run the module's code: only what is already imported,
    # and the submodules its folder holds, are offered.
    names = set(_submodules(module))
    loaded = sys.modules.get(module)
    if loaded is not None:
        names |= set(getattr(loaded, "__all__", None) or dir(loaded))
    return _sorted(_visible(names, start))


def _submodules(package: str) -> list[str]:
    import pkgutil

    loaded = sys.modules.get(package)
    if loaded is not None:
        locations = getattr(loaded, "__path__", None)
    elif "." not in package:  # find_spec of "a.b" would import "a"
        spec = importlib.util.find_spec(package)
        locations = spec.submodule_search_locations if spec else None
    else:
        locations = None
    return [m.name for m in pkgutil.iter_modules(list(locations))] if locations else []


def _open_string(line: str) -> tuple[int, str] | None:
    """Where the string the cursor is in starts (after its quote), and its text so far."""
    quote, start, index = "", 0, 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == "\\":
                index += 1
            elif line.startswith(quote, index):
                index += len(quote) - 1
                quote = ""
        elif char == "#":
            return None
        elif char in "'\"":
            quote = char * 3 if line.startswith(char * 3, index) else char
            index += len(quote) - 1
            start = index + 1
        index += 1
    return (start, line[start:]) if quote else None


def _visible(names: Iterable[str], prefix: str) -> Iterable[str]:
    # As in IPython: _private names only once the student types the underscore.
    for name in names:
        if name.startswith(prefix) and (prefix.startswith("_") or not name.startswith("_")):
            yield name


def _sorted(names: Iterable[str]) -> list[str]:
    return sorted(set(names), key=lambda name: (name.startswith("_"), name.lower(), name))
