"""``IPython.terminal.interactiveshell``: there is no terminal, but libraries ask.

SymPy's ``init_printing()`` checks whether the shell is a
``TerminalInteractiveShell``; learning that it is not, it prints LaTeX, as
in Jupyter. No instance of this class is ever made.
"""

from __future__ import annotations

import sys

__all__ = ["TerminalInteractiveShell", "interactiveshell"]


class TerminalInteractiveShell:
    """IPython's terminal shell, which the browser never runs."""


interactiveshell = sys.modules[__name__]
