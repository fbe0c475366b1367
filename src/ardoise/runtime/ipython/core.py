"""``IPython.core``, also standing for ``IPython.core.getipython`` and ``IPython.core.error``.

``IPython.core.interactiveshell`` is the runtime's own shell module: libraries
test ``isinstance(get_ipython(), InteractiveShell)`` to know they are in IPython.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .. import shell as interactiveshell
from ..magics.registry import UsageError
from . import display, magic

if TYPE_CHECKING:
    from ..shell import InteractiveShell

__all__ = [
    "UsageError",
    "display",
    "error",
    "get_ipython",
    "getipython",
    "interactiveshell",
    "magic",
]


def get_ipython() -> InteractiveShell | None:
    """The shell of the kernel running cells, or ``None`` outside a kernel."""
    # Imported here: the shell imports the magics, which import display objects.
    from ..shell import get_ipython as active_shell

    return active_shell()


# IPython.core.error and IPython.core.getipython are this module too.
error = getipython = sys.modules[__name__]
