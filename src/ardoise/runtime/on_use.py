"""Packages of the runtime that are downloaded on their first import.

The turtle is a sixth of the runtime yet only drawing lessons import it, so the
site ships it as a zip of its own (`ardoise build` writes it and names it in
``site.json``). The kernel's worker tells `locate` where it is; a finder, last
on ``sys.meta_path`` so that it is asked only when the package is not installed
yet, downloads the zip on the package's first import, unpacks it where the
runtime is, and lets the usual path finder import it.

Python cannot wait for a ``fetch`` inside an import, so the browser download is
a synchronous request, which a Web Worker may make (the service worker answers
it offline). Elsewhere (CPython, tests), ``urllib`` reads the URL.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import sysconfig
import types
from collections.abc import Callable, Mapping, Sequence

from ._compat import IN_PYODIDE

__all__ = ["locate"]

#: Package → (URL of its zip, folder to unpack it into); removed once installed.
_WHERE: dict[str, tuple[str, str]] = {}


def locate(urls: Mapping[str, str], into: str | None = None) -> None:
    """Packages (by module name) to download from these URLs on their first import,
    into `into` (default: where the runtime is installed)."""
    folder = into if into is not None else sysconfig.get_paths()["purelib"]
    _WHERE.update({package: (url, folder) for package, url in urls.items()})
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        where = _WHERE.get(fullname)
        if where is None:
            return None
        url, folder = where
        # Imported here, not at start-up: only the first import of such a package needs them.
        import io
        import zipfile

        try:
            data = _download(url)
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.extractall(folder)
        except (OSError, zipfile.BadZipFile) as error:
            raise ImportError(
                f"{fullname} could not be downloaded ({error}): check the network, "
                "then run the cell again.",
                name=fullname,
            ) from None
        del _WHERE[fullname]
        importlib.invalidate_caches()
        return importlib.machinery.PathFinder.find_spec(fullname, path)


def _download(url: str) -> bytes:
    return _browser_download(url) if IN_PYODIDE else _url_download(url)


def _url_download(url: str) -> bytes:
    import urllib.request  # half a second of every start in Pyodide, for CPython only

    with urllib.request.urlopen(url, timeout=60) as response:
        data: bytes = response.read()
        return data


def _browser_download(url: str) -> bytes:
    from js import XMLHttpRequest  # type: ignore[import-not-found]  # Pyodide only

    request = XMLHttpRequest.new()
    request.open("GET", url, False)  # synchronous: allowed in a Web Worker
    request.responseType = "arraybuffer"
    try:
        request.send()
    except Exception as error:  # a JsException: the network is down
        raise OSError(str(error)) from None
    status: int = request.status
    if status != 200:
        raise OSError(f"HTTP {status}" if status else "no answer")
    to_bytes: Callable[[], bytes] = request.response.to_bytes
    return to_bytes()
