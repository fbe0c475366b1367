"""The errors a user can see and fix.

Each message says what failed, the offending value and what to do next. The CLI
prints every line of an `ArdoiseError` as `ardoise: error: …` without a
traceback; any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ArdoiseError",
    "ContentError",
    "InvalidNotebookError",
    "UnreadableFileError",
]


class ArdoiseError(Exception):
    """A problem the user can fix, told in one or more lines."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines: tuple[str, ...] = lines


class FileProblem(ArdoiseError):
    """One file of the content folder that cannot be published."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class InvalidNotebookError(FileProblem):
    """A notebook that is not UTF-8, not JSON, or not a valid nbformat 4 notebook."""


class UnreadableFileError(FileProblem):
    """A file the operating system would not let us read."""


class ContentError(ArdoiseError):
    """Every problem found in the content folder, one line each, then what to do."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        count = "the file" if len(problems) == 1 else f"the {len(problems)} files"
        super().__init__(
            *(problem.lines[0] for problem in problems),
            f"nothing was written: fix {count} above and build again",
        )
        self.problems = tuple(problems)
