"""Time and size of turtle drawings: a cell that draws, and the SVG it shows.

Each case runs as a cell in a fresh `Kernel` on this Python (CPython; the
browser's Pyodide is a few times slower), timing the whole cell: the turtle
commands, then drawing the SVG at the end of the cell. Sizes do not depend on
the machine.

    python benchmarks/turtle_drawing.py [--runs 5]

Prints the median time of each case, its runs, and the SVG's size.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from typing import Any

from ardoise.runtime import Kernel

CASES = {
    "square, 4 segments, animated": "for _ in range(4):\n    t.forward(100)\n    t.left(90)",
    "spiral, 360 segments of 6 colours, animated": (
        "colours = ['red', 'orange', 'gold', 'green', 'blue', 'purple']\n"
        "for i in range(360):\n    t.pencolor(colours[i % 6])\n    t.forward(i / 2)\n"
        "    t.left(59)"
    ),
    "3,000 segments with turns, speed 10": (
        "t.speed(10)\nfor i in range(3000):\n    t.forward(i % 50)\n    t.left(59)"
    ),
    "100 circles, 3,900 segments, speed 0": (
        "t.speed(0)\nfor i in range(100):\n    t.circle(100)\n    t.left(3.6)"
    ),
    "20,000 segments, tracer(0)": (
        "turtle.tracer(0)\nfor i in range(20000):\n    t.forward(i % 300)\n    t.left(91)"
    ),
}


def run_case(code: str) -> tuple[float, int]:
    published: list[dict[str, Any]] = []
    kernel = Kernel(lambda kind, content: published.append(content))
    kernel.execute("import turtle\nt = turtle.Turtle()")
    published.clear()
    start = time.perf_counter()
    reply = kernel.execute(code)
    elapsed = (time.perf_counter() - start) * 1000
    assert reply["status"] == "ok", reply
    svg = published[-1]["data"]["image/svg+xml"]
    return elapsed, len(svg.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, ", end="")
    print(f"Python {platform.python_version()}, {runs} runs")
    for name, code in CASES.items():
        results = [run_case(code) for _ in range(runs)]
        times = [elapsed for elapsed, _ in results]
        size = results[0][1]
        every = ", ".join(f"{t:.0f}" for t in times)
        print(f"{name}: {statistics.median(times):.0f} ms ({every}), SVG {size / 1000:.1f} kB")


if __name__ == "__main__":
    main()
