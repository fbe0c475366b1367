"""Opening a 500-cell notebook with outputs: first paint, interactive, scrolling.

Generates a notebook of 500 cells (one in five Markdown, with headings, lists,
code and a formula now and then; code cells with stream, text, PNG and HTML
table outputs), builds a site with it, serves it with `ardoise serve`, and for
each run opens it in a fresh Chromium profile (a first visit) and measures:

- **first paint**: navigation → the first frame painted with the notebook's
  cells on screen;
- **interactive**: navigation → the kernel status is shown and a key typed in
  the first code cell's editor is on screen (the click and the key are sent as
  soon as the editor exists, so a busy main thread delays them);
- **scroll**: once Python is ready, the page scrolls to the bottom by 200 px a
  frame; the frames' gaps (median, 95th percentile, worst), the frames slower
  than 50 ms and the long tasks (over 50 ms) during the scroll.

    python benchmarks/open_large_notebook.py [--runs 5] [--cells 500]

Prints the median and every run, with the machine. Timings are not asserted
anywhere: they depend on the machine.
"""

from __future__ import annotations

import argparse
import base64
import json
import math
import random
import statistics
import struct
import sys
import tempfile
import zlib
from pathlib import Path
from typing import Any

from bench_browser import CHROMIUM, build, launch, load, machine, served
from playwright.sync_api import Page, sync_playwright

NOTEBOOK = "large.ipynb"

# Installed before the app runs: long tasks are recorded from the start, and
# the first frame painted with cells is timed (rAF, then a task after the paint).
PROBE = """
window.__bench = { longTasks: [], paint: null };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
new MutationObserver((_, observer) => {
  if (!document.querySelector(".cells .cell")) return;
  observer.disconnect();
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => { window.__bench.paint = performance.now(); };
    channel.port2.postMessage(null);
  });
}).observe(document, { childList: true, subtree: true });
"""

SCROLL = """async (step) => {
  const gaps = [];
  const start = performance.now();
  let last = start;
  await new Promise((resolve) => {
    const frame = (now) => {
      gaps.push(now - last);
      last = now;
      const bottom = document.documentElement.scrollHeight - innerHeight;
      if (scrollY >= bottom - 1) return resolve();
      scrollBy(0, step);
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  const end = performance.now();
  const tasks = window.__bench.longTasks.filter(([t]) => t >= start && t <= end);
  return { gaps: gaps.slice(1), duration: end - start, longTasks: tasks.map(([, d]) => d) };
}"""


