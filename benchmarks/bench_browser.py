"""What the browser benchmarks share: Chromium, a built and served site, the machine.

Chromium is Debian's (`apt-get install chromium`); set ARDOISE_CHROMIUM for
another. Sites are built and served by `ardoise` itself, as a user would.
"""

from __future__ import annotations

import os
import platform
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("ARDOISE_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


def build(content: Path, site: Path) -> None:
    """`ardoise build CONTENT -o SITE`, stopping the benchmark with its message if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "ardoise", "build", str(content), "-o", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"ardoise build failed: {result.stderr.strip()}")


@contextmanager
def served(site: Path) -> Iterator[str]:
    """`ardoise serve SITE` on a free port; yields its base URL and stops it with Ctrl+C."""
    server = subprocess.Popen(
        [sys.executable, "-m", "ardoise", "serve", str(site), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        base = re.search(r"http://\S+/", server.stdout.readline())
        if not base:
            raise SystemExit("ardoise serve did not start")
        yield base.group(0)
    finally:
        stop(server, timeout=10)


def stop(server: subprocess.Popen[str], *, timeout: float) -> None:
    """Ctrl+C, as a user stops `ardoise`; killed if it has not stopped after `timeout` s."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    if server.stdout:
        server.stdout.close()


def machine() -> str:
    """The machine the numbers were measured on, as docs/performance.md notes it."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores"
    return f"{system}, {cpu}, Python {platform.python_version()}"


def load() -> str:
    try:
        return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "load average unknown"
