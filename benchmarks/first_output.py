"""Time from navigation to the first output of `print(6*7)`: Ardoise against the floor.

Run in one go, side by side, on the same machine and the same server
(`ardoise serve`, which sends the build's brotli files), in headless Chromium:

1. the floor: a minimal page of its own that loads the same Pyodide in a module
   worker and prints, in three forms —
   - plain: the files of the `pyodide` npm package as they are;
   - precompiled: the runtime as Ardoise ships it (standard library with
     bytecode for the start-up modules, stored, served brotli-compressed);
   - snapshot: the same, starting from a memory snapshot of an initialised
     Python served by the site (made here, under Node, for this benchmark;
     Ardoise's site serves its own, with its runtime imported, to first visits
     on fast links);
2. Ardoise's built demo course, opening its welcome notebook, typing
   `print(6*7)` into the first code cell and pressing Shift+Enter as soon as
   the page lets it; and the same with the site's snapshot blocked, as if the
   site served none (a first visit then starts Python afresh);
3. JupyterLite (Notebook 7 and JupyterLab), when `--jupyterlite SITE` names a
   site built by `benchmarks/jupyterlite_site.py` (or `--jupyterlite auto`,
   which builds it offline into benchmarks/.cache the first time), opening a
   notebook with one empty code cell and typing the same into it.

For each: cold (a fresh profile), warm (reloaded in the same profile; for
Ardoise once its first visit has saved its snapshot and its service worker has
kept the site, as a student's next visit finds them), cold on a slow link
(1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip: `slow_link.py`, a relay in
front of the server, so that what service workers fetch is slowed too), the
bytes transferred (compressed, as on the wire), the page's JS heap after the
first output, and the time a trivial cell takes; bytes include what a service
worker fetches for the page. Offline: after the warm run,
once the service worker is active, the browser is taken off the network
(`BrowserContext.set_offline`) and the page loaded again; only Ardoise's service
worker keeps the site for offline use (JupyterLite's does not by default; the
floor has none): n/a for the others.

    python benchmarks/first_output.py [--runs 5] [--slow-runs 5] [--jupyterlite SITE|auto]
                                      [--only REGEX]

Prints medians with every run and the machine, and writes them as JSON to
benchmarks/results/. Timings are not asserted anywhere: they depend on the machine.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli
import jupyterlite_site
from bench_browser import CHROMIUM, REPO, launch, load, machine, served
from playwright.sync_api import BrowserContext, Page, Request, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from slow_link import SlowLink

NOTEBOOK = "en/01-welcome.ipynb"
SLOW_BYTES_PER_S = 1_600_000 / 8
SLOW_UP_BYTES_PER_S = 750_000 / 8
SLOW_RTT_MS = 150
TIMEOUT_MS = 300_000
SERVICE_WORKER_ACTIVE = "navigator.serviceWorker.ready.then(r => r.active.state === 'activated')"
NPM_PYODIDE = REPO / "frontend" / "node_modules" / "pyodide"
PLAIN_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
PLAIN_FILES += ["pyodide-lock.json", "package.json"]

RAW_PAGE = """<!doctype html><meta charset="utf-8"><title>raw</title><pre id="out"></pre>
<script type="module">
const worker = new Worker("raw-worker.mjs" + location.search, { type: "module" });
worker.onmessage = (e) => {
  if (e.data.out !== undefined) document.getElementById("out").textContent = e.data.out;
  if (e.data.trivial !== undefined) document.body.dataset.trivial = e.data.trivial;
};
</script>"""
RAW_WORKER = """const params = new URL(location.href).searchParams;
const indexURL = new URL(params.get("index"), location.href).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
const options = { indexURL };
const snapshot = params.get("snapshot");
if (snapshot) {
  options._loadSnapshot = fetch(new URL(snapshot, location.href)).then((r) => r.arrayBuffer());
}
const py = await loadPyodide(options);
let out = "";
py.setStdout({ batched: (s) => { out += s; } });
py.runPython("print(6*7)");
postMessage({ out: out.trim() });
const start = performance.now();
py.runPython("x = 1\\nx + 1");
postMessage({ trivial: performance.now() - start });
"""
MAKE_SNAPSHOT = """import { loadPyodide } from "%s";
import { writeFileSync } from "node:fs";
const py = await loadPyodide({ indexURL: %s, _makeSnapshot: true });
writeFileSync(%s, py.makeMemorySnapshot());
"""


@dataclass
class Run:
    ms: float
    bytes: int = 0
    app_bytes: int = 0
    page_app_bytes: int = 0
    heap_mb: float = 0.0
    trivial_ms: float = 0.0


@dataclass
class Results:
    runs: dict[str, dict[str, list[Run]]] = field(default_factory=dict)

    def add(self, variant: str, condition: str, run: Run) -> None:
        self.runs.setdefault(variant, {}).setdefault(condition, []).append(run)


class Traffic:
    """Bytes on the wire of every request a page, its workers and its service worker made.

    A request that a service worker answered is counted as the service worker's
    own fetch (Playwright reports those with
    PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, set in `main`), not twice.
    """

    def __init__(self, context: BrowserContext) -> None:
        self.requests: list[Request] = []
        context.on("requestfinished", lambda request: self.requests.append(request))

    def total(
        self, keep: Callable[[str], bool] = lambda url: True, *, page_only: bool = False
    ) -> int:
        """Bytes of the requests `keep` accepts; `page_only`: not those the service
        worker makes for itself (keeping the site for offline, in the background)."""
        count = 0
        for request in self.requests:
            response = request.response()
            if page_only and request.service_worker is not None:
                continue
            if keep(request.url) and not (response and response.from_service_worker):
                sizes = request.sizes()
                count += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return count


def heap_mb(context: BrowserContext, page: Page) -> float:
    cdp = context.new_cdp_session(page)
    used = cdp.send("Runtime.getHeapUsage")["usedSize"]
    cdp.detach()
    return float(used) / 1e6


def raw_first_output(page: Page, url: str) -> tuple[float, float]:
    """Navigation to `42` printed by the raw page; and its trivial cell, in ms."""
    page.goto(url, wait_until="commit")
    handle = page.wait_for_function(
        "() => document.getElementById('out')?.textContent === '42' ? performance.now() : false",
        polling="raf",
        timeout=TIMEOUT_MS,
    )
    trivial = page.wait_for_function("() => Number(document.body.dataset.trivial) || false")
    return float(handle.json_value()), float(trivial.json_value())


def ardoise_first_output(page: Page, url: str) -> tuple[float, float]:
    """Navigation to `42` under the first code cell; then a trivial cell, in ms."""
    page.goto(url, wait_until="commit")
    cell = page.get_by_role("group", name=re.compile(r"^Code cell \d+ of \d+")).first
    editor = cell.get_by_role("textbox")
    editor.click(timeout=TIMEOUT_MS)
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("print(6*7)")
    page.keyboard.press("Shift+Enter")
    output = """() => {
        const out = document.querySelector('.cell-code .cell-outputs');
        return out && out.textContent.trim() === '%s' ? performance.now() : false;
    }"""
    first = page.wait_for_function(output % "42", polling="raf", timeout=TIMEOUT_MS)
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("x = 1\nx + 1")
    start = page.evaluate("performance.now()")
    page.keyboard.press("Shift+Enter")
    done = page.wait_for_function(output % "2", polling="raf", timeout=TIMEOUT_MS)
    return float(first.json_value()), float(done.json_value()) - float(start)


def jupyterlite_first_output(page: Page, url: str) -> tuple[float, float]:
    """Navigation to `42` in JupyterLite's notebook; then a trivial cell, in ms."""
    page.goto(url, wait_until="commit")
    editor = page.locator(".jp-Cell.jp-CodeCell .cm-content").first
    editor.click(timeout=TIMEOUT_MS)
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("print(6*7)")
    # Shift+Enter before the notebook has its kernel session moves on without running
    # the cell (its prompt stays `[ ]`); a user then runs it again, and so does this.
    taken = """() => {
        const prompt = document.querySelector('.jp-CodeCell .jp-InputPrompt');
        return (prompt && prompt.textContent.trim() !== '[ ]:')
            || document.querySelector('.jp-CodeCell .jp-OutputArea-output') !== null;
    }"""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while True:
        page.keyboard.press("Shift+Enter")
        try:
            page.wait_for_function(taken, polling=50, timeout=1000)
            break
        except PlaywrightTimeoutError:
            if time.monotonic() > deadline:
                raise
            # On a slow link JupyterLab may ask which kernel to use: a user picks the one offered.
            select = page.locator(".jp-Dialog").get_by_role("button", name="Select")
            if select.count():
                select.first.click()
            editor.click()
    output = """() => {
        const out = document.querySelector('.jp-CodeCell .jp-OutputArea-output');
        return out && out.textContent.trim() === '%s' ? performance.now() : false;
    }"""
    first = page.wait_for_function(output % "42", polling=50, timeout=TIMEOUT_MS)
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("x = 1\nx + 1")
    start = page.evaluate("performance.now()")
    page.keyboard.press("Shift+Enter")
    done = page.wait_for_function(output % "2", polling=50, timeout=TIMEOUT_MS)
    return float(first.json_value()), float(done.json_value()) - float(start)


