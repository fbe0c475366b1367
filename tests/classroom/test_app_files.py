"""The classroom serves the notebook app's files compressed as the build wrote them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from fastapi.testclient import TestClient

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.app_site import build_app_site

WASM = "pyodide/pyodide.asm.wasm"


@pytest.fixture(scope="module")
def app_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_app_site(tmp_path_factory.mktemp("data"))


@pytest.fixture
def a_browser(app_site: Path, tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(ClassroomConfig(data=tmp_path / "data"), app_site=app_site)
    with TestClient(app) as client:
        yield client
    app.state.sessions.kw["bind"].dispose()


def get(client: TestClient, path: str, **headers: str) -> tuple[dict[str, str], bytes]:
    """The response's headers and its body as sent (not decoded)."""
    with client.stream("GET", f"/app/{path}", headers=headers) as response:
        assert response.status_code == 200, path
        return dict(response.headers), b"".join(response.iter_raw())


def test_a_browser_that_accepts_brotli_gets_the_builds_brotli_file(
    a_browser: TestClient, app_site: Path
) -> None:
    headers, body = get(a_browser, WASM, **{"Accept-Encoding": "gzip, deflate, br"})
    assert body == (app_site / f"{WASM}.br").read_bytes()
    assert brotli.decompress(body) == (app_site / WASM).read_bytes()
    assert headers["content-encoding"] == "br"
    assert headers["content-type"] == "application/wasm"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    # Revalidated against the compressed file's own validator.
    again = a_browser.get(
        f"/app/{WASM}",
        headers={"Accept-Encoding": "br", "If-None-Match": headers["etag"]},
    )
    assert again.status_code == 304
    assert again.headers["vary"] == "Accept-Encoding"


def test_gzip_when_brotli_is_not_accepted_and_the_file_itself_otherwise(
    a_browser: TestClient, app_site: Path
) -> None:
    headers, body = get(a_browser, "site.json", **{"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip"
    assert body == (app_site / "site.json.gz").read_bytes()
    assert headers["content-type"].startswith("application/json")

    headers, body = get(a_browser, WASM, **{"Accept-Encoding": "identity"})
    assert "content-encoding" not in headers
    assert body == (app_site / WASM).read_bytes()
    assert headers["vary"] == "Accept-Encoding"

    # A file the build did not compress comes as it is, with no Vary.
    font = next(app_site.glob("assets/*.woff2"))  # compressed already
    assert not font.with_name(font.name + ".br").exists()
    headers, body = get(a_browser, f"assets/{font.name}", **{"Accept-Encoding": "br"})
    assert "content-encoding" not in headers and "vary" not in headers
    assert body == font.read_bytes()


def test_the_service_worker_is_still_not_served(a_browser: TestClient) -> None:
    for path in ("sw.js", "sw.js.br"):
        assert a_browser.get(f"/app/{path}", headers={"Accept-Encoding": "br"}).status_code == 404
