"""`ardoise build` bundles a course's pure-Python packages and says where Pyodide's come from."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any

import brotli
import pytest

from ardoise.build.assets import static_folder
from conftest import make_distribution, offline_requirements, pinned_installer

from .test_offline import offline_config
from .test_site import build

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

CORE = static_folder() / "pyodide"
VERSION = json.loads((CORE / "package.json").read_text())["version"]


def manifest(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "site.json").read_text())
    return data


def test_the_requirements_and_their_dependencies_are_bundled_as_lock_entries(
    ardoise_cli: ArdoiseCLI, a_course: Path, a_wheelhouse: Path, tmp_path: Path
) -> None:
    requirements = offline_requirements(
        tmp_path / "reqs", a_wheelhouse, "tinypkg", "tinynum", "numpy"
    )
    site = tmp_path / "site"
    stdout = build(ardoise_cli, a_course, site, "--requirements", str(requirements))
    assert stdout.splitlines()[0].endswith(f"Pyodide {VERSION}, 4 packages bundled")
    installer, installer_version = pinned_installer()
    bundled = manifest(site)["packages"]["bundled"]
    # numpy comes from Pyodide's distribution; what only Windows or tests need is left out.
    assert sorted(bundled) == [installer, "tinydep", "tinynum", "tinypkg"]
    tinypkg = bundled["tinypkg"]
    assert tinypkg == {
        "name": "tinypkg",
        "version": "1.0",
        "file_name": "packages/tinypkg-1.0-py3-none-any.whl",
        "install_dir": "site",
        "package_type": "package",
        "sha256": hashlib.sha256(
            (a_wheelhouse / "tinypkg-1.0-py3-none-any.whl").read_bytes()
        ).hexdigest(),
        "imports": ["tinypkg"],
        "depends": ["tinydep"],
    }
    assert bundled["tinynum"]["depends"] == ["numpy"]
    assert bundled["tinydep"]["imports"] == ["tinydep"]
    assert bundled[installer]["version"] == installer_version
    for entry in bundled.values():
        wheel = site / entry["file_name"]
        assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert sorted(path.name for path in (site / "packages").iterdir()) == sorted(
        Path(entry["file_name"]).name for entry in bundled.values()
    )


def test_a_requirements_file_in_the_content_folder_is_used_and_published(
    ardoise_cli: ArdoiseCLI, a_course: Path, a_wheelhouse: Path, tmp_path: Path
) -> None:
    offline_requirements(a_course, a_wheelhouse, "tinyextra==2.0")
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    assert "tinyextra" in manifest(site)["packages"]["bundled"]
    assert (site / "contents" / "requirements.txt").is_file()  # %pip install -r works too


def test_without_requirements_nothing_is_bundled_and_packages_come_from_the_cdn(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site)
    data = manifest(site)
    assert data["packages"] == {"bundled": {}}
    assert data["pyodide"]["packagesURL"] == f"https://cdn.jsdelivr.net/pyodide/v{VERSION}/full/"
    assert not (site / "packages").exists()
    # The service worker keeps what it loads from there.
    assert offline_config(site)[0]["packages"] == data["pyodide"]["packagesURL"]


def test_a_pyodide_distribution_url_is_recorded(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site, "--pyodide-dist", "https://school.example/pyodide")
    assert manifest(site)["pyodide"]["packagesURL"] == "https://school.example/pyodide/"
    assert offline_config(site)[0]["packages"] == "https://school.example/pyodide/"


def test_a_self_hosted_distribution_is_copied_beside_the_core(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    dist = make_distribution(tmp_path / "dist")
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site, "--pyodide-dist", str(dist))
    assert manifest(site)["pyodide"]["packagesURL"] == "pyodide/"
    assert (site / "pyodide" / "distpkg-0.1-py3-none-any.whl").is_file()
    lock_file = site / "pyodide" / "pyodide-lock.json"
    lock = json.loads(lock_file.read_text())
    assert "distpkg" in lock["packages"]
    # The core's precompressed lock was replaced too, or servers would send it instead.
    for suffix, decompress in [(".br", brotli.decompress), (".gz", gzip.decompress)]:
        packed = lock_file.with_name(lock_file.name + suffix)
        assert decompress(packed.read_bytes()) == lock_file.read_bytes()
    for name in ["pyodide.asm.wasm", "pyodide.mjs", "python_stdlib.zip"]:
        assert (site / "pyodide" / name).read_bytes() == (CORE / name).read_bytes()


def test_a_self_hosted_distributions_packages_are_kept_offline_only_once_used(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    dist = make_distribution(tmp_path / "dist")
    site = tmp_path / "site"
    build(ardoise_cli, a_course, site, "--pyodide-dist", str(dist))
    config, _ = offline_config(site)
    assert "pyodide/distpkg-0.1-py3-none-any.whl" in config["files"]
    assert config["onDemand"] == ["pyodide/distpkg-0.1-py3-none-any.whl"]
    assert "packages" not in config, "the site's own files are kept as app files"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["nosuchpkg-ardoise-test"],
            "'nosuchpkg-ardoise-test' in '{req}' was not found on the package index; "
            "check its name (as on pypi.org), or remove it from requirements.txt",
        ),
        (
            ["compiledpkg"],
            "'compiledpkg' in '{req}' has no pure-Python wheel for Python 3.",
        ),
        (
            ["numpy==1.0"],
            "the versions asked for in '{req}' cannot be installed together "
            "(The user requested numpy==1.0; Pyodide provides numpy==",
        ),
    ],
)
def test_a_package_that_cannot_be_bundled_is_one_line_naming_it(
    ardoise_cli: ArdoiseCLI,
    a_course: Path,
    a_wheelhouse: Path,
    tmp_path: Path,
    lines: list[str],
    message: str,
) -> None:
    requirements = offline_requirements(tmp_path / "reqs", a_wheelhouse, *lines)
    site = tmp_path / "site"
    result = ardoise_cli.run(
        "build", str(a_course), "-o", str(site), "--requirements", str(requirements)
    )
    [error] = ardoise_cli.errors(result)
    assert error.startswith(message.format(req=requirements))
    assert not site.exists()


def test_an_unreachable_package_index_is_one_line_saying_what_to_do(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"--index-url http://127.0.0.1:{closed_port()}/simple\ntinypkg\n")
    result = ardoise_cli.run(
        "build", str(a_course), "-o", str(tmp_path / "site"), "--requirements", str(requirements)
    )
    [error] = ardoise_cli.errors(result)
    assert error == (
        f"could not reach the package index to download the packages of '{requirements}' "
        "(Connection refused); connect to the network and build again, or put the wheels in a "
        "folder and add '--find-links FOLDER' to requirements.txt"
    )


def test_without_pip_the_build_says_how_to_get_it(
    ardoise_cli: ArdoiseCLI, a_course: Path, a_wheelhouse: Path, tmp_path: Path
) -> None:
    requirements = offline_requirements(tmp_path / "reqs", a_wheelhouse, "tinyextra")
    # As in a Python installed without pip: the module cannot be found.
    code = "import sys; sys.modules['pip'] = None; from ardoise.cli import main; sys.exit(main())"
    result = ardoise_cli.run(
        "build", str(a_course), "-o", str(tmp_path / "site"), "--requirements", str(requirements),
        code=code,
    )  # fmt: skip
    [error] = ardoise_cli.errors(result)
    assert error.startswith("pip is not available in this Python (")
    assert error.endswith("install it (python -m ensurepip) and build again")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--requirements",
            "missing.txt",
            "requirements file 'missing.txt' does not exist; pass a requirements.txt "
            "listing the pure-Python packages to bundle, one per line",
        ),
        (
            "--pyodide-dist",
            "no-such-folder",
            "--pyodide-dist 'no-such-folder' is not a folder; pass the folder of a full Pyodide "
            f"{VERSION} release, or the URL where one is served (https://…/)",
        ),
        (
            "--pyodide-dist",
            ".",
            "--pyodide-dist '.' holds no readable pyodide-lock.json (No such file or directory), "
            f"so it is not a Pyodide release; unpack the full release of Pyodide {VERSION} "
            f"(pyodide-{VERSION}.tar.bz2) and pass its folder",
        ),
    ],
)
def test_bad_package_options_are_refused_before_anything_is_written(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path, option: str, value: str, message: str
) -> None:
    site = tmp_path / "site"
    result = ardoise_cli.run("build", str(a_course), "-o", str(site), option, value, cwd=tmp_path)
    assert ardoise_cli.errors(result) == [message]
    assert not site.exists()


def test_a_distribution_of_another_pyodide_is_refused(
    ardoise_cli: ArdoiseCLI, a_course: Path, tmp_path: Path
) -> None:
    dist = make_distribution(tmp_path / "dist", python="3.12.1")
    (dist / "package.json").unlink()
    result = ardoise_cli.run(
        "build", str(a_course), "-o", str(tmp_path / "site"), "--pyodide-dist", str(dist)
    )
    [error] = ardoise_cli.errors(result)
    assert error.startswith(f"--pyodide-dist '{dist}' is built for Python 3.12.1, but this")
    assert error.endswith(f"use the full release of Pyodide {VERSION}")
