"""The content and output folders: checks before a build, and the final swap.

The site is built in a hidden sibling of the output folder and renamed into place
at the end, so a failed or interrupted build never leaves a half-written site and
never destroys the previous one.
"""

from __future__ import annotations

import logging
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ArdoiseError
from .manifest import is_ardoise_site

__all__ = ["check_folders", "staging"]

logger = logging.getLogger(__name__)


def check_folders(content: Path, output: Path) -> None:
    """Refuse, before touching anything, a content or output folder that cannot work."""
    if not content.exists():
        raise ArdoiseError(
            f"content folder '{content}' does not exist; pass the folder that holds your notebooks"
        )
    if not content.is_dir():
        raise ArdoiseError(
            f"content path '{content}' is a file, not a folder; "
            "pass the folder that holds your notebooks"
        )
    _check_nesting(content, output)
    _check_output(output)


def _check_nesting(content: Path, output: Path) -> None:
    source, target = content.resolve(), output.resolve()
    if target == source:
        raise ArdoiseError(
            f"output folder '{output}' is the content folder; "
            f"choose an output folder outside '{content}'"
        )
    if source in target.parents:
        raise ArdoiseError(
            f"output folder '{output}' is inside the content folder '{content}', "
            f"so the site would publish itself; choose an output folder outside '{content}'"
        )
    if target in source.parents:
        raise ArdoiseError(
            f"content folder '{content}' is inside the output folder '{output}', "
            "which the build replaces; choose another output folder"
        )


def _check_output(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise ArdoiseError(
            f"output path '{output}' is a file, not a folder; choose another output folder"
        )
    if output.is_dir() and any(output.iterdir()) and not is_ardoise_site(output):
        raise ArdoiseError(
            f"output folder '{output}' is not empty and holds no Ardoise site (no site.json); "
            f"choose a new or empty folder, or remove '{output}' first"
        )


@contextmanager
def staging(output: Path) -> Iterator[Path]:
    """A fresh folder to build into; it replaces `output` if the block succeeds."""
    # A symbolic link to the site stays a link: the folder it points to is replaced.
    target = output.resolve()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = _sibling(target, "building")
        folder.mkdir()
    except OSError as error:
        raise ArdoiseError(f"cannot write the site to '{output}': {error.strerror}") from None
    try:
        yield folder
        _swap(folder, target)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _sibling(target: Path, purpose: str) -> Path:
    return target.with_name(f".{target.name}.{purpose}-{secrets.token_hex(4)}")


def _swap(new: Path, target: Path) -> None:
    old = _sibling(target, "old") if target.exists() else None
    try:
        if old is not None:
            target.rename(old)
        try:
            new.rename(target)
        except BaseException:
            if old is not None:
                old.rename(target)
            raise
    except OSError as error:
        raise ArdoiseError(f"cannot replace '{target}': {error.strerror}") from None
    if old is not None:
        shutil.rmtree(old)
    logger.info("Moved the new site into %s", target)