def ardoise_ready_for_next_visit(page: Page) -> None:
    """Until the visit has saved its memory snapshot and its service worker has kept the
    site: what a student's next visit finds (the worker waits for Python to go idle)."""
    script = """async () => {
        const cache = await caches.open('ardoise-kernel-snapshots');
        return (await cache.keys()).length > 0;
    }"""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not page.evaluate(script) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    page.wait_for_function(SERVICE_WORKER_ACTIVE, timeout=TIMEOUT_MS)


@dataclass
class Variant:
    name: str
    path: str  # the page, from the server's root
    measure: Callable[[Page, str], tuple[float, float]]
    runtime: Callable[[str], bool]  # is this URL's path part of the Pyodide runtime?
    before_warm: Callable[[Page], None] = lambda page: None
    offline: bool = False  # has a service worker that keeps the site for offline use
    blocked: str | None = None  # URLs (a regex) that fail, as if the site did not serve them


def prepare_site(site: Path) -> str:
    """Build the demo course and add the floor's pages; the site's Pyodide folder."""
    subprocess.run(
        [sys.executable, "-m", "ardoise", "build", str(REPO / "examples/content"), "-o", str(site)],
        check=True,
        capture_output=True,
    )
    (site / "raw.html").write_text(RAW_PAGE, "utf-8")
    (site / "raw-worker.mjs").write_text(RAW_WORKER, "utf-8")
    plain = site / "raw" / "plain"
    plain.mkdir(parents=True)
    for name in PLAIN_FILES:
        shutil.copy(NPM_PYODIDE / name, plain / name)
    index = json.loads((site / "site.json").read_text())["pyodide"]["indexURL"]
    snapshot = site / "raw" / "snapshot.bin"
    script = site / "raw" / "make-snapshot.mjs"
    script.write_text(
        MAKE_SNAPSHOT
        % (
            (site / index / "pyodide.mjs").as_uri(),
            json.dumps(str(site / index) + "/"),
            json.dumps(str(snapshot)),
        )
    )
    subprocess.run(["node", str(script)], check=True)
    # Served compressed like the rest, and as Ardoise serves its own (brotli at quality
    # 10: half a minute; the best quality takes minutes on 31 MB for a few per cent).
    memory = snapshot.read_bytes()
    snapshot.with_name("snapshot.bin.gz").write_bytes(gzip.compress(memory, 9))
    snapshot.with_name("snapshot.bin.br").write_bytes(brotli.compress(memory, quality=10, lgwin=24))
    return str(index)


