""".ipynb helpers shared by the build and the classroom server: read, validate, title."""

from __future__ import annotations

import json
import logging
import re
import reprlib
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat
from nbformat.validator import get_validator

from .errors import InvalidNotebookError, UnreadableFileError

__all__ = [
    "SUPPORTED_NBFORMAT",
    "check_notebook",
    "notebook_title",
    "parse_notebook",
    "read_notebook",
]

logger = logging.getLogger(__name__)

SUPPORTED_NBFORMAT = 4
# Fields whose value picks the schema of a cell or an output (a "oneOf" in the schema).
DISCRIMINATORS = ("cell_type", "output_type")
JSON_TYPES: dict[type, str] = {list: "array", str: "string", int: "number", float: "number"}
JSON_TYPES |= {bool: "boolean", type(None): "null"}


def read_notebook(path: Path, name: str | None = None) -> nbformat.NotebookNode:
    """Read and validate the notebook at `path`; errors name it as `name` (default: the path)."""
    name = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(name, f"cannot read it: {error.strerror}") from None
    return parse_notebook(data, name)


def parse_notebook(data: bytes, name: str) -> nbformat.NotebookNode:
    """Parse and validate the bytes of a .ipynb file, unchanged on disk.

    Raises `InvalidNotebookError` with one readable line: the file, then the first
    problem (encoding, JSON syntax with line and column, or the schema field at fault).
    """
    text = _decode(data, name)
    document = _load(text, name)
    with warnings.catch_warnings(record=True) as caught:
        # Jupyter opens notebooks with missing or duplicate cell ids (nbformat repairs
        # them in memory and warns), so they do not fail the build.
        warnings.simplefilter("always")
        _validate(document, name)
        # nbformat's readers have no annotations.
        notebook: nbformat.NotebookNode = nbformat.reads(  # type: ignore[no-untyped-call]
            text, as_version=nbformat.NO_CONVERT
        )
    for warning in caught:
        logger.debug("%s: %s", name, warning.message)
    return notebook


def check_notebook(document: dict[str, Any], name: str) -> None:
    """Check an already parsed notebook as `parse_notebook` does, without reading it again.

    For the classroom's autosaves, where the schema check is most of a save's cost.
    """
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")  # repaired ids are accepted, as in parse_notebook
        _validate(document, name)  # on a copy: nbformat.from_dict makes new nodes


def _validate(document: dict[str, Any], name: str) -> None:
    """Validate the notebook as stored in the file, before nbformat reads it."""
    try:
        nbformat.validate(nbformat.from_dict(document))  # type: ignore[no-untyped-call]
    except nbformat.ValidationError as error:
        raise InvalidNotebookError(name, f"invalid notebook: {describe(error)}") from None
    except Exception:
        # nbformat's repairs choke on some malformed documents (a cell that is not an
        # object, a cell_type that is not a string…) before its schema check says why.
        first = _schema_error(document)
        if first is None:
            raise
        raise InvalidNotebookError(name, f"invalid notebook: {describe(first)}") from None


def _schema_error(document: dict[str, Any]) -> Any:
    """The first error of the notebook schema itself (jsonschema's, which has details)."""
    minor = document["nbformat_minor"]
    validator = get_validator(  # type: ignore[no-untyped-call]
        version=SUPPORTED_NBFORMAT, version_minor=minor, name="jsonschema"
    )
    return next(iter(validator.iter_errors(document)), None)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reason = f"not UTF-8 text ({error.reason} at byte {error.start}); save it again as UTF-8"
        raise InvalidNotebookError(name, reason) from None


