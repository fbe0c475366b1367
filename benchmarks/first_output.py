"""Time from navigation to the first output of `print(6*7)` in the demo course.

Builds examples/content, serves it with `ardoise serve`, and for each run opens
the welcome notebook in a fresh Chromium profile (cold: empty cache and storage),
types `print(6*7)` into its first code cell and presses Shift+Enter as soon as
the page lets it; the clock stops when `42` is on screen. It then reloads the
page in the same profile (warm: HTTP cache filled) and measures again.

For scale, the same run measures the floor: a minimal page of its own that
loads the same Pyodide in a module worker and prints (no app, no notebook).

    python benchmarks/first_output.py [--runs 5]

Prints the median and every run, with the machine. Timings are not asserted
anywhere: they depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

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
NOTEBOOK = "en/01-welcome.ipynb"

RAW_PAGE = """<!doctype html><meta charset="utf-8"><title>raw</title><pre id="out"></pre>
<script type="module">
const worker = new Worker("raw-worker.mjs", { type: "module" });
worker.onmessage = (e) => { document.getElementById("out").textContent = e.data; };
</script>"""
RAW_WORKER = """const { loadPyodide } = await import("./pyodide/pyodide.mjs");
const py = await loadPyodide({ indexURL: new URL("./pyodide/", location.href).href });
let out = "";
py.setStdout({ batched: (s) => { out += s; } });
py.runPython("print(6*7)");
postMessage(out.trim());
"""


def first_output_ms(page: Page, url: str) -> float:
    """Navigates to `url`, runs print(6*7) in the first code cell, returns ms since navigation."""
    page.goto(url, wait_until="commit")
    cell = page.get_by_role("group", name=re.compile(r"^Code cell \d+ of \d+")).first
    editor = cell.get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("print(6*7)")
    page.keyboard.press("Shift+Enter")
    handle = page.wait_for_function(
        """() => {
            const out = document.querySelector('.cell-code .cell-outputs');
            return out && out.textContent.trim() === '42' ? performance.now() : false;
        }""",
        polling="raf",
        timeout=180_000,
    )
    return float(handle.json_value())


def raw_floor_ms(page: Page, url: str) -> float:
    """Navigation to `42` printed by bare Pyodide in a worker, in ms."""
    page.goto(url, wait_until="commit")
    handle = page.wait_for_function(
        "() => document.getElementById('out')?.textContent === '42' ? performance.now() : false",
        polling="raf",
        timeout=180_000,
    )
    return float(handle.json_value())


def machine() -> str:
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ardoise",
                "build",
                str(REPO / "examples/content"),
                "-o",
                str(site),
            ],
            check=True,
            capture_output=True,
        )
        (site / "raw.html").write_text(RAW_PAGE, "utf-8")
        (site / "raw-worker.mjs").write_text(RAW_WORKER, "utf-8")
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
            url = f"{base.group(0)}notebook.html?path={NOTEBOOK}"
            results: dict[str, list[float]] = {
                "raw Pyodide, cold": [],
                "raw Pyodide, reloaded": [],
                "Ardoise, cold": [],
                "Ardoise, reloaded": [],
            }
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for _ in range(args.runs):
                    context = browser.new_context()
                    page = context.new_page()
                    results["raw Pyodide, cold"].append(
                        raw_floor_ms(page, f"{base.group(0)}raw.html")
                    )
                    results["raw Pyodide, reloaded"].append(
                        raw_floor_ms(page, f"{base.group(0)}raw.html")
                    )
                    context.close()
                    context = browser.new_context()
                    page = context.new_page()
                    results["Ardoise, cold"].append(first_output_ms(page, url))
                    results["Ardoise, reloaded"].append(first_output_ms(page, url))
                    context.close()
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)

    print(f"machine: {machine()}")
    print(f"Chromium: {CHROMIUM}, runs: {args.runs}")
    print("navigation to the first print(6*7) output:")
    for name, values in results.items():
        runs = ", ".join(f"{v:.0f}" for v in values)
        median = statistics.median(values)
        print(f"  {name:22} median {median:5.0f} ms  (runs: {runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
