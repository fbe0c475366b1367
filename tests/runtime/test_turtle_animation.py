"""How a drawing is replayed: CSS animations timed as CPython's turtle would take, and
later cells continuing the same drawing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder
from .drawings import NS, all_of, animation, drawn, items, published, run, subpaths, turtles

FRAME = 0.02  # CPython's delay (10 ms) plus a Tk redraw


def style_of(svg: ET.Element) -> str:
    style = svg.find(NS + "style")
    return "" if style is None else str(style.text)


def keyframes(svg: ET.Element, name: str) -> str:
    """The stops of the keyframes ``name``: ``0%{...}...100%{...}``."""
    found = re.search(rf"@keyframes {name}\{{((?:[^{{}}]*\{{[^{{}}]*\}})*)\}}", style_of(svg))
    assert found is not None, name
    return found.group(1)


def test_lines_are_drawn_by_a_css_animation_and_the_turtle_moves(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(a_kernel, recorder, "import turtle\nturtle.forward(100)\nturtle.left(90)")
    (path,) = all_of(svg, "path")
    assert (path.get("class"), path.get("pathLength")) == ("a", "1")
    ((name, duration, delay),) = animation(path)
    assert keyframes(svg, name) and delay == 0
    (cursor,) = turtles(svg)
    ((moves, total, _),) = animation(cursor)
    stops = keyframes(svg, moves)
    assert "translate(100px,0px) rotate(0deg)" in stops
    assert stops.endswith("translate(100px,0px) rotate(-90deg)}")
    assert total > duration > 0
    assert svg.get("tabindex") == "0"  # a click or Tab shows the end at once
    assert "prefers-reduced-motion:reduce" in style_of(svg)


@pytest.mark.parametrize(("speed", "frames"), [(1, 31), (3, 9), (6, 4), (10, 2)])
def test_the_speed_sets_how_long_a_move_takes_as_cpythons_frames(
    a_kernel: Kernel, recorder: Recorder, speed: int, frames: int
) -> None:
    svg = drawn(a_kernel, recorder, f"import turtle\nturtle.speed({speed})\nturtle.forward(100)")
    ((_, duration, _),) = animation(all_of(svg, "path")[0])
    assert duration == pytest.approx(frames * FRAME)


def test_delay_slows_every_frame(a_kernel: Kernel, recorder: Recorder) -> None:
    svg = drawn(a_kernel, recorder, "import turtle\nturtle.delay(40)\nturtle.forward(100)")
    ((_, duration, _),) = animation(all_of(svg, "path")[0])
    assert duration == pytest.approx(9 * 0.05)


@pytest.mark.parametrize(
    "code",
    [
        "turtle.speed(0)\nturtle.circle(50)",
        "turtle.speed('fastest')\nturtle.circle(50)",
        "turtle.tracer(0)\nturtle.circle(50)\nturtle.update()",
        "turtle.tracer(0)\nturtle.circle(50)",
        "with turtle.Screen().no_animation():\n    turtle.circle(50)",
    ],
)
def test_speed_0_and_tracer_0_show_the_final_drawing_at_once(
    a_kernel: Kernel, recorder: Recorder, code: str
) -> None:
    svg = drawn(a_kernel, recorder, "import turtle\n" + code)
    assert svg.find(NS + "style") is None and svg.get("tabindex") is None
    (path,) = all_of(svg, "path")
    assert path.get("style") is None and len(subpaths(path.get("d", ""))[0]) == 21


def test_a_turn_is_a_pause_in_the_line_that_follows_it(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(
        a_kernel,
        recorder,
        "import turtle\nfor _ in range(2):\n    turtle.fd(100)\n    turtle.lt(90)",
    )
    ((name, duration, _),) = animation(all_of(svg, "path")[0])
    # 9 frames to go, 11 to turn, 9 to go: the dash stays still while the turtle turns.
    stops = re.findall(r"([\d.]+)%\{stroke-dashoffset:([\d.]+)\}", keyframes(svg, name))
    assert [(round(float(t)), float(o)) for t, o in stops] == [
        (0, 1.001), (31, 0.5), (69, 0.5), (100, 0.0)
    ]  # fmt: skip
    assert duration == pytest.approx(29 * FRAME)


def test_a_fill_appears_when_end_fill_is_called(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "import turtle\nturtle.begin_fill()\nturtle.circle(20)\nturtle.end_fill()"
    svg = drawn(a_kernel, recorder, code)
    fill, line = items(svg)
    ((_, duration, start),) = animation(line)
    ((_, zero, appears),) = animation(fill)
    assert zero == 0 and appears == pytest.approx(start + duration)


def test_a_later_cell_continues_the_drawing_and_updates_the_earlier_output(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    (first,) = run(a_kernel, recorder, "import turtle\nturtle.forward(100)")
    assert first.msg_type == "display_data"
    update, second = run(a_kernel, recorder, "turtle.left(90)\nturtle.forward(100)")
    assert (update.msg_type, second.msg_type) == ("update_display_data", "display_data")
    assert update.display_id == second.display_id == first.display_id
    assert update.source == second.source
    old, new = all_of(second.svg, "path")
    assert old.get("style") is None and subpaths(old.get("d", "")) == [[(0, 0), (100, 0)]]
    ((_, _, delay),) = animation(new)
    assert delay == pytest.approx(11 * FRAME)  # after the turn
    assert subpaths(new.get("d", "")) == [[(100, 0), (100, -100)]]


def test_a_cell_that_draws_nothing_shows_nothing(a_kernel: Kernel, recorder: Recorder) -> None:
    run(a_kernel, recorder, "import turtle\nturtle.forward(10)")
    assert run(a_kernel, recorder, "where = turtle.pos()\nprint(where)") == []


def test_a_cell_that_fails_still_shows_what_it_drew(a_kernel: Kernel, recorder: Recorder) -> None:
    reply = a_kernel.execute("import turtle\nturtle.forward(10)\nturtle.color('nope')")
    assert reply["status"] == "error"
    types = recorder.types()
    assert types.index("error") < types.index("display_data")
    (shown,) = published(recorder)
    assert len(all_of(shown.svg, "path")) == 1


def test_what_is_cleared_during_the_cell_is_shown_until_then(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(
        a_kernel, recorder, "import turtle\nturtle.forward(50)\nturtle.clear()\nturtle.forward(20)"
    )
    gone, kept = all_of(svg, "path")
    assert gone.get("visibility") == "hidden" and kept.get("visibility") is None
    names = [name for name, _, _ in animation(gone)]
    assert len(names) == 2 and names[1].endswith("-v")
    # The next cell forgets it.
    svg = drawn(a_kernel, recorder, "turtle.forward(5)")
    assert len(all_of(svg, "path")) == 2


def test_a_turtle_made_during_the_animation_appears_then(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(
        a_kernel, recorder, "import turtle\nturtle.forward(100)\nu = turtle.Turtle()\nu.left(90)"
    )
    _, late = turtles(svg)
    ((name, _, _),) = animation(late)
    stops = keyframes(svg, name)
    assert stops.startswith("0%{") and "visibility:hidden" in stops.split("}")[0]
    assert stops.endswith("visibility:visible}")


def test_thousands_of_segments_drawn_at_once_stay_small(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = "import turtle, random\nrandom.seed(1)\nturtle.speed(0)\nturtle.hideturtle()\n"
    code += "for _ in range(5000):\n"
    code += "    turtle.goto(random.randint(-300, 300), random.randint(-200, 200))"
    (shown,) = run(a_kernel, recorder, code)
    (path,) = all_of(shown.svg, "path")
    assert len(subpaths(path.get("d", ""))[0]) == 5001
    assert len(shown.source) < 60_000


def test_thousands_of_animated_segments_stay_reasonably_small(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = "import turtle\nturtle.speed(10)\nfor i in range(3000):\n    turtle.forward(i % 50)\n"
    code += "    turtle.left(59)"
    (shown,) = run(a_kernel, recorder, code)
    assert len(all_of(shown.svg, "path")) == 1
    assert len(shown.source) < 300_000
    (cursor,) = turtles(shown.svg)
    ((name, _, _),) = animation(cursor)
    assert keyframes(shown.svg, name).count("transform:") <= 600


def test_a_rainbow_spiral_is_one_line_per_colour(a_kernel: Kernel, recorder: Recorder) -> None:
    code = "import turtle\nturtle.colormode(255)\nfor i in range(1, 361):\n"
    code += "    turtle.pencolor(i % 256, 100, 200)\n    turtle.forward(i / 4)\n    turtle.left(59)"
    svg = drawn(a_kernel, recorder, code)
    assert len(all_of(svg, "path")) == 360
    assert all(animation(path) for path in all_of(svg, "path"))