def png(width: int, height: int, seed: int) -> bytes:
    """A small plot-like PNG (a sine curve on a white ground), made with the stdlib."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            curve = height / 2 + (height / 3) * math.sin((x + seed * 7) / 15)
            on = abs(y - curve) < 2 or y == height - 10 or x == 10
            row += bytes((30, 90, 200) if on else (255, 255, 255))
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


WORDS = "the mean of a sample tells us where the values are centred while the spread"


def markdown_cell(i: int, rng: random.Random) -> dict[str, Any]:
    lines = []
    if i % 10 == 0:
        lines.append(f"{'#' * (1 + (i // 5) % 3)} Section {i // 5}: exploring the data\n\n")
    lines.append(" ".join(rng.choice(WORDS.split(" ")) for _ in range(60)) + ".\n\n")
    lines.append("- a point with `code`\n- a second point, **bold**\n- a third, *emphasised*\n")
    if i % 3 == 0:
        lines.append("\nThe variance is $\\sigma^2 = \\frac{1}{n}\\sum_i (x_i - \\bar{x})^2$.\n")
    return {"cell_type": "markdown", "id": f"md{i}", "metadata": {}, "source": lines}


def code_cell(i: int, rng: random.Random, image: str) -> dict[str, Any]:
    source = [
        f"# Step {i}: compute and show\n",
        "import math\n",
        f"values = [math.sin(x / {i + 1}) for x in range(100)]\n",
        "def summary(xs):\n",
        '    """Mean and spread of a list of numbers."""\n',
        "    mean = sum(xs) / len(xs)\n",
        "    spread = max(xs) - min(xs)\n",
        "    return mean, spread\n",
        "for k in range(3):\n",
        "    print(k, summary(values[k::3]))\n",
        "summary(values)",
    ]
    kind = i % 4
    outputs: list[dict[str, Any]]
    if kind == 0:
        text = [f"{k} ({rng.random():.6f}, {rng.random():.6f})\n" for k in range(12)]
        outputs = [{"output_type": "stream", "name": "stdout", "text": text}]
    elif kind == 1:
        outputs = [
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"image/png": image, "text/plain": ["<Figure size 320x200>"]},
            }
        ]
    elif kind == 2:
        rows = "".join(
            f"<tr><th>{r}</th><td>{rng.random():.4f}</td><td>{rng.random():.4f}</td></tr>"
            for r in range(10)
        )
        head = "<thead><tr><th></th><th>a</th><th>b</th></tr></thead>"
        html = f"<table>{head}<tbody>{rows}</tbody></table>"
        outputs = [
            {
                "output_type": "execute_result",
                "execution_count": i,
                "metadata": {},
                "data": {"text/html": [html], "text/plain": ["<DataFrame 10 x 2>"]},
            }
        ]
    else:
        outputs = [
            {
                "output_type": "execute_result",
                "execution_count": i,
                "metadata": {},
                "data": {"text/plain": [f"({rng.random():.6f}, {rng.random():.6f})"]},
            }
        ]
    return {
        "cell_type": "code",
        "id": f"code{i}",
        "metadata": {},
        "execution_count": i,
        "source": source,
        "outputs": outputs,
    }


def large_notebook(cells: int) -> dict[str, Any]:
    rng = random.Random(500)
    image = base64.b64encode(png(320, 200, 1)).decode()
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "cells": [
            markdown_cell(i, rng) if i % 5 == 0 else code_cell(i, rng, image) for i in range(cells)
        ],
    }


def one_run(page: Page, url: str) -> dict[str, float]:
    page.add_init_script(PROBE)
    page.goto(url, wait_until="commit")
    first_code = page.locator(".cell-code").first.locator(".cm-content")
    first_code.click(timeout=120_000)
    page.keyboard.press("Control+End")
    page.keyboard.type("#")
    typed = page.wait_for_function(
        """() => {
            const status = document.querySelector('.kernel-status');
            const text = document.querySelector('.cell-code .cm-content')?.textContent ?? '';
            const done = status?.textContent && text.endsWith('summary(values)#');
            return done ? performance.now() : false;
        }""",
        polling="raf",
        timeout=120_000,
    )
    interactive = float(typed.json_value())
    paint = float(page.evaluate("window.__bench.paint"))
    page.get_by_role("status").filter(has_text="Python: ready").wait_for(timeout=180_000)
    page.keyboard.press("Escape")
    page.wait_for_timeout(500)
    scroll: dict[str, Any] = page.evaluate(SCROLL, 200)
    gaps = sorted(scroll["gaps"])
    return {
        "first paint": paint,
        "interactive": interactive,
        "frames": len(gaps),
        "median frame": statistics.median(gaps),
        "p95 frame": gaps[int(len(gaps) * 0.95)],
        "worst frame": gaps[-1],
        "frames > 50 ms": sum(1 for g in gaps if g > 50),
        "long tasks": len(scroll["longTasks"]),
        "long task time": sum(scroll["longTasks"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cells", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="also write the generated notebook here")
    args = parser.parse_args()

    notebook = json.dumps(large_notebook(args.cells), indent=1)
    if args.keep:
        args.keep.write_text(notebook, "utf-8")
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp) / "content"
        content.mkdir()
        (content / NOTEBOOK).write_text(notebook, "utf-8")
        site = Path(tmp) / "site"
        build(content, site)
        with served(site) as base, sync_playwright() as p:
            url = f"{base}notebook.html?path={NOTEBOOK}"
            browser = launch(p)
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                for name, value in one_run(context.new_page(), url).items():
                    results.setdefault(name, []).append(value)
                context.close()
            browser.close()

    print(f"machine: {machine()}, {load()} at the end")
    print(f"Chromium: {CHROMIUM}, runs: {args.runs}, cells: {args.cells}, viewport 1280x800")
    for name, values in results.items():
        unit = "" if name in ("frames", "frames > 50 ms", "long tasks") else " ms"
        runs = ", ".join(f"{v:.0f}" for v in values)
        median = statistics.median(values)
        print(f"  {name:15} median {median:6.0f}{unit}  (runs: {runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
