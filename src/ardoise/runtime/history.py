"""``In``, ``Out``, ``_``, ``__``, ``_i``, ``_3`` …: the history of a notebook's cells.

The same names, kept the same way, as in IPython: ``In[n]`` is cell ``n`` as
typed (magics included), ``Out[n]`` the value it showed, ``_`` the last
value shown.
"""

from __future__ import annotations

from typing import Any

__all__ = ["History"]


class History:
    """Keeps the history variables of one namespace."""

    def __init__(self, namespace: dict[str, Any]) -> None:
        self._ns = namespace
        #: ``In``: the source of each cell run with ``store_history``; ``In[0]`` is "".
        self.inputs: list[str] = [""]
        #: ``Out``: the value each cell showed, by execution count.
        self.outputs: dict[int, Any] = {}
        self.install()

    def install(self) -> None:
        """Put the history variables, empty or as they are, in the namespace."""
        ns = self._ns
        ns.update(In=self.inputs, Out=self.outputs, _ih=self.inputs, _oh=self.outputs)
        ns.update(_="", __="", ___="", _i="", _ii="", _iii="")

    def record_input(self, count: int, code: str) -> None:
        """Remember cell ``count``'s source, and shift ``_i``, ``_ii``, ``_iii``."""
        ns = self._ns
        self.inputs.append(code)
        previous = self.inputs[-2]  # In[0] is "", so there is always one
        ns["_iii"], ns["_ii"], ns["_i"] = ns.get("_ii", ""), ns.get("_i", ""), previous
        ns[f"_i{count}"] = code

    def record_output(self, count: int, value: Any) -> None:
        """Remember the value cell ``count`` showed, and shift ``_``, ``__``, ``___``."""
        ns = self._ns
        ns["___"], ns["__"], ns["_"] = ns.get("__", ""), ns.get("_", ""), value
        ns[f"_{count}"] = self.outputs[count] = value

    def forget(self, *, inputs: bool, outputs: bool) -> None:
        """Empty ``In`` (keeping ``In[0]``) and/or ``Out``, in place."""
        if inputs:
            del self.inputs[1:]
        if outputs:
            self.outputs.clear()
