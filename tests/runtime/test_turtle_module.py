"""``import turtle`` in a cell: the kernel's turtle module, named and shaped as CPython's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder
from .drawings import published, run

# A sample of CPython 3.14's turtle.__all__, from each of its lists.
CPYTHON_NAMES = [
    "ScrolledCanvas", "TurtleScreen", "Screen", "RawTurtle", "Turtle", "RawPen", "Pen", "Shape",
    "Vec2D", "addshape", "bgcolor", "bye", "clearscreen", "colormode", "delay", "exitonclick",
    "mainloop", "mode", "no_animation", "numinput", "onkey", "ontimer", "resetscreen", "save",
    "screensize", "setup", "setworldcoordinates", "textinput", "title", "tracer", "turtles",
    "update", "window_height", "window_width", "back", "backward", "begin_fill", "bk", "circle",
    "clear", "clearstamp", "clone", "color", "degrees", "distance", "dot", "down", "end_fill",
    "fd", "fill", "fillcolor", "forward", "goto", "heading", "hideturtle", "home", "ht",
    "isdown", "isvisible", "left", "lt", "pd", "pen", "pencolor", "pendown", "pensize", "penup",
    "pos", "position", "pu", "right", "reset", "rt", "seth", "setheading", "setpos",
    "setposition", "setx", "sety", "shape", "shapesize", "showturtle", "speed", "st", "stamp",
    "teleport", "towards", "up", "width", "write", "xcor", "ycor", "done", "Terminator",
]  # fmt: skip


def test_import_turtle_in_a_cell_gives_the_kernels_turtle_with_cpythons_names(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    run(a_kernel, recorder, "import turtle")
    module = a_kernel.user_ns["turtle"]
    assert module.__name__ == "turtle"
    assert module is sys.modules["turtle"]
    assert set(CPYTHON_NAMES) <= set(module.__all__)
    assert all(callable(getattr(module, name)) for name in module.__all__)
    assert module.Turtle.__module__ == "turtle"


def test_from_turtle_import_star_gives_the_functions_of_the_default_turtle(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    run(a_kernel, recorder, "from turtle import *\nforward(30)\nleft(90)\nx = pos(), heading()")
    assert a_kernel.user_ns["x"] == ((30.0, 0.0), 90.0)
    assert "Screen" in a_kernel.user_ns and "TurtleGraphicsError" not in a_kernel.user_ns


def test_module_functions_have_the_signatures_and_help_of_cpythons(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    run(
        a_kernel,
        recorder,
        "import inspect, turtle\n"
        "s = [str(inspect.signature(getattr(turtle, n))) for n in ('forward', 'circle', 'write')]",
    )
    assert a_kernel.user_ns["s"] == [
        "(distance)",
        "(radius, extent=None, steps=None)",
        "(arg, move=False, align='left', font=('Arial', 8, 'normal'))",
    ]
    assert "forward" in a_kernel.user_ns["turtle"].forward.__doc__


def test_a_new_kernel_starts_with_a_new_screen(recorder: Recorder) -> None:
    first = Kernel(recorder)
    run(first, recorder, "import turtle\nturtle.forward(10)")
    (before,) = published(recorder)
    second = Kernel(recorder)
    run(second, recorder, "import turtle\nturtle.forward(10)\nwhere = turtle.pos()")
    (after,) = published(recorder)
    assert second.user_ns["where"] == (10.0, 0.0)
    assert after.display_id != before.display_id
    assert after.msg_type == "display_data"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("turtle.color('blu')", "bad color string: blu"),
        ("turtle.pencolor((300, 0, 0))", "bad color sequence: (300, 0, 0)"),
        ("turtle.fillcolor(1, 2)", "bad color arguments: (1, 2)"),
        ("turtle.shape('dragon')", "There is no shape named dragon"),
        ("turtle.mode('cartesian')", "No turtle-graphics-mode cartesian"),
        ("turtle.shapesize(0)", "stretch_wid/stretch_len must not be zero"),
        ("turtle.RawTurtle(42)", "bad canvas argument 42"),
    ],
)
def test_mistakes_raise_cpythons_turtle_errors(
    a_kernel: Kernel, recorder: Recorder, code: str, message: str
) -> None:
    run(a_kernel, recorder, "import turtle")
    recorder.clear()
    reply = a_kernel.execute(code)
    assert reply["status"] == "error"
    assert reply["ename"] == "TurtleGraphicsError"
    assert recorder.traceback().endswith("turtle.TurtleGraphicsError: " + message)


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("turtle.undo()", "draw again after clear() or reset()"),
        ("turtle.getcanvas()", "shown as an SVG picture"),
        ("turtle.Screen().save('drawing.ps')", "give a file name ending in .svg"),
    ],
)
def test_what_needs_a_tk_window_says_what_to_do_instead(
    a_kernel: Kernel, recorder: Recorder, code: str, words: str
) -> None:
    run(a_kernel, recorder, "import turtle")
    recorder.clear()
    assert a_kernel.execute(code)["status"] == "error"
    assert words in recorder.traceback()


def test_events_are_accepted_with_a_note_that_a_picture_has_none(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = "import turtle\ns = turtle.Screen()\ns.onkey(print, 'Up')\ns.onkey(print, 'Down')\n"
    code += "s.listen()\nturtle.onclick(print)\nturtle.done()"
    run(a_kernel, recorder, code)
    notes = recorder.text("stderr").splitlines()
    assert len(notes) == 2
    assert notes[0].startswith("Note: onkey() has no effect here")
    assert notes[1].startswith("Note: onclick() has no effect here")


def test_a_turtle_of_a_screen_closed_by_bye_stops_and_the_next_one_starts_a_new_screen(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    run(a_kernel, recorder, "import turtle\nt = turtle.Turtle()\nt.forward(50)")
    (first,) = published(recorder)
    run(a_kernel, recorder, "turtle.bye()")
    recorder.clear()
    assert a_kernel.execute("t.forward(10)")["ename"] == "Terminator"
    (second,) = run(a_kernel, recorder, "turtle.forward(20)\nwhere = turtle.pos()")
    assert second.display_id != first.display_id
    assert a_kernel.user_ns["where"] == (20.0, 0.0)


def test_textinput_and_numinput_ask_below_the_cell_until_the_answer_fits(
    recorder: Recorder,
) -> None:
    answers = iter(["Ada", "many", "500", "42"])
    prompts: list[str] = []

    def answer(prompt: str, password: bool) -> str:
        prompts.append(prompt)
        return next(answers)

    a_kernel = Kernel(recorder, request_input=answer)  # as the front end answers input()
    code = "import turtle\nname = turtle.textinput('Hello', 'Your name?')\n"
    code += "n = turtle.numinput('Sides', 'How many sides?', minval=3, maxval=100)"
    run(a_kernel, recorder, code)
    assert (a_kernel.user_ns["name"], a_kernel.user_ns["n"]) == ("Ada", 42.0)
    assert prompts == ["Your name? "] + ["How many sides? "] * 3
    assert recorder.text().splitlines() == [
        "Not a floating-point value. Please try again.",
        "The allowed maximum value is 100. Please try again.",
    ]


def test_save_writes_the_finished_drawing_as_svg(
    a_kernel: Kernel, recorder: Recorder, tmp_path: Path
) -> None:
    path = str(tmp_path / "d.svg")
    code = f"import turtle\nturtle.forward(100)\nturtle.Screen().save({path!r})"
    run(a_kernel, recorder, code)
    (shown,) = published(recorder)
    saved = (tmp_path / "d.svg").read_text()
    assert saved.startswith("<svg") and "<style>" not in saved
    assert 'd="M0 0L100 0"' in saved
    assert "<style>" in shown.source  # the output itself is animated
    recorder.clear()
    reply = a_kernel.execute(code)
    assert reply["ename"] == "FileExistsError"
