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
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_browser import CHROMIUM, REPO, build, launch, load, machine, served
from playwright.sync_api import Page, sync_playwright

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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()

    before = load()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(REPO / "examples/content", site)
        with served(site) as base, sync_playwright() as p:
            url = f"{base}notebook.html?path={NOTEBOOK}"
            runs: list[dict[str, float]] = []
            browser = launch(p)
            for _ in range(args.runs):
                context = browser.new_context()
                runs.append(one_run(context.new_page(), url, args.lines))
                context.close()
            browser.close()

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