def measure_or_show(page: Page, variant: Variant, url: str) -> tuple[float, float]:
    """The variant's timings; if it fails, a screenshot of how far the page got."""
    try:
        return variant.measure(page, url)
    except Exception:
        name = re.sub(r"\W+", "-", variant.name).strip("-")
        shot = REPO / "benchmarks" / "results" / f"failed-{name}.png"
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=shot)
        print(f"{variant.name} failed; the page as it was: {shot}", file=sys.stderr)
        raise


def measure(browser: Any, variant: Variant, base: str, results: Results, condition: str) -> None:
    """One cold visit of `variant` served at `base`; unless slow, a warm and an offline one."""
    slow = condition == "slow"
    context = browser.new_context()
    traffic = Traffic(context)
    if variant.blocked:
        context.route(re.compile(variant.blocked), lambda route: route.abort())
    page = context.new_page()
    # Leaving a notebook with unsaved changes asks first: reloading for warm must not wait.
    page.on("dialog", lambda dialog: dialog.accept())
    url = base + variant.path
    ms, trivial = measure_or_show(page, variant, url)
    time.sleep(0.5)  # let the last requestfinished events arrive

    def ours(url: str) -> bool:
        return not variant.runtime(urlsplit(url).path)

    run = Run(
        ms=ms,
        bytes=traffic.total(),
        app_bytes=traffic.total(ours),
        page_app_bytes=traffic.total(ours, page_only=True),
        heap_mb=heap_mb(context, page),
        trivial_ms=trivial,
    )
    results.add(variant.name, condition, run)
    if not slow:
        variant.before_warm(page)
        warm, warm_trivial = measure_or_show(page, variant, url)
        results.add(variant.name, "warm", Run(ms=warm, trivial_ms=warm_trivial))
        if variant.offline:
            page.wait_for_function(SERVICE_WORKER_ACTIVE, timeout=TIMEOUT_MS)
            context.set_offline(True)
            offline, offline_trivial = measure_or_show(page, variant, url)
            results.add(variant.name, "offline", Run(ms=offline, trivial_ms=offline_trivial))
    context.close()


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(results: Results, args: argparse.Namespace) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "machine": f"{machine()}, {load()}",
        "chromium": CHROMIUM,
        "variants": {},
    }
    print(f"machine: {summary['machine']}")
    print(f"Chromium: {CHROMIUM}, runs: {args.runs}, slow runs: {args.slow_runs}")
    header = (
        "variant", "cold ms", "warm ms", "offline", "slow ms", "bytes time ms",
        "slow/bytes", "KB", "app KB", "page app KB", "heap MB", "trivial ms",
    )  # fmt: skip
    print(" | ".join(header))
    for name, conditions in results.runs.items():
        cold = conditions.get("cold", [])
        warm = conditions.get("warm", [])
        offline = conditions.get("offline", [])
        slow = conditions.get("slow", [])
        row = {
            "cold_ms": median([r.ms for r in cold]),
            "warm_ms": median([r.ms for r in warm]),
            "offline_ms": median([r.ms for r in offline]) if offline else None,
            "slow_ms": median([r.ms for r in slow]),
            "bytes": median([float(r.bytes) for r in cold]),
            "app_bytes": median([float(r.app_bytes) for r in cold]),
            "page_app_bytes": median([float(r.page_app_bytes) for r in cold]),
            "slow_bytes": median([float(r.bytes) for r in slow]),
            "heap_mb": median([r.heap_mb for r in cold]),
            "trivial_ms": median([r.trivial_ms for r in cold + warm]),
            "runs": {c: [r.__dict__ for r in rs] for c, rs in conditions.items()},
        }
        row["bytes_time_ms"] = row["slow_bytes"] / SLOW_BYTES_PER_S * 1000
        row["slow_over_bytes"] = row["slow_ms"] / row["bytes_time_ms"] if slow else float("nan")
        summary["variants"][name] = row
        cells = [
            name,
            f"{row['cold_ms']:.0f}",
            f"{row['warm_ms']:.0f}",
            f"{row['offline_ms']:.0f}" if offline else "n/a",
            f"{row['slow_ms']:.0f}",
            f"{row['bytes_time_ms']:.0f}",
            f"{row['slow_over_bytes']:.2f}",
            f"{row['bytes'] / 1000:.0f}",
            f"{row['app_bytes'] / 1000:.0f}",
            f"{row['page_app_bytes'] / 1000:.0f}",
            f"{row['heap_mb']:.1f}",
            f"{row['trivial_ms']:.1f}",
        ]
        print(" | ".join(cells))
        for condition, runs in conditions.items():
            print(f"    {condition}: " + ", ".join(f"{r.ms:.0f}" for r in runs))
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=5)
    parser.add_argument(
        "--jupyterlite",
        metavar="SITE",
        help="a JupyterLite site to measure too, or `auto`: the one jupyterlite_site.py builds",
    )
    parser.add_argument("--only", help="measure only the variants matching this regex")
    args = parser.parse_args()
    jupyterlite = None
    if args.jupyterlite == "auto":
        jupyterlite = jupyterlite_site.ensure(jupyterlite_site.CACHE / "site")
    elif args.jupyterlite:
        jupyterlite = Path(args.jupyterlite)
        if not (jupyterlite / "jupyter-lite.json").is_file():
            raise SystemExit(
                f"{jupyterlite} is not a built JupyterLite site (no jupyter-lite.json): build one"
                " with benchmarks/jupyterlite_site.py, or pass --jupyterlite auto."
            )
    # Count what service workers fetch (JupyterLite's and Ardoise's answer the page's requests).
    os.environ["PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS"] = "1"

    results = Results()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        index = prepare_site(site)
        if jupyterlite:
            shutil.copytree(jupyterlite, site / "jupyterlite")
        with served(site) as base:

            def in_folder(folder: str) -> Callable[[str], bool]:
                return lambda path: path.startswith("/" + folder)

            variants = [
                Variant("floor: plain Pyodide", "raw.html?index=raw/plain/",
                        raw_first_output, in_folder("raw/plain/")),
                Variant("floor: precompiled stdlib", f"raw.html?index={index}",
                        raw_first_output, in_folder("pyodide/")),
                Variant("floor: served snapshot",
                        f"raw.html?index={index}&snapshot=raw/snapshot.bin",
                        raw_first_output, lambda p: in_folder("pyodide/")(p) or "snapshot" in p),
                Variant("Ardoise", f"notebook.html?path={NOTEBOOK}", ardoise_first_output,
                        lambda p: in_folder("pyodide/")(p) or in_folder("snapshot/")(p),
                        ardoise_ready_for_next_visit, offline=True),
                # As before its site served a snapshot: the first visit starts afresh.
                Variant("Ardoise, no served snapshot", f"notebook.html?path={NOTEBOOK}",
                        ardoise_first_output, in_folder("pyodide/"), ardoise_ready_for_next_visit,
                        offline=True, blocked=r"/snapshot/python-[0-9a-f]+\.snapshot$"),
            ]  # fmt: skip
            if jupyterlite:
                # Its two user interfaces, as jupyterlite-core builds them, on the same notebook.
                for ui, folder in [("Notebook 7", "notebooks"), ("JupyterLab", "lab")]:
                    variants.append(
                        Variant(
                            f"JupyterLite ({ui})",
                            f"jupyterlite/{folder}/index.html?path=first.ipynb",
                            jupyterlite_first_output,
                            lambda path: "/pyodide/" in path or path.endswith((".whl", ".zip")),
                        )
                    )
            if args.only:
                variants = [v for v in variants if re.search(args.only, v.name, re.IGNORECASE)]
            with sync_playwright() as p:
                browser = launch(p)
                for _ in range(args.runs):
                    for variant in variants:
                        measure(browser, variant, base, results, "cold")
                server = urlsplit(base)
                for _ in range(args.slow_runs):
                    for variant in variants:
                        # A fresh link each time: nothing left in its pipe from the last run.
                        with SlowLink(
                            (server.hostname or "127.0.0.1", server.port or 80),
                            down=SLOW_BYTES_PER_S,
                            up=SLOW_UP_BYTES_PER_S,
                            rtt_ms=SLOW_RTT_MS,
                        ) as port:
                            slow_base = f"http://127.0.0.1:{port}/"
                            measure(browser, variant, slow_base, results, "slow")
                browser.close()

    summary = report(results, args)
    out = REPO / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / f"first_output-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(summary, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
