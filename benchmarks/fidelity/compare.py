"""One notebook's cells judged: match, differ, or cannot be compared (and why)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .outputs import Difference, first_difference, normalise

__all__ = ["CellVerdict", "judge_cells"]

Output = dict[str, Any]

MATCH = "match"
DIFFER = "differ"
#: Two reference runs disagree: time, randomness or hash order shows in the output.
NONDETERMINISTIC = "nondeterministic"
#: The reference had to interrupt the cell (timeout or output cap).
INTERRUPTED = "interrupted"


@dataclass
class CellVerdict:
    """How one code cell compares: a verdict, and the first difference when they differ."""

    index: int
    verdict: str
    difference: Difference | None = None
    reference: list[Output] = field(default_factory=list)
    ardoise: list[Output] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The verdict as plain data; outputs only where they differ."""
        data: dict[str, Any] = {"cell": self.index, "verdict": self.verdict}
        if self.difference is not None:
            data["difference"] = {
                "aspect": self.difference.aspect,
                "summary": self.difference.describe(),
            }
            data["reference"], data["ardoise"] = self.reference, self.ardoise
        return data


def judge_cells(
    references: list[list[list[Output]]],
    interrupted: set[int],
    ardoise: list[list[Output] | None],
) -> list[CellVerdict]:
    """A verdict for each cell, from several reference runs and one Ardoise run.

    ``references[run][cell]`` and ``ardoise[cell]`` are raw nbformat outputs;
    ``ardoise[cell]`` is ``None`` for a cell that never ran.
    """
    verdicts = []
    for index, theirs in enumerate(ardoise):
        runs = [normalise(run[index]) for run in references]
        if index in interrupted:
            verdicts.append(CellVerdict(index, INTERRUPTED))
        elif any(run != runs[0] for run in runs[1:]):
            verdicts.append(CellVerdict(index, NONDETERMINISTIC))
        elif theirs is None:
            died = Difference("not run", "ran", "the kernel had died in an earlier cell")
            verdicts.append(CellVerdict(index, DIFFER, died, runs[0]))
        else:
            ours = normalise(theirs)
            difference = first_difference(runs[0], ours)
            verdict = MATCH if difference is None else DIFFER
            verdicts.append(CellVerdict(index, verdict, difference, runs[0], ours))
    return verdicts
