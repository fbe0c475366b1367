"""``%lsmagic``, help (``%pinfo``, ``name?``), and magics kept for compatibility only.

``%matplotlib inline``, ``%config`` and ``%load_ext`` appear at the top of
many notebooks written for Jupyter; they must not stop a cell. Those that
cannot do anything useful in the browser say so in one short note; those
that would run a shell (``%%bash``, ``%sx``) say why they cannot.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .. import messages
from ..help import describe, describe_magic
from ..lookup import Unresolvable, resolve
from ..output import display
from .registry import CellMagic, LineMagic

if TYPE_CHECKING:
    from ..ipython.objects import Pretty
    from ..shell import InteractiveShell as Shell

__all__ = ["CELL", "LINE"]

# Extensions that ship with IPython itself, which Ardoise does not load.
_IPYTHON_EXTENSIONS = frozenset({"autoreload", "storemagic", "IPython.extensions.autoreload"})


def lsmagic(shell: Shell, line: str) -> Pretty:
    """List the available line and cell magics."""
    from ..ipython.objects import Pretty

    return Pretty(shell.magics_manager.listing())


def pinfo(shell: Shell, line: str) -> None:
    """Show the signature and docstring of an object: ``%pinfo len``, or ``len?``."""
    _help(shell, line.strip(), detail_level=0)


def pinfo2(shell: Shell, line: str) -> None:
    """Show the source of an object when there is one: ``%pinfo2 f``, or ``f??``."""
    _help(shell, line.strip(), detail_level=1)


def _help(shell: Shell, name: str, *, detail_level: int) -> None:
    if name.startswith("%"):
        table = shell.magics_manager.cell if name.startswith("%%") else shell.magics_manager.line
        magic = table.get(name.lstrip("%"))
        text = describe_magic(name, magic) if magic is not None else None
    else:
        try:
            found = resolve(name, shell.user_ns, dynamic=True)
        except Unresolvable:
            text = None
        else:
            text = describe(found, name, detail_level=detail_level, file_label=shell.cell_label)
    if text is None:
        print(messages.OBJECT_NOT_FOUND.format(name=name))
    else:
        display({"text/plain": text}, raw=True)


def matplotlib(shell: Shell, line: str) -> None:
    """Accepted: figures are always shown inline in the browser."""
    backend = line.strip()
    if backend and backend != "inline":
        print(messages.MATPLOTLIB_INLINE_ONLY.format(backend=backend))


def config(shell: Shell, line: str) -> None:
    """Accepted and ignored: IPython's settings do not apply in the browser."""
    print(messages.CONFIG_IGNORED)


def autoreload(shell: Shell, line: str) -> None:
    """Not available: reload a changed module with ``importlib.reload(module)``."""
    print(messages.AUTORELOAD_UNAVAILABLE)


def load_ext(shell: Shell, line: str) -> None:
    """Load an IPython extension: import it and call its ``load_ipython_extension``."""
    _call_extension(shell, line.strip(), "load_ipython_extension", reload=False)


def reload_ext(shell: Shell, line: str) -> None:
    """Import an IPython extension again and load it."""
    _call_extension(shell, line.strip(), "load_ipython_extension", reload=True)


def unload_ext(shell: Shell, line: str) -> None:
    """Call an IPython extension's ``unload_ipython_extension``."""
    _call_extension(shell, line.strip(), "unload_ipython_extension", reload=False)


def shell_line(shell: Shell, line: str) -> None:
    """Not available: there is no shell in the browser (``%sx``, ``%system``)."""
    shell.system(line)


def shell_cell(shell: Shell, line: str, cell: str) -> None:
    """Not available: there is no shell in the browser (``%%bash``, ``%%sh`` …)."""
    shell.system(cell.strip().splitlines()[0] if cell.strip() else line)


def _call_extension(shell: Shell, name: str, function: str, *, reload: bool) -> None:
    if name in _IPYTHON_EXTENSIONS:
        print(messages.EXTENSION_UNAVAILABLE.format(name=name))
        return
    try:
        module = importlib.import_module(name)
        if reload:
            module = importlib.reload(module)
    except ImportError as error:
        print(messages.EXTENSION_NOT_FOUND.format(name=name, error=error))
        return
    hook = getattr(module, function, None)
    if hook is None:
        print(messages.EXTENSION_NOT_AN_EXTENSION.format(name=name))
        return
    hook(shell)


LINE: dict[str, LineMagic] = {
    "lsmagic": lsmagic,
    "pinfo": pinfo,
    "pinfo2": pinfo2,
    "matplotlib": matplotlib,
    "config": config,
    "autoreload": autoreload,
    "aimport": autoreload,
    "load_ext": load_ext,
    "reload_ext": reload_ext,
    "unload_ext": unload_ext,
    "sx": shell_line,
    "system": shell_line,
}
CELL: dict[str, CellMagic] = {
    name: shell_cell for name in ("bash", "sh", "script", "system", "sx", "perl", "ruby")
}
