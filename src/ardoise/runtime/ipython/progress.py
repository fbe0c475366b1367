"""``ProgressBar``: a bar that redraws itself in place through its display id."""

from __future__ import annotations

import os

from ..output import display
from .objects import DisplayObject

__all__ = ["ProgressBar"]


class ProgressBar(DisplayObject):
    """A progress bar that updates in place: ``for i in ProgressBar(10): ...``."""

    def __init__(self, total: int) -> None:
        self.total = total
        self._progress = 0
        self.html_width = "60ex"
        self.text_width = 60
        self._handle_id = os.urandom(16).hex()
        super().__init__()

    def __repr__(self) -> str:
        filled = int(self.text_width * self._progress / self.total) if self.total else 0
        bar = "=" * filled + " " * (self.text_width - filled)
        return f"[{bar}] {self._progress}/{self.total}"

    def _repr_html_(self) -> str:
        return (
            f"<progress style='width:{self.html_width}' max='{self.total}' "
            f"value='{self._progress}'></progress>"
        )

    def display(self) -> None:
        """Show the bar; later changes of ``progress`` update it."""
        display(self, display_id=self._handle_id)

    def update(self) -> None:
        """Redraw the bar where it was shown."""
        display(self, display_id=self._handle_id, update=True)

    @property
    def progress(self) -> int:
        """How far along the bar is; setting it redraws the bar."""
        return self._progress

    @progress.setter
    def progress(self, value: int) -> None:
        self._progress = value
        self.update()

    def __iter__(self) -> ProgressBar:
        self.display()
        self._progress = -1  # the first next() brings it to 0
        return self

    def __next__(self) -> int:
        self.progress += 1
        if self.progress < self.total:
            return self.progress
        raise StopIteration
