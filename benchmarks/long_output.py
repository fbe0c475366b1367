"""A cell printing 100,000 lines: time to its last line, and how responsive the page stays.

Builds examples/content, serves it with `ardoise serve`, and for each run opens
the welcome notebook in a fresh Chromium profile, waits for Python, types
`for i in range(100_000): print(i)` into its first code cell and presses
Shift+Enter. Measured in the page, from the key press:

- the time until the last line (`99999`) is on screen;
- the longest gap between two animation frames (what a user feels as a freeze:
  no scrolling, no typing, no Stop);
- the longest main-thread task reported by the Long Tasks API;
- how many frames took longer than 100 ms.

    python benchmarks/long_output.py [--runs 5] [--lines 100000]

Prints the median and every run, with the machine and its load. Timings are
not asserted anywhere: they depend on the machine.
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
from typing import Any

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

# Installed before the key press: records frame gaps and long tasks until the last line shows.
MONITOR = """() => {
  const m = { t0: 0, last: 0, maxGap: 0, slowFrames: 0, longestTask: 0, done: false };
  window.__ardoiseBench = m;
  document.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.shiftKey && !m.t0) { m.t0 = performance.now(); m.last = m.t0; }
  }, true);
  const frame = (t) => {
    if (m.t0 && !m.done) {
      const gap = t - m.last;
      m.maxGap = Math.max(m.maxGap, gap);
      if (gap > 100) m.slowFrames++;
      m.last = t;
    }
    if (!m.done) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (m.t0 && !m.done) m.longestTask = Math.max(m.longestTask, e.duration);
    }
  }).observe({ type: "longtask" });
}"""


def one_run(page: Page, url: str, lines: int) -> dict[str, float]:
    page.goto(url)
    page.get_by_role("status").filter(has_text="Python: ready").wait_for(timeout=180_000)
    cell = page.get_by_role("group", name=re.compile(r"^Code cell \d+ of \d+")).first
    cell.get_by_role("textbox").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(f"for i in range({lines}):\n    print(i)")
    page.evaluate(MONITOR)
    page.keyboard.press("Shift+Enter")
    handle = page.wait_for_function(
        """(last) => {
            const m = window.__ardoiseBench;
            const out = document.querySelector('.cell-code .cell-outputs');
            if (!out || !out.textContent.trimEnd().endsWith('\\n' + last)) return false;
            m.done = true;
            return { shown: performance.now() - m.t0, maxGap: m.maxGap,
                     slowFrames: m.slowFrames, longestTask: m.longestTask };
        }""",
        arg=str(lines - 1),
        polling="raf",
        timeout=600_000,
    )
    result: dict[str, Any] = handle.json_value()
    return {key: float(value) for key, value in result.items()}


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


def load() -> str:
    try:
        return "load average " + ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except OSError:
        return "load average unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()

    before = load()
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
            runs: list[dict[str, float]] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for _ in range(args.runs):
                    context = browser.new_context()
                    runs.append(one_run(context.new_page(), url, args.lines))
                    context.close()
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)

    print(f"machine: {machine()}")
    print(f"{before} before, {load()} after")
    print(f"Chromium: {CHROMIUM}, runs: {args.runs}")
    print(f"a cell printing {args.lines:,} lines, from Shift+Enter:")
    labels = {
        "shown": "last line on screen",
        "maxGap": "longest frame gap",
        "longestTask": "longest task",
        "slowFrames": "frames over 100 ms",
    }
    for key, label in labels.items():
        values = [run[key] for run in runs]
        unit = "" if key == "slowFrames" else " ms"
        listed = ", ".join(f"{v:.0f}" for v in values)
        print(f"  {label:20} median {statistics.median(values):6.0f}{unit}  (runs: {listed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