def _load(text: str, name: str) -> dict[str, Any]:
    """The JSON document, if nbformat can read it; clearer messages than nbformat's own."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InvalidNotebookError(name, f"invalid JSON at {where}: {error.msg}") from None
    if not isinstance(document, dict):
        kind = JSON_TYPES.get(type(document), "value")
        raise InvalidNotebookError(name, f"invalid notebook: the file holds a JSON {kind}")
    version = document.get("nbformat")
    if type(version) is not int:
        reason = "invalid notebook: 'nbformat' is missing or not a number"
        raise InvalidNotebookError(name, reason)
    if version != SUPPORTED_NBFORMAT:
        reason = (
            f"nbformat {version} notebooks are not supported; open it in Jupyter and "
            f"save it, which converts it to nbformat {SUPPORTED_NBFORMAT}"
        )
        raise InvalidNotebookError(name, reason)
    minor = document.get("nbformat_minor")
    if type(minor) is not int or minor < 0:
        reason = "invalid notebook: 'nbformat_minor' is missing or not a number"
        raise InvalidNotebookError(name, reason)
    return document


def describe(error: Any) -> str:
    """A schema error in a line: `cells[2].cell_type: 'code2' is not one of 'code', …`."""
    path, message = _narrow(error)
    where = _json_path(path)
    return f"{where}: {message}" if where else message


def _narrow(error: Any) -> tuple[list[Any], str]:
    """Follow a "matches none of these schemas" error down to the branch that applies."""
    # Paths are tracked here: nbformat re-roots some errors, so `absolute_path` may lie.
    path = list(error.absolute_path)
    while error.validator in ("oneOf", "anyOf") and error.context:
        unknown = _unknown_discriminator(error)
        if unknown is not None:
            return [*path, unknown[0]], unknown[1]
        branch = _matching_branch(error)
        if all(sub.validator == "type" and not sub.relative_path for sub in branch):
            types = " or ".join(repr(sub.validator_value) for sub in branch)
            return path, f"{_short.repr(error.instance)} is not of type {types}"
        # Errors higher up in the document say more about what is wrong.
        error = min(branch, key=lambda sub: len(sub.relative_path))
        path += list(error.relative_path)
    return path, _shorten(error.message, error.instance)


def _discriminator_errors(error: Any) -> Iterable[tuple[str, Any]]:
    for sub in error.context:
        path = list(sub.relative_path)
        if len(path) == 1 and path[0] in DISCRIMINATORS and sub.validator in ("enum", "const"):
            yield path[0], sub


def _unknown_discriminator(error: Any) -> tuple[str, str] | None:
    """`('cell_type', "'code2' is not one of …")` when no branch has that cell or output type."""
    allowed: dict[str, list[Any]] = {}
    for key, sub in _discriminator_errors(error):
        values = sub.validator_value if sub.validator == "enum" else [sub.validator_value]
        allowed.setdefault(key, []).extend(values)
    for key, values in allowed.items():
        value = error.instance.get(key) if isinstance(error.instance, dict) else None
        if value not in values:
            choices = ", ".join(repr(v) for v in sorted(set(values)))
            return key, f"{value!r} is not one of {choices}"
    return None


def _matching_branch(error: Any) -> list[Any]:
    """The errors of the branches that fit the value's type and cell or output type."""
    unfit = {sub.relative_schema_path[0] for _, sub in _discriminator_errors(error)}
    unfit |= {
        sub.relative_schema_path[0]
        for sub in error.context
        if sub.validator == "type" and not sub.relative_path
    }
    branch = [sub for sub in error.context if sub.relative_schema_path[0] not in unfit]
    return branch or list(error.context)


def _json_path(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(part)):
            text += f".{part}" if text else str(part)
        else:
            text += f"[{json.dumps(part)}]"
    return text


_short = reprlib.Repr()
_short.maxstring, _short.maxother, _short.maxlist, _short.maxdict = 40, 40, 3, 3


def _shorten(message: str, instance: Any) -> str:
    """jsonschema starts its messages with the whole offending value; keep it short."""
    full = repr(instance)
    if message.startswith(full) and len(full) > 60:
        return _short.repr(instance) + message[len(full) :]
    return message


# An ATX heading (`## Title ##`) or the underline of a setext heading (`Title\n===`).
ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
FENCE = re.compile(r"^ {0,3}(```|~~~)")
INLINE = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images keep their text
    (re.compile(r"<[^>]+>"), ""),  # HTML tags such as <a id="…"></a>
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*"), r"\1"),
    (re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?!\w)"), r"\1"),
    (re.compile(r"~~(.+?)~~"), r"\1"),
    (re.compile(r"`+([^`]*)`+"), r"\1"),
]


def notebook_title(notebook: nbformat.NotebookNode) -> str | None:
    """The text of the first heading of the first Markdown cell, without markup, or None."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            heading = _first_heading("".join(source) if isinstance(source, list) else source)
            return _plain(heading) if heading is not None else None
    return None


def _first_heading(markdown: str) -> str | None:
    paragraph: list[str] = []
    fenced = False
    for line in markdown.splitlines():
        if FENCE.match(line):
            fenced, paragraph = not fenced, []
        elif fenced:
            continue
        elif atx := ATX.match(line):
            return atx.group(1) or ""
        elif SETEXT.match(line) and paragraph:
            return " ".join(paragraph)
        else:
            paragraph = [*paragraph, line] if line.strip() else []
    return None


def _plain(heading: str) -> str | None:
    for pattern, replacement in INLINE:
        heading = pattern.sub(replacement, heading)
    return " ".join(heading.split()) or None
