"""`ardoise serve` serves a built site with the headers Python in the browser needs."""

from __future__ import annotations

import http.client
import queue
import re
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ardoise.serve import make_server

if TYPE_CHECKING:
    from conftest import ArdoiseCLI

ISOLATION = {
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-embedder-policy": "require-corp",
    "cross-origin-resource-policy": "same-origin",
    "x-content-type-options": "nosniff",
}
SERVING = re.compile(r"Serving (.+) at http://127\.0\.0\.1:(\d+)/ \(press Ctrl\+C to stop\)\n")


@pytest.fixture(scope="module")
def a_built_site(ardoise_cli: ArdoiseCLI, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("serve")
    (root / "course" / "data").mkdir(parents=True)
    notebook = new_notebook(cells=[new_markdown_cell("# Loops"), new_code_cell("print(1)")])
    (root / "course" / "loops.ipynb").write_text(nbformat.writes(notebook), "utf-8")
    (root / "course" / "data" / "rain.csv").write_text("day,mm\nMonday,2\n")
    result = ardoise_cli.run("build", str(root / "course"), "-o", str(root / "site"))
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def a_running_server(a_built_site: Path) -> Iterator[int]:
    """The site served in this process on a free port; its port."""
    server = make_server(a_built_site, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    thread.join()
    server.server_close()


def fetch(port: int, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET `path`: the status, the headers (lower-case names) and the body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, response.read()
    finally:
        connection.close()


def site_file(site: Path, pattern: str) -> str:
    return "/" + next(site.glob(pattern)).relative_to(site).as_posix()


def test_the_home_page_is_served_with_the_isolation_headers(
    a_running_server: int, a_built_site: Path
) -> None:
    status, headers, body = fetch(a_running_server, "/")
    assert status == 200
    assert body == (a_built_site / "index.html").read_bytes()
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert ISOLATION.items() <= headers.items()


@pytest.mark.parametrize(
    ("pattern", "media_type"),
    [
        ("pyodide/*.wasm", "application/wasm"),
        ("pyodide/pyodide.mjs", "text/javascript; charset=utf-8"),
        ("assets/*.js", "text/javascript; charset=utf-8"),
        ("assets/*.css", "text/css; charset=utf-8"),
        ("site.json", "application/json"),
        ("sw.js", "text/javascript; charset=utf-8"),
        ("contents/*.ipynb", "application/x-ipynb+json"),
        ("contents/data/*.csv", "text/csv; charset=utf-8"),
        ("runtime/*.zip", "application/zip"),
        ("snapshot/*.snapshot", "application/octet-stream"),
    ],
)
def test_each_kind_of_file_is_served_with_its_media_type(
    a_running_server: int, a_built_site: Path, pattern: str, media_type: str
) -> None:
    status, headers, _ = fetch(a_running_server, site_file(a_built_site, pattern))
    assert (status, headers["content-type"]) == (200, media_type)
    assert ISOLATION.items() <= headers.items()


@pytest.mark.parametrize("pattern", ["assets/*.js", "runtime/*.zip", "snapshot/*.snapshot"])
def test_hashed_files_are_cached_for_a_year(
    a_running_server: int, a_built_site: Path, pattern: str
) -> None:
    headers = fetch(a_running_server, site_file(a_built_site, pattern))[1]
    assert headers["cache-control"] == "public, max-age=31536000, immutable"


def test_files_whose_names_are_not_hashed_are_revalidated(
    a_running_server: int, a_built_site: Path
) -> None:
    pyodide = site_file(a_built_site, "pyodide/*.mjs")
    for path in ["/", "/site.json", "/contents.json", "/sw.js", "/contents/loops.ipynb", pyodide]:
        assert fetch(a_running_server, path)[1]["cache-control"] == "no-cache"


def test_a_missing_file_is_a_404_that_is_never_cached_forever(a_running_server: int) -> None:
    status, headers, _ = fetch(a_running_server, "/assets/gone-1234.js")
    assert status == 404
    assert headers["cache-control"] == "no-cache"
    assert ISOLATION.items() <= headers.items()


def test_an_unchanged_file_is_revalidated_with_a_304(a_running_server: int) -> None:
    _, headers, _ = fetch(a_running_server, "/contents.json")
    status, again, body = fetch(
        a_running_server, "/contents.json", **{"If-Modified-Since": headers["last-modified"]}
    )
    assert (status, body) == (304, b"")
    assert again["cache-control"] == "no-cache"
    assert ISOLATION.items() <= again.items()


@pytest.mark.parametrize("path", ["/contents/", "/contents/data/", "/pyodide/", "/runtime/"])
def test_folders_are_never_listed(a_running_server: int, path: str) -> None:
    status, headers, body = fetch(a_running_server, path)
    assert status == 404
    assert b"Directory listing" not in body
    assert ISOLATION.items() <= headers.items()


# The real command, in a child process, as a user runs it.


class Served:
    """`ardoise serve` in a child process: its output, line by line, as it comes."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read)
        self.reader.start()
        match = SERVING.fullmatch(self.next_line())
        assert match, "ardoise serve did not say where it serves"
        self.port = int(match[2])

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def next_line(self, timeout: float = 30) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError("ardoise serve printed nothing") from None

    def stop(self, number: int = signal.SIGINT) -> tuple[int, str]:
        """Send `number` to the process this test started; its exit status and its last output."""
        self.process.send_signal(number)
        status = self.process.wait(timeout=10)
        self.reader.join(timeout=10)
        return status, "".join(self.lines.get() for _ in range(self.lines.qsize()))


@contextmanager
def serving(ardoise_cli: ArdoiseCLI, *args: str) -> Iterator[Served]:
    """`ardoise serve ARGS`, once it says it is serving."""
    with ardoise_cli.start("serve", *args) as process:
        try:
            yield Served(process)
        finally:
            if process.poll() is None:
                process.kill()


def test_ardoise_serve_serves_the_site_until_ctrl_c(
    ardoise_cli: ArdoiseCLI, a_built_site: Path
) -> None:
    with serving(ardoise_cli, str(a_built_site), "--port", "0") as served:
        status, headers, _ = fetch(served.port, site_file(a_built_site, "pyodide/pyodide.mjs"))
        assert status == 200
        assert ISOLATION.items() <= headers.items()
        assert fetch(served.port, "/no-such-file")[0] == 404
        assert served.stop() == (0, "Stopped.\n")


def test_ardoise_serve_also_stops_cleanly_on_sigterm(
    ardoise_cli: ArdoiseCLI, a_built_site: Path
) -> None:
    with serving(ardoise_cli, str(a_built_site), "--port", "0") as served:
        assert served.stop(signal.SIGTERM) == (0, "Stopped.\n")


def test_verbose_serve_logs_each_request(ardoise_cli: ArdoiseCLI, a_built_site: Path) -> None:
    with serving(ardoise_cli, str(a_built_site), "--port", "0", "--verbose") as served:
        fetch(served.port, "/site.json")
        status, output = served.stop()
    assert status == 0
    assert re.search(r'^127\.0\.0\.1 "GET /site\.json HTTP/1\.1" 200 -$', output, re.MULTILINE)
    assert output.endswith("Stopped.\n")


def test_a_taken_port_falls_back_to_a_free_one_and_says_so(
    ardoise_cli: ArdoiseCLI, a_built_site: Path
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        with serving(ardoise_cli, str(a_built_site), "--port", str(busy)) as served:
            assert served.port != busy
            assert served.next_line() == (
                f"Port {busy} is in use, so port {served.port} was used instead.\n"
            )
            assert fetch(served.port, "/")[0] == 200
            assert served.stop() == (0, "Stopped.\n")


def test_serving_a_folder_that_is_not_a_built_site_says_how_to_build_one(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    (tmp_path / "notes").mkdir()
    for folder in ["notes", "missing"]:
        result = ardoise_cli.run("serve", str(tmp_path / folder), "--port", "0")
        assert ardoise_cli.errors(result) == [
            f"'{tmp_path / folder}' is not a built Ardoise site (no site.json); "
            f"build one with: ardoise build CONTENT -o {tmp_path / folder}"
        ]


def test_serve_looks_for_a_folder_called_site_by_default(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    result = ardoise_cli.run("serve", "--port", "0", cwd=tmp_path)
    assert ardoise_cli.errors(result) == [
        "'site' is not a built Ardoise site (no site.json); "
        "build one with: ardoise build CONTENT -o site"
    ]


def test_a_port_out_of_range_is_refused(ardoise_cli: ArdoiseCLI, a_built_site: Path) -> None:
    result = ardoise_cli.run("serve", str(a_built_site), "--port", "70000")
    assert ardoise_cli.errors(result) == [
        "--port 70000 is not a port number; use 1 to 65535, or 0 for any free port"
    ]


@pytest.mark.parametrize(
    ("accept", "encoding", "suffix"),
    [
        ("br", "br", ".br"),
        ("gzip, deflate, br, zstd", "br", ".br"),
        ("gzip", "gzip", ".gz"),
        ("br;q=0, gzip;q=0.5", "gzip", ".gz"),
        ("*", "br", ".br"),
    ],
)
def test_a_browser_that_accepts_compression_gets_the_builds_compressed_file(
    a_running_server: int, a_built_site: Path, accept: str, encoding: str, suffix: str
) -> None:
    for pattern in ["assets/app-*.js", "pyodide/pyodide.asm.wasm", "site.json"]:
        path = site_file(a_built_site, pattern)
        status, headers, body = fetch(a_running_server, path, **{"Accept-Encoding": accept})
        assert status == 200
        assert body == (a_built_site / (path[1:] + suffix)).read_bytes()
        assert headers["content-encoding"] == encoding
        assert headers["content-length"] == str(len(body))
        assert headers["vary"] == "Accept-Encoding"
        plain_type = fetch(a_running_server, path)[1]["content-type"]
        assert headers["content-type"] == plain_type != "application/gzip"
        assert ISOLATION.items() <= headers.items()


@pytest.mark.parametrize("accept", [None, "identity", "br;q=0, gzip;q=0", "deflate"])
def test_a_browser_that_does_not_accept_compression_gets_the_plain_file(
    a_running_server: int, a_built_site: Path, accept: str | None
) -> None:
    path = site_file(a_built_site, "assets/app-*.js")
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    status, found, body = fetch(a_running_server, path, **headers)
    assert status == 200
    assert body == (a_built_site / path[1:]).read_bytes()
    assert "content-encoding" not in found
    assert found["vary"] == "Accept-Encoding"


def test_a_file_without_compressed_copies_has_no_vary_header(
    a_running_server: int, a_built_site: Path
) -> None:
    path = site_file(a_built_site, "contents/data/rain.csv")
    status, headers, _ = fetch(a_running_server, path, **{"Accept-Encoding": "br, gzip"})
    assert status == 200
    assert "content-encoding" not in headers
    assert "vary" not in headers


def test_an_unchanged_compressed_file_is_revalidated_with_a_304(
    a_running_server: int,
) -> None:
    _, headers, _ = fetch(a_running_server, "/site.json", **{"Accept-Encoding": "br"})
    status, again, body = fetch(
        a_running_server,
        "/site.json",
        **{"Accept-Encoding": "br", "If-Modified-Since": headers["last-modified"]},
    )
    assert (status, body) == (304, b"")
    assert again["vary"] == "Accept-Encoding"
