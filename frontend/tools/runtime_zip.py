"""Writes the runtime zip that `ardoise build` puts in every site, for the served snapshot.

Run by `served-snapshot.mjs` while the front end is built: the memory snapshot
shipped with the package must be made from exactly the zip the sites will
load, and `ardoise.build.runtime` is the one place that decides what it holds.
Only that module is imported, not `ardoise.build` as a whole, whose other
stages need the package's dependencies (not installed while the package itself
is being built).

Usage: python runtime_zip.py SRC STATIC OUT.zip
"""

from __future__ import annotations

import sys
import types
from pathlib import Path


def main(src: Path, static: Path, out: Path) -> None:
    sys.path.insert(0, str(src))
    package = types.ModuleType("ardoise.build")
    package.__path__ = [str(src / "ardoise" / "build")]
    sys.modules["ardoise.build"] = package
    from ardoise.build import runtime

    out.write_bytes(runtime.runtime_zip(static))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
