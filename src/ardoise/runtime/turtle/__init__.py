"""Turtle graphics for notebooks: what ``import turtle`` gives in a cell.

CPython's ``turtle`` draws in a Tk window, and the browser's Python has no Tk.
This package has the same classes, methods, functions, defaults and error
messages, and draws in the cell's output instead: at the end of each cell that
drew, the screen is shown as an animated SVG. The kernel makes ``import
turtle`` find it (`ardoise.runtime.aliases`).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

from .. import messages
from . import publish
from .errors import Terminator, TurtleGraphicsError
from .navigator import TNavigator
from .pen import TPen
from .raw import Pen, RawPen, RawTurtle, Screen, Turtle  # noqa: F401 -- in __all__
from .screen import TurtleScreen, _Screen
from .shapes import Shape
from .vec2d import Vec2D

_tg_classes = ["ScrolledCanvas", "TurtleScreen", "Screen",
               "RawTurtle", "Turtle", "RawPen", "Pen", "Shape", "Vec2D"]  # fmt: skip
_tg_screen_functions = [
    "addshape", "bgcolor", "bgpic", "bye", "clearscreen", "colormode", "delay", "exitonclick",
    "getcanvas", "getshapes", "listen", "mainloop", "mode", "no_animation", "numinput", "onkey",
    "onkeypress", "onkeyrelease", "onscreenclick", "ontimer", "register_shape", "resetscreen",
    "save", "screensize", "setup", "setworldcoordinates", "textinput", "title", "tracer",
    "turtles", "update", "window_height", "window_width",
]  # fmt: skip
_tg_turtle_functions = [
    "back", "backward", "begin_fill", "begin_poly", "bk", "circle", "clear", "clearstamp",
    "clearstamps", "clone", "color", "degrees", "distance", "dot", "down", "end_fill",
    "end_poly", "fd", "fill", "fillcolor", "filling", "forward", "get_poly", "getpen",
    "getscreen", "get_shapepoly", "getturtle", "goto", "heading", "hideturtle", "home", "ht",
    "isdown", "isvisible", "left", "lt", "onclick", "ondrag", "onrelease", "pd", "pen",
    "pencolor", "pendown", "pensize", "penup", "poly", "pos", "position", "pu", "radians",
    "right", "reset", "resizemode", "rt", "seth", "setheading", "setpos", "setposition",
    "setundobuffer", "setx", "sety", "shape", "shapesize", "shapetransform", "shearfactor",
    "showturtle", "speed", "st", "stamp", "teleport", "tilt", "tiltangle", "towards",
    "turtlesize", "undo", "undobufferentries", "up", "width", "write", "xcor", "ycor",
]  # fmt: skip
_tg_utilities = ["write_docstringdict", "done"]

# CPython's list, built as CPython builds it (linters cannot read it: hence the noqa above).
__all__ = [
    *_tg_classes,
    *_tg_screen_functions,
    *_tg_turtle_functions,
    *_tg_utilities,
    "Terminator",
]


class ScrolledCanvas:
    """Tk's scrolled canvas: there is none in a notebook."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TurtleGraphicsError(messages.TURTLE_NO_CANVAS)


def _function(
    name: str, method: Callable[..., Any], target: Callable[[], Any]
) -> Callable[..., Any]:
    """The module function ``name``: the method called on ``target()``, with its help."""

    def function(*args: Any, **kwargs: Any) -> Any:
        return getattr(target(), name)(*args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__module__ = "turtle"
    function.__doc__ = method.__doc__
    # As CPython's functions show it: ``forward(distance)``, without self or annotations.
    parameters = list(inspect.signature(method).parameters.values())[1:]
    function.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [p.replace(annotation=inspect.Parameter.empty) for p in parameters]
    )
    return function


def _default_screen() -> _Screen:
    return Screen()


def _default_turtle() -> Turtle:
    if Turtle._pen is None:
        Turtle._pen = Turtle()
    return Turtle._pen


_FUNCTIONS: dict[str, Callable[..., Any]] = {}
for _name in _tg_screen_functions:
    _FUNCTIONS[_name] = _function(_name, getattr(_Screen, _name), _default_screen)
for _name in _tg_turtle_functions:
    _FUNCTIONS[_name] = _function(_name, getattr(Turtle, _name), _default_turtle)
globals().update(_FUNCTIONS)
done = _FUNCTIONS["mainloop"]


def write_docstringdict(filename: str = "turtle_docstringdict") -> None:
    """Write the docstrings of the screen and turtle methods to ``filename``.py, to translate."""
    docs = {f"_Screen.{name}": getattr(_Screen, name).__doc__ for name in _tg_screen_functions}
    docs |= {f"Turtle.{name}": getattr(Turtle, name).__doc__ for name in _tg_turtle_functions}
    with open(f"{filename}.py", "w", encoding="utf-8") as file:
        file.write("docsdict = {\n\n")
        for key in sorted(docs):
            file.write(f'{key!r} :\n        """{docs[key]}\n""",\n\n')
        file.write("}\n")


for _public in (ScrolledCanvas, TurtleScreen, _Screen, RawTurtle, Turtle, Shape, Vec2D,
                TNavigator, TPen):  # fmt: skip
    _public.__module__ = "turtle"


def populate(module: types.ModuleType) -> None:
    """Fill ``module`` (the one ``import turtle`` gives) with CPython's names."""
    namespace = {name: globals()[name] for name in __all__}
    namespace |= {"TurtleGraphicsError": TurtleGraphicsError, "TNavigator": TNavigator,
                  "TPen": TPen, "__all__": list(__all__), "__doc__": __doc__}  # fmt: skip
    module.__dict__.update(namespace)


def forget_screens() -> None:
    """Start again with no screen and no turtle: a new kernel, a new drawing."""
    Turtle._screen = None
    Turtle._pen = None
    publish.forget()
