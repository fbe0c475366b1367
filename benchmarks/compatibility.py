"""How faithfully Ardoise runs real notebooks: its outputs compared with Jupyter's, cell by cell.

Each notebook of the fixtures folder runs twice with the reference, CPython's
ipykernel driven by nbclient, and once with Ardoise's runtime inside Pyodide
under Node.js (as the site's kernel worker runs it). Both run every code cell
in order in one fresh kernel, in a copy of the notebook's folder, going on
after errors. Outputs are compared after normalising what no two runs share:
execution counts, metadata, memory addresses, measured times. A cell whose
output differs between the two reference runs (time, randomness, hash order)
is skipped, as is a cell the reference had to interrupt. A notebook that
imports a module one side lacks (numpy is not in the pyodide npm package) is
listed as not comparable here, with the module.

    pip install -e '.[bench]'      # nbclient and ipykernel, for the reference
    python benchmarks/compatibility.py [--fixtures DIR] [--notebook NAME] ...

Prints a table per notebook, every difference, and the share of matching
cells; writes the whole result to benchmarks/results/compatibility.json.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))  # the runtime's transformer reads the cells

from fidelity.ardoise import ArdoiseRun, probe_modules, start_in_ardoise  # noqa: E402
from fidelity.compare import DIFFER, MATCH, CellVerdict, judge_cells  # noqa: E402
from fidelity.imports import needed_modules  # noqa: E402
from fidelity.outputs import Difference, notebook_outputs  # noqa: E402
from fidelity.reference import ReferenceUnavailable, reference_versions, run_reference  # noqa: E402

FIXTURES = Path(
    os.environ.get("ARDOISE_FIXTURES", REPO.parent / "shared" / "fixtures" / "notebooks")
)
RESULT = REPO / "benchmarks" / "results" / "compatibility.json"


@dataclass
class Notebook:
    """One notebook to compare: its code cells (blank ones left out) and why it cannot be."""

    path: Path
    name: str
    cells: list[str] = field(default_factory=list)
    #: Index of each code cell among all the notebook's cells, as nbformat counts them.
    indexes: list[int] = field(default_factory=list)
    needs: set[str] = field(default_factory=set)
    not_comparable: str = ""
    verdicts: list[CellVerdict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)

    def count(self, verdict: str) -> int:
        return sum(1 for cell in self.verdicts if cell.verdict == verdict)


def read(path: Path, fixtures: Path) -> Notebook:
    """The notebook's code cells, or why it is not comparable (an invalid notebook)."""
    import nbformat

    notebook = Notebook(path, path.relative_to(fixtures).as_posix())
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several kinds for a bad file
        reason = str(error).splitlines()[0][:100]
        notebook.not_comparable = f"invalid notebook, which `ardoise build` refuses ({reason})"
        return notebook
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source.strip():
            notebook.cells.append(cell.source)
            notebook.indexes.append(index)
    notebook.needs = needed_modules(notebook.cells, path.parent)
    return notebook


def check_imports(notebooks: list[Notebook]) -> None:
    """Mark the notebooks that import what one side cannot."""
    wanted = sorted(set().union(*(notebook.needs for notebook in notebooks)))
    in_pyodide = probe_modules(wanted) if wanted else {}
    for notebook in notebooks:
        if notebook.not_comparable:
            continue
        lacking = sorted(name for name in notebook.needs if not in_pyodide.get(name))
        reference_lacks = sorted(n for n in notebook.needs if importlib.util.find_spec(n) is None)
        reasons = []
        if lacking:
            reasons.append(f"needs {', '.join(lacking)}")
        if reference_lacks:
            reasons.append(f"the reference lacks {', '.join(reference_lacks)}")
        if reasons:
            notebook.not_comparable = "not comparable here: " + "; ".join(reasons)


