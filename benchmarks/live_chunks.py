"""The bytes that working together costs, and that a notebook which never goes live does not.

Reads the front end as built in src/ardoise/_static (run `npm run build` in
frontend/ first) and prints, for the live layer's chunk and y-webrtc's chunk,
their size as built, gzip and brotli (the build writes both beside each file),
and whether a page's first scripts (the app entry, the page modules it loads,
and every chunk these import statically) reach either of them.

    python benchmarks/live_chunks.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "src" / "ardoise" / "_static" / "assets"
# Strings only each chunk holds: a class name of the live panel, y-webrtc's own field.
MARKERS = {"live layer (collab/)": "live-people-list", "y-webrtc + simple-peer": "signalingConns"}
STATIC_IMPORT = re.compile(r'(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?"\./([\w-]+\.js)"')
DYNAMIC_IMPORT = re.compile(r'import\("\./([\w-]+\.js)"\)')


def sizes(path: Path) -> str:
    variants = [path, path.with_name(path.name + ".gz"), path.with_name(path.name + ".br")]
    raw, gz, br = (p.stat().st_size / 1000 if p.exists() else float("nan") for p in variants)
    return f"{raw:7.1f} KB built, {gz:6.1f} KB gzip, {br:6.1f} KB brotli"


def first_screen() -> set[str]:
    """The app entry, the pages it loads (its own dynamic imports), and their static imports."""
    (entry,) = ASSETS.glob("app-*.js")
    seen: set[str] = set()
    todo = [entry.name, *DYNAMIC_IMPORT.findall(entry.read_text())]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += STATIC_IMPORT.findall((ASSETS / name).read_text())
    return seen


def main() -> int:
    if not ASSETS.is_dir():
        print(f"no built front end at {ASSETS}: run npm run build in frontend/", file=sys.stderr)
        return 1
    eager = first_screen()
    for label, marker in MARKERS.items():
        found = [p for p in sorted(ASSETS.glob("*.js")) if marker in p.read_text()]
        for path in found:
            where = "LOADED on every page" if path.name in eager else "loaded only when live"
            print(f"{label:24} {path.name:20} {sizes(path)}  ({where})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
