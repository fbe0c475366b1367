"""The same programs give the same positions and headings as CPython's own turtle arithmetic.

CPython's ``turtle.py`` cannot be imported without Tk, but its navigation part
(``Vec2D`` and ``TNavigator``) is plain Python: it is taken from the standard
library's source when there is one (not in Pyodide, which ships no turtle.py).
"""

from __future__ import annotations

import ast
import math
import sysconfig
from pathlib import Path
from typing import Any

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder
from .drawings import run

STDLIB_TURTLE = Path(sysconfig.get_paths()["stdlib"]) / "turtle.py"

PROGRAMS = {
    "square": "for _ in range(4):\n    t.forward(100)\n    t.left(90)",
    "star": "for _ in range(5):\n    t.forward(150)\n    t.right(144)",
    "spiral": "for i in range(60):\n    t.forward(i * 3)\n    t.left(59)",
    "circles": "t.circle(40)\nt.circle(-25, 200)\nt.circle(70, 90, steps=7)",
    "goto": "t.goto(10, 30)\nt.setheading(t.towards(-50, 20))\nt.forward(t.distance(-50, 20) / 3)",
    "logo": "t._setmode('logo')\nt.right(30)\nt.forward(77)\nt.setheading(200)\nt.back(13)",
    "radians": "t.radians()\nt.left(1)\nt.forward(40)\nt.circle(20, math.pi)",
}


def cpython_navigator() -> type:
    tree = ast.parse(STDLIB_TURTLE.read_text())
    wanted = [
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in ("Vec2D", "TNavigator")
    ]
    namespace: dict[str, Any] = {"math": math}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), str(STDLIB_TURTLE), "exec"), namespace)
    return type("Navigator", (namespace["TNavigator"],), {"undobuffer": None})


@pytest.mark.skipif(not STDLIB_TURTLE.exists(), reason="this Python has no turtle.py source")
@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_positions_and_headings_match_cpythons_to_the_last_bit(
    a_kernel: Kernel, recorder: Recorder, name: str
) -> None:
    program = PROGRAMS[name]
    reference = cpython_navigator()()
    exec(program, {"t": reference, "math": math})
    run(a_kernel, recorder, f"import math, turtle\nt = turtle.Turtle()\nt.speed(0)\n{program}")
    ours = a_kernel.user_ns["t"]
    assert tuple(ours.pos()) == tuple(reference.pos())
    assert ours.heading() == reference.heading()
    assert repr(ours.pos()) == repr(reference.pos())