def compare(notebook: Notebook, options: argparse.Namespace) -> ArdoiseRun:
    """Run the notebook on both sides and judge each cell."""
    limits = {"timeout": options.timeout, "max_output": options.max_output}
    started = time.perf_counter()
    pending = start_in_ardoise(notebook.path.parent, notebook.cells, **limits)
    references, interrupted = [], set()
    for _ in range(options.reference_runs):
        run = run_reference(notebook.path, notebook.cells, **limits)
        references.append(run.outputs)
        interrupted |= run.interrupted
    notebook.seconds["reference"] = round(time.perf_counter() - started, 1)
    ardoise = pending.result()
    notebook.seconds["both"] = round(time.perf_counter() - started, 1)
    ran: list[list[dict[str, Any]] | None] = list(
        notebook_outputs([cell.messages for cell in ardoise.cells])
    )
    ran += [None] * (len(notebook.cells) - len(ran))
    notebook.verdicts = judge_cells(references, interrupted, ran)
    for verdict, cell in zip(notebook.verdicts, ardoise.cells, strict=False):
        if cell.dead and verdict.verdict in (MATCH, DIFFER):
            verdict.verdict = DIFFER
            verdict.difference = Difference("kernel died", "", cell.dead)
    for verdict in notebook.verdicts:
        verdict.index = notebook.indexes[verdict.index]
    return ardoise


def report(notebooks: list[Notebook]) -> tuple[str, dict[str, int]]:
    """The table, the differences and the totals, as text."""
    totals = {"cells": 0, "match": 0, "differ": 0, "skipped": 0}
    rows = [("notebook", "cells", "match", "differ", "skipped", "")]
    for notebook in notebooks:
        if notebook.not_comparable:
            rows.append(
                (notebook.name, str(len(notebook.cells)), "", "", "", notebook.not_comparable)
            )
            continue
        match, differ = notebook.count(MATCH), notebook.count(DIFFER)
        skipped = len(notebook.verdicts) - match - differ
        for key, value in zip(totals, (len(notebook.cells), match, differ, skipped), strict=True):
            totals[key] += value
        rows.append((notebook.name, *map(str, (len(notebook.cells), match, differ, skipped)), ""))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + row[5]
        for row in rows
    ]
    lines.append("")
    for notebook in notebooks:
        for cell in notebook.verdicts:
            if cell.difference is not None:
                lines.append(f"{notebook.name} [cell {cell.index}] {cell.difference.describe()}")
            elif cell.verdict not in (MATCH, DIFFER):
                lines.append(f"{notebook.name} [cell {cell.index}] skipped: {cell.verdict}")
    compared = totals["match"] + totals["differ"]
    share = 100 * totals["match"] / compared if compared else 0.0
    lines.append("")
    lines.append(f"Matching cells: {totals['match']} of {compared} compared ({share:.1f} %)")
    return "\n".join(lines), totals


def options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help="folder of notebooks")
    parser.add_argument(
        "--notebook", action="append", default=[], help="only notebooks whose path contains this"
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds a cell may run")
    parser.add_argument(
        "--max-output", type=int, default=100_000, help="characters of a cell's streams kept"
    )
    parser.add_argument("--reference-runs", type=int, default=2, help="at least 2")
    parser.add_argument("--json", type=Path, default=RESULT, help="where to write the result")
    parsed = parser.parse_args(argv)
    if not parsed.fixtures.is_dir():
        parser.error(
            f"--fixtures {parsed.fixtures}: no such folder; set ARDOISE_FIXTURES or pass it"
        )
    if parsed.reference_runs < 2:
        parser.error("--reference-runs must be 2 or more, to tell nondeterministic cells")
    return parsed


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    try:
        versions = {"reference": reference_versions()}
    except ReferenceUnavailable as error:
        print(f"compatibility: {error}", file=sys.stderr)
        return 1
    paths = sorted(p for p in args.fixtures.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    paths = [p for p in paths if not args.notebook or any(n in str(p) for n in args.notebook)]
    notebooks = [read(path, args.fixtures) for path in paths]
    check_imports(notebooks)
    for notebook in notebooks:
        if notebook.cells and not notebook.not_comparable:
            print(f"running {notebook.name} ({len(notebook.cells)} cells)", file=sys.stderr)
            versions["ardoise"] = compare(notebook, args).versions
    text, totals = report(notebooks)
    print(text)
    write(args, notebooks, versions, totals)
    return 0


def write(
    args: argparse.Namespace,
    notebooks: list[Notebook],
    versions: dict[str, Any],
    totals: dict[str, int],
) -> None:
    result = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores",
        "versions": versions,
        "options": {"timeout": args.timeout, "max_output": args.max_output},
        "totals": totals,
        "notebooks": [
            {
                "notebook": notebook.name,
                "code_cells": len(notebook.cells),
                "not_comparable": notebook.not_comparable,
                "seconds": notebook.seconds,
                "cells": [cell.as_json() for cell in notebook.verdicts],
            }
            for notebook in notebooks
        ],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten: {args.json}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
