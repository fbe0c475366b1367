"""Where turtles go: positions and headings as CPython's turtle computes them."""

from __future__ import annotations

import math

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder
from .drawings import run


def flat(value: object) -> list[object]:
    """Nested tuples as one flat list, for pytest.approx."""
    if isinstance(value, tuple | list):
        return [leaf for item in value for leaf in flat(item)]
    return [value]


def same(value: object, expected: object) -> bool:
    return flat(value) == pytest.approx(flat(expected))


def after(kernel: Kernel, recorder: Recorder, code: str, expression: str) -> object:
    run(
        kernel, recorder, "import turtle\nt = turtle.Turtle()\n" + code + f"\n_value = {expression}"
    )
    return kernel.user_ns["_value"]


@pytest.mark.parametrize(
    ("code", "expression", "expected"),
    [
        ("t.forward(100); t.left(90); t.fd(50)", "t.pos()", (100.0, 50.0)),
        ("t.back(30)", "t.xcor(), t.ycor()", (-30.0, 0.0)),
        ("t.bk(10); t.backward(5)", "t.position()", (-15.0, 0.0)),
        ("t.left(45)", "t.heading()", 45.0),
        ("t.right(90)", "t.heading()", 270.0),
        ("t.lt(30); t.rt(10)", "t.heading()", 20.0),
        ("t.setheading(-90)", "t.heading()", 270.0),
        ("t.seth(400)", "t.heading()", 40.0),
        ("t.goto(30, 40)", "t.distance(0, 0), t.towards(0, 0)", (50.0, 233.1301023542)),
        ("t.setpos((3, 4)); t.setposition(t.pos() * 2)", "t.pos()", (6.0, 8.0)),
        ("t.setx(7); t.sety(-2)", "t.pos()", (7.0, -2.0)),
        ("t.goto(5, 5); t.left(10); t.home()", "t.pos(), t.heading()", ((0.0, 0.0), 0.0)),
        ("t.teleport(50, 60)", "t.pos(), t.isdown()", ((50.0, 60.0), True)),
        ("t.penup()", "t.isdown()", False),
        ("t.pu(); t.pd()", "t.isdown()", True),
        ("t.up(); t.down()", "t.isdown()", True),
        ("t.hideturtle()", "t.isvisible()", False),
        ("t.ht(); t.st()", "t.isvisible()", True),
        ("t.speed('fast')", "t.speed()", 10),
        ("t.speed(11)", "t.speed()", 0),
        ("t.speed(3.4)", "t.speed()", 3),
        ("t.speed('slowest')", "t.speed()", 1),
        ("t.pensize(5)", "t.pensize(), t.width()", (5, 5)),
        ("t.goto(3, 4)", "t.distance((0, 0)), t.distance(turtle.Vec2D(3, 0))", (5.0, 4.0)),
    ],
)
def test_moves_and_turns_land_where_cpython_says(
    a_kernel: Kernel, recorder: Recorder, code: str, expression: str, expected: object
) -> None:
    value = after(a_kernel, recorder, code, expression)
    assert same(value, expected)


def test_a_square_comes_back_to_its_start_with_cpythons_rounding(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = "for _ in range(4):\n    t.forward(100)\n    t.left(90)"
    position, heading = after(a_kernel, recorder, code, "repr(t.pos()), t.heading()")  # type: ignore[misc]
    # CPython's Vec2D turns by sin and cos: x ends at -1.6e-14, printed as -0.00.
    assert position == "(-0.00,0.00)"
    assert heading == 0.0


def test_distance_and_towards_take_another_turtle(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "u = turtle.Turtle()\nu.goto(0, 10)"
    assert after(a_kernel, recorder, code, "t.distance(u), t.towards(u)") == (10.0, 90.0)


def test_circles_turn_counterclockwise_and_arcs_stop_at_their_extent(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    position, heading = after(a_kernel, recorder, "t.circle(50)", "t.pos(), t.heading()")  # type: ignore[misc]
    assert same(position, (0, 0))
    assert heading % 360 == pytest.approx(0, abs=1e-9) or heading == pytest.approx(360)
    half = after(a_kernel, recorder, "t.circle(50, 180)", "t.pos(), t.heading()")
    assert same(half, ((0, 100), 180))
    clockwise = after(a_kernel, recorder, "t.circle(-50, 90)", "t.pos(), t.heading()")
    assert same(clockwise, ((50, -50), 270))


def test_logo_mode_heads_north_and_turns_clockwise(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "turtle.mode('logo')\nt.forward(10)\nt.right(90)"
    assert same(after(a_kernel, recorder, code, "t.pos(), t.heading()"), ((0, 10), 90))


def test_radians_and_degrees_change_the_angle_unit(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "t.radians()\nt.left(math.pi / 2)\na = t.heading()\nt.degrees()"
    run(a_kernel, recorder, "import math")
    assert same(after(a_kernel, recorder, code, "a, t.heading()"), (math.pi / 2, 90.0))
    assert after(a_kernel, recorder, "t.degrees(400)\nt.left(100)", "t.heading()") == 100.0


def test_vec2d_is_a_tuple_with_cpythons_arithmetic_and_repr(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = "v = turtle.Vec2D(3, 4)"
    value = after(
        a_kernel, recorder, code, "v + v, v - v, v * v, 2 * v, abs(v), repr(v.rotate(90))"
    )
    assert value == ((6, 8), (0, 0), 25, (6, 8), 5.0, "(-4.00,3.00)")


def test_write_with_move_puts_the_turtle_after_the_text(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    x, y = after(a_kernel, recorder, "t.write('Hello, world', move=True)", "t.pos()")  # type: ignore[misc]
    assert 40 < x < 120 and y == 0


def test_clone_copies_position_heading_and_pen(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "t.goto(10, 20)\nt.left(30)\nt.color('red')\nt.pensize(3)\nc = t.clone()"
    value = after(
        a_kernel, recorder, code, "c.pos(), c.heading(), c.pencolor(), c.pensize(), c is t"
    )
    assert value == ((10.0, 20.0), 30.0, "red", 3, False)


def test_pen_returns_and_restores_every_attribute(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "saved = t.pen()\nt.pen(pencolor='red', pensize=4, pendown=False)\nchanged = t.pen()\n"
    code += "t.pen(saved)"
    value = after(
        a_kernel, recorder, code, "changed['pencolor'], changed['pensize'], t.pen() == saved"
    )
    assert value == ("red", 4, True)


def test_begin_poly_records_the_vertices_visited(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "with t.poly():\n    t.forward(10)\n    t.left(90)\n    t.forward(10)"
    assert same(after(a_kernel, recorder, code, "t.get_poly()"), ((0, 0), (10, 0), (10, 10)))
