"""The Python side of Ardoise's kernel: runs notebook cells inside Pyodide.

Standard library only. The worker does::

    from ardoise.runtime import Kernel
    kernel = Kernel(publish, cwd="/drive/course")
    reply = kernel.execute(code)

and relays what ``publish(msg_type, content)`` receives as IOPub messages.
"""

from __future__ import annotations

from .formatter import DisplayFormatter, format_display_data
from .kernel import Kernel
from .output import clear_output, display

__all__ = ["DisplayFormatter", "Kernel", "clear_output", "display", "format_display_data"]
