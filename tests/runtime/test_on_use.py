"""A package of the runtime downloaded on its first import (the turtle, in the browser).

In Pyodide the download is a synchronous XMLHttpRequest, which only a browser
has: Chromium runs it in tests/e2e/test_turtle.py (the built site ships the
turtle apart) and tests/e2e/test_offline.py (through the service worker).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ardoise.runtime import on_use

pytestmark = pytest.mark.skipif(
    sys.platform == "emscripten", reason="the browser's download is tested in Chromium"
)

PACKAGE = "ardoise_on_use_probe"


@pytest.fixture
def a_zipped_package(tmp_path: Path) -> Path:
    archive = tmp_path / "probe.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr(f"{PACKAGE}/__init__.py", "from .inner import VALUE\n")
        out.writestr(f"{PACKAGE}/inner.py", "VALUE = 42\n")
    return archive


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    into = tmp_path / "site-packages"
    into.mkdir()
    monkeypatch.syspath_prepend(str(into))
    yield into
    for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
        del sys.modules[name]
    on_use._WHERE.pop(PACKAGE, None)


def test_the_first_import_downloads_and_unpacks_the_package(
    a_zipped_package: Path, folder: Path
) -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module(PACKAGE)  # not located yet: an ordinary missing module
    on_use.locate({PACKAGE: a_zipped_package.as_uri()}, into=str(folder))
    assert not (folder / PACKAGE).exists()  # nothing downloaded before the import
    module = importlib.import_module(PACKAGE)
    assert module.VALUE == 42
    assert (folder / PACKAGE / "inner.py").is_file()
    # Installed now: a later import (a new kernel's) finds it without the finder.
    a_zipped_package.unlink()
    del sys.modules[PACKAGE], sys.modules[f"{PACKAGE}.inner"]
    assert importlib.import_module(PACKAGE).VALUE == 42


def test_a_package_that_cannot_be_downloaded_says_so_and_can_be_tried_again(
    a_zipped_package: Path, folder: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.zip"
    on_use.locate({PACKAGE: missing.as_uri()}, into=str(folder))
    with pytest.raises(ImportError, match=r"could not be downloaded .*check the network"):
        importlib.import_module(PACKAGE)
    a_zipped_package.rename(missing)  # the network is back
    assert importlib.import_module(PACKAGE).VALUE == 42


def test_a_broken_download_is_an_import_error_and_installs_nothing(
    folder: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"<html>a proxy's error page</html>")
    on_use.locate({PACKAGE: broken.as_uri()}, into=str(folder))
    with pytest.raises(ImportError, match="could not be downloaded"):
        importlib.import_module(PACKAGE)
    assert list(folder.iterdir()) == []


def test_a_kernel_start_imports_no_network_module() -> None:
    # Only a download outside the browser needs them; in Pyodide urllib.request
    # (http.client, email…) cost half a second of every start.
    heavy = ("urllib.request", "http.client")
    code = (
        "import sys, ardoise.runtime, ardoise.runtime.on_use;"
        f"print(' '.join(m for m in {heavy!r} if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.split() == []
