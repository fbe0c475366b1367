"""Printers registered by type (display_formatter.formatters), as SymPy's init_printing does."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from ardoise.runtime import DisplayFormatter, Kernel, ipython

from .conftest import Recorder


def test_a_registered_plain_printer_uses_ipythons_pretty_protocol() -> None:
    formatter = DisplayFormatter()

    def shout(obj: Any, p: Any, cycle: bool) -> None:
        p.text(str(obj).upper())
        with p.group(1, "<", ">"):
            p.breakable()
            p.pretty([1])

    formatter.formatters["text/plain"].for_type(str, shout)
    assert formatter.format("abc")[0] == {"text/plain": "ABC< [1]>"}
    assert formatter.format(1)[0] == {"text/plain": "1"}


def test_registered_printers_win_over_repr_methods_and_apply_to_subclasses() -> None:
    class Formula:
        def _repr_latex_(self) -> str:
            return "$own$"

    class Special(Formula):
        pass

    formatter = DisplayFormatter()
    previous = formatter.formatters["text/latex"].for_type(Formula, lambda obj: "$registered$")
    assert previous is None
    assert formatter.format(Special())[0]["text/latex"] == "$registered$"
    formatter.formatters["text/latex"].pop(Formula)
    assert formatter.format(Special())[0]["text/latex"] == "$own$"


def test_a_printer_returning_none_declines() -> None:
    formatter = DisplayFormatter()
    formatter.formatters["image/png"].for_type(int, lambda obj: None)
    assert formatter.format(3)[0] == {"text/plain": "3"}


def test_a_printer_can_be_registered_by_the_name_of_a_class_not_imported_yet() -> None:
    formatter = DisplayFormatter()
    formatter.formatters["text/html"].for_type_by_name(
        "fractions", "Fraction", lambda f: "<i>½</i>"
    )
    from fractions import Fraction

    assert formatter.format(Fraction(1, 2))[0]["text/html"] == "<i>½</i>"
    assert Fraction in formatter.formatters["text/html"]


def test_a_disabled_mime_type_is_never_computed() -> None:
    class Both:
        def _repr_html_(self) -> str:
            return "<b>x</b>"

        def _repr_latex_(self) -> str:
            return "$x$"

    formatter = DisplayFormatter()
    formatter.formatters["text/latex"].enabled = False
    assert sorted(formatter.format(Both())[0]) == ["text/html", "text/plain"]


def test_a_failing_printer_is_skipped_with_a_warning() -> None:
    warnings: list[str] = []
    formatter = DisplayFormatter(warn=warnings.append)
    formatter.formatters["text/html"].for_type(int, lambda obj: 1 / 0)
    assert formatter.format(5)[0] == {"text/plain": "5"}
    assert "the text/html printer of int raised ZeroDivisionError" in warnings[0]


def test_the_shells_display_formatter_is_the_kernels(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "f = get_ipython().display_formatter.formatters['text/latex']\n"
        "f.for_type(float, lambda x: f'${x:.1f}$')"
    )
    a_kernel.execute("2.25")
    assert recorder.of_type("execute_result")[0]["data"] == {
        "text/plain": "2.25",
        "text/latex": "$2.2$",
    }


@pytest.fixture
def the_stand_in_as_ipython() -> Iterator[None]:
    """The stand-in answering ``import IPython``, even where IPython is installed."""
    saved = {
        name: sys.modules.pop(name) for name in list(sys.modules) if name.startswith("IPython")
    }
    ipython.install(find_spec=lambda name: None)
    yield
    for name in [name for name in sys.modules if name.startswith("IPython")]:
        del sys.modules[name]
    sys.modules.update(saved)


@pytest.mark.skipif(importlib.util.find_spec("sympy") is None, reason="needs SymPy")
def test_sympy_init_printing_shows_latex_as_in_jupyter(
    the_stand_in_as_ipython: None, a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute(
        "import sympy\nsympy.init_printing()\nx = sympy.Symbol('x')\n[x**2 / 3, 1]"
    )
    assert reply["status"] == "ok", reply
    data = recorder.of_type("execute_result")[0]["data"]
    assert data["text/latex"] == r"$\displaystyle \left[ \frac{x^{2}}{3}, \  1\right]$"
    assert "──" in data["text/plain"]  # SymPy's own unicode pretty-printing
    assert recorder.text("stderr") == ""
