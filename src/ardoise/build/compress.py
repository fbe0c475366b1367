"""Stage 5, compress: a `.br` and a `.gz` beside every file that shrinks.

A server or CDN that finds `app.js.br` sends it with `Content-Encoding: br`
instead of compressing on every request (`ardoise serve` does; nginx's
`gzip_static` and `brotli_static` do). The app and the Pyodide runtime arrive
already compressed at brotli's best setting (made when the package was built);
what the build writes (the contents and the indexes) is compressed here.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

import brotli  # type: ignore[import-untyped]  # brotli ships no type hints

__all__ = ["ENCODINGS", "compress_site", "compressible", "recompress"]

logger = logging.getLogger(__name__)

# Content-Encoding → file suffix, best first.
ENCODINGS = {"br": ".br", "gzip": ".gz"}
# Formats that are compressed already: a second pass would only add bytes.
PACKED = {
    ".br", ".gz", ".bz2", ".xz", ".zst", ".zip", ".whl", ".png", ".jpg", ".jpeg",
    ".gif", ".webp", ".avif", ".woff", ".woff2", ".mp3", ".mp4", ".ogg", ".webm", ".pdf",
}  # fmt: skip
SMALLEST = 256  # below this the headers cost more than compression saves
WORTH = 0.9  # keep a compressed copy only if it is at most 90 % of the original
# Brotli's best quality is slow (about 1 MB/s); large course files get a faster one.
BEST_UP_TO = 2_000_000


# Archives this build writes uncompressed (the runtime zip), so that they compress whole.
STORED = ("runtime",)


def compressible(path: Path, site: Path) -> bool:
    stored = path.relative_to(site).parts[0] in STORED
    packed = path.suffix.lower() in PACKED and not stored
    return not packed and path.stat().st_size >= SMALLEST


def compress_site(site: Path, folders: list[str]) -> int:
    """Write `.br` and `.gz` beside the files under `folders` of `site`; how many files."""
    count = 0
    for folder in folders:
        root = site / folder
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            count += _compress(path, site)
    logger.info("Compressed %d files", count)
    return count


def recompress(path: Path, site: Path) -> None:
    """Replace the compressed copies of `path`, which a later stage rewrote."""
    for suffix in ENCODINGS.values():
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    _compress(path, site)


def _compress(path: Path, site: Path) -> int:
    if not compressible(path, site):
        return 0
    targets = {suffix: path.with_name(path.name + suffix) for suffix in ENCODINGS.values()}
    if any(target.exists() for target in targets.values()):
        # A content file of that name is the author's, not a compressed copy.
        logger.warning("Not compressing %s: %s exists", path, path.name + "{.br,.gz}")
        return 0
    data = path.read_bytes()
    quality = 11 if len(data) <= BEST_UP_TO else 9
    forms = {
        ".br": brotli.compress(data, quality=quality),
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
    }
    written = 0
    for suffix, packed in forms.items():
        if len(packed) <= WORTH * len(data):
            targets[suffix].write_bytes(packed)
            written = 1
    return written
