"""Media types of site files, the same on every machine.

`mimetypes.guess_type` also reads the system's `/etc/mime.types`, which differs from
one machine to the next; builds must be reproducible, so only Python's built-in
table is used, with the types Ardoise relies on set explicitly.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

__all__ = ["media_type"]

DEFAULT = "application/octet-stream"
OVERRIDES = {
    ".ipynb": "application/x-ipynb+json",
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".md": "text/markdown",
    ".py": "text/x-python",
    ".txt": "text/plain",
    ".gz": "application/gzip",
    ".bz2": "application/x-bzip2",
    ".xz": "application/x-xz",
    ".whl": "application/zip",
}
# Without file names, MimeTypes uses only Python's built-in table.
_BUILT_IN = mimetypes.MimeTypes(filenames=()).types_map[True]


def media_type(name: str) -> str:
    """The media type of a file, from its name alone (no charset parameter)."""
    suffix = PurePath(name).suffix.lower()
    return OVERRIDES.get(suffix) or _BUILT_IN.get(suffix) or DEFAULT
