"""Repacks Pyodide's standard library for a fast start; runs inside Pyodide under Node.

Input: Pyodide's own ``python_stdlib.zip`` (sources, each entry deflated).
Output: the same files in an uncompressed zip, plus a ``.pyc`` beside the source
of every module that starting the kernel imports.

- Bytecode: compiling those modules is most of Python's start-up. The bytecode
  is made by this very interpreter, so it matches Pyodide's CPython exactly;
  it is unchecked-hash bytecode, valid without timestamps. The sources stay,
  so tracebacks and ``inspect.getsource`` still show them.
- Stored, not deflated: the server compresses the whole archive at once
  (brotli sees across files: about 35 % smaller than per-file deflate), and
  Python then reads modules without inflating them.

Called as ``repack(source_zip, target_zip)``; returns the number of modules compiled.
"""

from __future__ import annotations

import importlib.util
import sys
import zipfile
from importlib import _bootstrap_external  # type: ignore[attr-defined]

EPOCH = (1980, 1, 1, 0, 0, 0)


def startup_modules(prefix: str) -> set[str]:
    """Paths (inside the zip) of the modules a kernel has imported by its first output."""
    import ardoise.runtime

    kernel = ardoise.runtime.Kernel(lambda msg_type, content: None, cwd="/tmp")
    kernel.execute("print(6*7)")
    paths = set()
    for module in list(sys.modules.values()):
        origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
        if origin.startswith(prefix):
            paths.add(origin[len(prefix) :])
    return paths


def repack(source: str, target: str) -> int:
    prefix = next(p for p in sys.path if p.endswith(".zip")) + "/"
    compiled = startup_modules(prefix)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zout:
        for info in sorted(zin.infolist(), key=lambda i: i.filename):
            data = zin.read(info)
            _write(zout, info.filename, data)
            if info.filename in compiled:
                code = compile(data, prefix + info.filename, "exec", dont_inherit=True)
                pyc = _bootstrap_external._code_to_hash_pyc(
                    code, importlib.util.source_hash(data), checked=False
                )
                _write(zout, info.filename + "c", bytes(pyc))
    return len(compiled)


def _write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.external_attr = 0o100644 << 16
    archive.writestr(info, data)
