"""Stage 1, contents: copy the content folder byte for byte and index it in `contents.json`."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import ArdoiseError, ContentError, FileProblem, UnreadableFileError
from ..notebook import notebook_title, parse_notebook
from .jsonfile import write_json
from .mediatypes import media_type

__all__ = ["INDEX", "ROOT", "Contents", "publish_contents"]

logger = logging.getLogger(__name__)

INDEX = "contents.json"
ROOT = "contents"
FORMAT = 1
SKIPPED = {"__pycache__", ".ipynb_checkpoints"}
CHUNK = 1 << 20


@dataclass(frozen=True)
class Contents:
    """What the content folder held: the entries of `contents.json`."""

    entries: tuple[dict[str, Any], ...]

    def count(self, kind: str) -> int:
        return sum(1 for entry in self.entries if entry["type"] == kind)


def publish_contents(content: Path, site: Path) -> Contents:
    """Copy every visible file of `content` to `site/contents/` and write `contents.json`.

    Notebooks are validated, never changed. Every unreadable or invalid file is
    reported at once, in a `ContentError`.
    """
    entries: list[dict[str, Any]] = []
    problems: list[FileProblem] = []
    for source, name in _walk(content, problems):
        target = site / ROOT / name
        try:
            entries.append(_publish(source, name, target))
        except FileProblem as problem:
            problems.append(problem)
    if problems:
        raise ContentError(problems)
    if not any(entry["type"] != "directory" for entry in entries):
        raise ArdoiseError(
            f"content folder '{content}' has no files to publish (hidden files are skipped); "
            "add your notebooks and data files to it"
        )
    entries.sort(key=lambda entry: str(entry["path"]))
    write_json(site / INDEX, {"format": FORMAT, "entries": entries})
    logger.info("Copied %d files and folders from %s", len(entries), content)
    return Contents(tuple(entries))


def _walk(
    folder: Path, problems: list[FileProblem], prefix: str = "", seen: frozenset[Path] = frozenset()
) -> Iterator[tuple[Path, str]]:
    """Visible files and folders under `folder`, sorted, with their `/`-separated names."""
    seen = seen | {folder.resolve()}
    try:
        children = sorted(folder.iterdir(), key=lambda child: child.name)
    except OSError as error:
        problems.append(UnreadableFileError(prefix or ".", f"cannot list it: {error.strerror}"))
        return
    for child in children:
        if child.name.startswith(".") or child.name in SKIPPED:
            continue
        name = f"{prefix}{child.name}"
        if child.is_dir() and child.resolve() in seen:
            reason = "a symbolic link to a folder that contains it; remove the link"
            problems.append(UnreadableFileError(name, reason))
            continue
        yield child, name
        if child.is_dir():
            yield from _walk(child, problems, f"{name}/", seen)


def _publish(source: Path, name: str, target: Path) -> dict[str, Any]:
    """Copy one file or make one folder; its entry in `contents.json`."""
    try:
        stat = source.stat()
    except OSError as error:
        raise UnreadableFileError(name, _reason(source, error)) from None
    entry = {"path": name, "name": source.name, "last_modified": _timestamp(stat.st_mtime)}
    if source.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return {**entry, "type": "directory"}
    if not source.is_file():
        raise UnreadableFileError(name, "not a regular file; remove it from the content folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    if name.lower().endswith(".ipynb"):
        details = _copy_notebook(source, name, target)
    else:
        details = {"type": "file", "sha256": _copy(source, name, target)}
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    return {**entry, **details, "size": stat.st_size, "mimetype": media_type(name)}


def _copy_notebook(source: Path, name: str, target: Path) -> dict[str, Any]:
    data = b"".join(_chunks(source, name))
    title = notebook_title(parse_notebook(data, name))
    target.write_bytes(data)
    return {"type": "notebook", "sha256": hashlib.sha256(data).hexdigest(), "title": title}


def _copy(source: Path, name: str, target: Path) -> str:
    digest = hashlib.sha256()
    with target.open("wb") as writer:
        for chunk in _chunks(source, name):
            digest.update(chunk)
            writer.write(chunk)
    return digest.hexdigest()


def _chunks(source: Path, name: str) -> Iterator[bytes]:
    """The bytes of `source`; a read error names the file (write errors are not ours)."""
    try:
        with source.open("rb") as reader:
            while chunk := reader.read(CHUNK):
                yield chunk
    except OSError as error:
        raise UnreadableFileError(name, _reason(source, error)) from None


def _reason(source: Path, error: OSError) -> str:
    reason = f"cannot read it: {error.strerror}"
    if source.is_symlink() and not source.exists():
        reason += f" (it is a symbolic link to '{os.readlink(source)}', which does not exist)"
    return reason


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(int(seconds), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
