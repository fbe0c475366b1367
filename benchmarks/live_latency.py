"""Live copies: how long a keystroke takes to show in the other person's page.

Starts a real `ardoise classroom` process (pinned to one core), a teacher and
an activity of two code cells. In one headless Chromium, a student joins and
opens their copy in the notebook app (the copy page, live through the room),
and the teacher, in another browser context, joins it live
(`notebook.html?copy=ID&join=live`). Then, in turn:

- **student → teacher**: the student types `q` at the end of cell 1; the time
  is taken in the student's page when the key arrives (a keydown listener,
  capture phase), and in the teacher's page when that `q` is in cell 1's
  editor (a MutationObserver on it: the DOM is updated, before the paint);
- **teacher → student**: the same, the teacher typing in cell 2.

Both pages read one clock: `performance.timeOrigin + performance.now()` in the
same browser process (their offset is measured by reads A B A, the closest of 30
kept, and printed). The next key is pressed once the last one showed, after a pause of
20 to 100 ms, so the numbers are a keystroke's way through the room, not a
queue.

    python benchmarks/live_latency.py [--edits 200] [--runs 3]

Prints each run's p50/p99/max per direction, the medians over the runs and the
pooled percentiles, with the machine and load; writes JSON to benchmarks/results/.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_browser import REPO, launch, load, machine
from classroom_autosave import PASSWORD, classroom
from live_capacity import teacher_and_activity
from playwright.sync_api import Page, sync_playwright

SOURCES = ["a = 1", "b = 2"]
CELLS = '[role="group"][aria-label^="Code cell"]'

# In the receiving page: the times each new `q` showed in cell `index`.
WATCH = """([cells, index, name]) => {
  const content = document.querySelectorAll(cells)[index].querySelector('.cm-content');
  const count = () => {
    let found = 0;
    for (const line of content.querySelectorAll('.cm-line')) {
      const copy = line.cloneNode(true);
      copy.querySelectorAll('.cm-ySelectionCaret').forEach((caret) => caret.remove());
      found += (copy.textContent.match(/q/g) || []).length;
    }
    return found;
  };
  const seen = (window[name] = []);
  let known = count();
  new MutationObserver(() => {
    const now = performance.timeOrigin + performance.now();
    for (const total = count(); known < total; known++) seen.push(now);
  }).observe(content, { subtree: true, childList: true, characterData: true });
}"""

# In the typing page: the time each `q` key arrived.
KEYS = """(name) => {
  const sent = (window[name] = []);
  addEventListener('keydown', (event) => {
    if (event.key === 'q') sent.push(performance.timeOrigin + performance.now());
  }, true);
}"""

NOW = "() => performance.timeOrigin + performance.now()"


def a_notebook() -> bytes:
    cells: list[dict[str, Any]] = [
        {
            "cell_type": "code",
            "id": f"cell{index}",
            "metadata": {},
            "source": source,
            "outputs": [],
            "execution_count": None,
        }
        for index, source in enumerate(SOURCES)
    ]
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}
    return json.dumps(notebook).encode()


def clock_offset(a: Page, b: Page, samples: int = 30) -> tuple[float, float]:
    """(b's clock minus a's, its uncertainty), in ms, from reads A B A: the sample whose
    A reads are closest together."""
    best = (0.0, float("inf"))
    for _ in range(samples):
        first = float(a.evaluate(NOW))
        middle = float(b.evaluate(NOW))
        last = float(a.evaluate(NOW))
        if (last - first) / 2 < best[1]:
            best = (middle - (first + last) / 2, (last - first) / 2)
    return best


def at_end_of(page: Page, index: int) -> None:
    page.locator(CELLS).nth(index).get_by_role("textbox").click()
    page.keyboard.press("Control+End")


def direction(typist: Page, watcher: Page, index: int, edits: int, name: str) -> list[float]:
    """`edits` keys typed in cell `index` of `typist`; ms until each showed in `watcher`."""
    watcher.evaluate(WATCH, [CELLS, index, f"seen_{name}"])
    typist.evaluate(KEYS, f"sent_{name}")
    at_end_of(typist, index)
    rng = random.Random(edits)
    for number in range(1, edits + 1):
        typist.keyboard.press("q")
        watcher.wait_for_function(
            "([name, count]) => window[name].length >= count",
            arg=[f"seen_{name}", number],
            timeout=30_000,
        )
        time.sleep(rng.uniform(0.02, 0.1))
    sent = typist.evaluate(f"window.sent_{name}")
    seen = watcher.evaluate(f"window.seen_{name}")
    assert len(sent) == len(seen) == edits, (len(sent), len(seen))
    return [b - a for a, b in zip(sent, seen, strict=True)]


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)

    def at(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1)

    return {"edits": len(ordered), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0)}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="ardoise-latency-") as folder,
        classroom(Path(folder) / "data", None) as (base, _),
        sync_playwright() as playwright,
    ):
        _, code = teacher_and_activity(base, "two.ipynb", a_notebook())
        browser = launch(playwright)
        student = browser.new_context(locale="en-US").new_page()
        student.goto(f"{base}join/{code}")
        student.get_by_label("Your name").fill("Ada L.")
        student.get_by_role("button", name="Get my copy").click()
        student.get_by_role("link", name="Open in the notebook").click()
        student.locator(".live-status").get_by_text("Live: connected.").wait_for(timeout=60_000)
        copy = re.search(r"copy=(\d+)", student.url)
        assert copy, student.url
        teacher = browser.new_context(locale="en-US").new_page()
        teacher.goto(f"{base}signin")
        teacher.get_by_label("Username").fill("teacher")
        teacher.get_by_label("Password").fill(PASSWORD)
        teacher.get_by_role("button", name="Sign in").click()
        teacher.goto(f"{base}app/notebook.html?copy={copy.group(1)}&join=live")
        teacher.locator(CELLS).nth(1).wait_for(timeout=60_000)
        offset, uncertainty = clock_offset(student, teacher)
        runs = []
        for run in range(args.runs):
            there = direction(student, teacher, 0, args.edits, f"s{run}")
            back = direction(teacher, student, 1, args.edits, f"t{run}")
            runs.append({"student_to_teacher": there, "teacher_to_student": back})
            print(
                f"run {run + 1}: student → teacher {summary(there)}, "
                f"teacher → student {summary(back)}; {load()}",
                file=sys.stderr,
                flush=True,
            )
        browser.close()
    result: dict[str, Any] = {
        "clock_offset_ms": round(offset, 3),
        "clock_uncertainty_ms": round(uncertainty, 3),
    }
    for key in ("student_to_teacher", "teacher_to_student"):
        each = [summary(run[key]) for run in runs]
        result[key] = {
            "median_of_runs": {
                name: statistics.median(one[name] for one in each)
                for name in ("p50_ms", "p99_ms", "max_ms")
            },
            "pooled": summary([value for run in runs for value in run[key]]),
            "runs": each,
            "raw_ms": [[round(value, 2) for value in run[key]] for run in runs],
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": machine(), "load_before": load()}
    results.update(measure(args))
    results["load_after"] = load()
    print(f"\n{results['machine']}; {results['load_before']} before, {results['load_after']} after")
    print(
        f"headless Chromium, two browser contexts; classroom server on one core; "
        f"{args.runs} runs of {args.edits} keys each way; the pages' clocks differ by "
        f"{results['clock_offset_ms']} ± {results['clock_uncertainty_ms']} ms\n"
    )
    print(
        "| direction | p50 (median of runs) | p99 (median of runs) | p50 pooled | p99 pooled "
        "| max |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for key, label in (
        ("student_to_teacher", "student → teacher"),
        ("teacher_to_student", "teacher → student"),
    ):
        numbers = results[key]
        median, pooled = numbers["median_of_runs"], numbers["pooled"]
        print(
            f"| {label} | {median['p50_ms']} ms | {median['p99_ms']} ms | {pooled['p50_ms']} ms "
            f"| {pooled['p99_ms']} ms | {pooled['max_ms']} ms |"
        )
    out = REPO / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"live_latency-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=1))
    print(f"results: {path}")


if __name__ == "__main__":
    main()
