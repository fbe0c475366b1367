"""`ardoise classroom` as a real process: it starts, tells how to create the admin, stops."""

from __future__ import annotations

import asyncio
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from .conftest import PASSWORD, notebook_bytes
from .test_cli import run_with_stdin

if TYPE_CHECKING:
    from conftest import ArdoiseCLI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_until(process: subprocess.Popen[str], pattern: str) -> re.Match[str]:
    assert process.stdout is not None
    seen = []
    for line in process.stdout:
        seen.append(line)
        if match := re.search(pattern, line):
            return match
    raise AssertionError(f"the server stopped before printing {pattern!r}: {''.join(seen)}")


def test_the_server_starts_prints_the_admin_command_serves_sign_in_and_stops_on_ctrl_c(
    ardoise_cli: ArdoiseCLI, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    port = free_port()
    server = ardoise_cli.start("classroom", "--data", str(data), "--port", str(port))
    try:
        url = read_until(server, r"Classroom at (http://127\.0\.0\.1:\d+/)").group(1)
        assert url == f"http://127.0.0.1:{port}/"
        hint = read_until(server, r"No administrator yet; create one with: (.*)").group(1)
        assert hint == f"ardoise classroom --data {data} create-admin USERNAME"
        # The printed command works, against the running server's database.
        created = subprocess.run(
            ardoise_cli.argv(*hint.split()[1:-1], "alice"),
            input=PASSWORD + "\n",
            env=ardoise_cli.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert created.returncode == 0, created.stderr
        with httpx.Client(base_url=url, timeout=30) as browser:
            browser.get("/signin")
            token = browser.cookies["ardoise_csrf"]
            signed_in = browser.post(
                "/signin",
                data={"csrf_token": token, "username": "alice", "password": PASSWORD},
            )
            assert signed_in.status_code == 303
            assert signed_in.headers["location"] == "/admin"
            assert "Signed in as alice" in browser.get("/admin").text
    finally:
        server.send_signal(signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0
    assert "Stopped." in output
    assert "Traceback" not in output


def test_a_taken_port_falls_back_to_a_free_one(ardoise_cli: ArdoiseCLI, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = ardoise_cli.start("classroom", "--data", str(tmp_path), "--port", str(port))
        try:
            actual = int(read_until(server, r"Classroom at http://127\.0\.0\.1:(\d+)/").group(1))
            assert actual != port
            read_until(server, rf"Port {port} is in use, so port {actual} was used instead\.")
        finally:
            server.send_signal(signal.SIGINT)
            output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output


@pytest.mark.parametrize("delay", [0.0, 0.01, 0.05])
@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_the_server_starts_is_a_clean_stop(
    ardoise_cli: ArdoiseCLI, tmp_path: Path, delay: float, number: signal.Signals
) -> None:
    """Sent just as the address is printed, the signal lands while uvicorn starts."""
    server = ardoise_cli.start("classroom", "--data", str(tmp_path), "--port", "0")
    try:
        read_until(server, r"Classroom at http://127\.0\.0\.1:\d+/")
        time.sleep(delay)
    finally:
        server.send_signal(number)
        output, _ = server.communicate(timeout=60)
    assert server.returncode == 0, output
    assert "Stopped." in output
    assert "Traceback" not in output


def test_many_requests_at_once_are_all_answered(ardoise_cli: ArdoiseCLI, tmp_path: Path) -> None:
    """More requests at once than the server has threads and database connections.

    A request must not hold a database connection while it waits for a thread:
    otherwise the requests holding connections wait for threads that wait for
    connections, and nothing is answered until the pool gives up.
    """
    data = tmp_path / "data"
    status, _, err = run_with_stdin(
        ardoise_cli, PASSWORD + "\n", "classroom", "--data", str(data), "create-teacher", "tessr"
    )
    assert status == 0, err
    server = ardoise_cli.start("classroom", "--data", str(data), "--port", str(free_port()))
    try:
        url = read_until(server, r"Classroom at (http://127\.0\.0\.1:\d+/)").group(1)
        # The server's log goes on being read: a full pipe would stall it, not the code.
        drained = threading.Thread(target=server.communicate, daemon=True)
        drained.start()
        with httpx.Client(base_url=url, timeout=60) as teacher:
            teacher.get("/signin")
            token = teacher.cookies["ardoise_csrf"]
            form = {"csrf_token": token, "username": "tessr", "password": PASSWORD}
            assert teacher.post("/signin", data=form).status_code == 303
            fields = {"csrf_token": token, "title": "Loops", "instructions": "", "due": ""}
            fields |= {"late_accepted": "1", "guests_allowed": "1", "keep_working": "1"}
            files = {"notebook": ("loops.ipynb", notebook_bytes("x = 1"), "application/json")}
            made = teacher.post("/teacher/activities", data=fields, files=files)
            assert made.status_code == 303, made.text
            code = re.search(r"/join/([A-Z0-9]+)", teacher.get(made.headers["location"]).text)
            assert code
        with httpx.Client(base_url=url, timeout=60) as student:
            student.get("/signin")
            form = {"csrf_token": student.cookies["ardoise_csrf"], "name": "Ada"}
            joined = student.post(f"/join/{code.group(1)}", data=form)
            copy = joined.headers["location"].rsplit("/", 1)[1]
            cookie = f"ardoise_session={student.cookies['ardoise_session']}"

        async def everyone_at_once() -> list[int]:
            limits = httpx.Limits(max_connections=200)
            async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
                asks = [
                    client.get(f"/api/copies/{copy}", headers={"cookie": cookie})
                    for _ in range(200)
                ]
                return [response.status_code for response in await asyncio.gather(*asks)]

        assert asyncio.run(everyone_at_once()) == [200] * 200
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
