"""The Python side of Ardoise's kernel: runs notebook cells inside Pyodide.

Standard library only. The worker does::

    from ardoise.runtime import Kernel
    kernel = Kernel(publish, cwd="/drive/course")
    reply = kernel.execute(code)                 # execute_reply content
    reply = kernel.complete(code, cursor_pos)    # complete_reply content
    reply = kernel.inspect(code, cursor_pos)     # inspect_reply content

and relays what ``publish(msg_type, content)`` receives as IOPub messages.
Cells may use IPython's syntax (``%time``, ``%%html``, ``name?``) and
``IPython.display``, which `ardoise.runtime.ipython` stands in for.
"""

from __future__ import annotations

from .formatter import DisplayFormatter, format_display_data
from .kernel import Kernel
from .output import DisplayHandle, clear_output, display, update_display

__all__ = [
    "DisplayFormatter",
    "DisplayHandle",
    "Kernel",
    "clear_output",
    "display",
    "format_display_data",
    "update_display",
]
