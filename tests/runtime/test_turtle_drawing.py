"""What a turtle cell shows: an SVG with the lines, fills, dots, text and turtles drawn.

SVG's y axis points down: a turtle at (x, y) is drawn at (x, -y).
"""

from __future__ import annotations

import base64
import struct
from pathlib import Path

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder
from .drawings import NS, all_of, close, drawn, items, polygon, subpaths, turtles

SQUARE = [(0, 0), (100, 0), (100, -100), (0, -100), (0, 0)]


def fast(code: str) -> str:
    """``code`` for the default turtle, with no animation (speed 0)."""
    return "import turtle\nt = turtle.getturtle()\nt.speed(0)\n" + code


def test_a_square_is_one_path_through_its_four_corners(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(a_kernel, recorder, fast("for _ in range(4):\n    t.forward(100)\n    t.left(90)"))
    (path,) = all_of(svg, "path")
    assert close(subpaths(path.get("d", ""))[0], SQUARE)
    assert path.get("stroke") == "#000000" and path.get("stroke-width") is None  # 1
    assert svg.get("viewBox") == "-320 -240 640 480"


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        ("'red'", "#ff0000"),
        ("'light blue'", "#add8e6"),
        ("'LightBlue'", "#add8e6"),
        ("'green'", "#008000"),  # Tk 8.6's green is the web's
        ("'gray50'", "#7f7f7f"),
        ("'#33cc8c'", "#33cc8c"),
        ("'#f00'", "#f00000"),  # Tk reads #RGB as the high bits
        ("(1, 0.5, 0)", "#ff8000"),
        ("0, 0, 1", "#0000ff"),
    ],
)
def test_pen_colours_are_tk_colours_written_in_hex(
    a_kernel: Kernel, recorder: Recorder, color: str, expected: str
) -> None:
    svg = drawn(a_kernel, recorder, fast(f"t.pencolor({color})\nt.forward(50)"))
    (path,) = all_of(svg, "path")
    assert path.get("stroke") == expected


def test_colormode_255_takes_whole_numbers(a_kernel: Kernel, recorder: Recorder) -> None:
    svg = drawn(a_kernel, recorder, fast("turtle.colormode(255)\nt.color((255, 128, 0))\nt.fd(9)"))
    assert all_of(svg, "path")[0].get("stroke") == "#ff8000"
    assert a_kernel.user_ns["t"].pencolor() == (255.0, 128.0, 0.0)


def test_a_change_of_pen_starts_a_new_line(a_kernel: Kernel, recorder: Recorder) -> None:
    code = fast("t.forward(50)\nt.color('red')\nt.forward(50)\nt.pensize(5)\nt.forward(50)")
    paths = all_of(drawn(a_kernel, recorder, code), "path")
    assert [(p.get("stroke"), p.get("stroke-width")) for p in paths] == [
        ("#000000", None),
        ("#ff0000", None),
        ("#ff0000", "5"),
    ]
    assert [subpaths(p.get("d", ""))[0][-1] for p in paths] == [(50, 0), (100, 0), (150, 0)]


def test_pen_up_moves_draw_nothing_and_lines_of_one_pen_share_a_path(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast(
        "for _ in range(3):\n    t.forward(10)\n    t.penup()\n    t.forward(10)\n    t.pendown()"
    )
    (path,) = all_of(drawn(a_kernel, recorder, code), "path")
    assert subpaths(path.get("d", "")) == [
        [(0, 0), (10, 0)],
        [(20, 0), (30, 0)],
        [(40, 0), (50, 0)],
    ]


def test_a_fill_is_a_polygon_under_the_outline_drawn_after_begin_fill(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast(
        "t.forward(30)\nt.color('red', 'yellow')\nt.begin_fill()\n"
        "for _ in range(3):\n    t.forward(100)\n    t.left(120)\nt.end_fill()"
    )
    svg = drawn(a_kernel, recorder, code)
    kinds = [element.tag.removeprefix(NS) for element in items(svg)]
    assert kinds == ["path", "polygon", "path"]
    fill = items(svg)[1]
    assert fill.get("fill") == "#ffff00"
    assert close(polygon(fill), [(30, 0), (130, 0), (80, -86.6), (30, 0)])
    assert items(svg)[2].get("stroke") == "#ff0000"


def test_an_unfinished_fill_is_not_drawn_until_end_fill(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(a_kernel, recorder, fast("t.begin_fill()\nt.circle(20)"))
    assert all_of(svg, "polygon") == [] or all(p.get("fill") != "#000000" for p in items(svg))
    svg = drawn(a_kernel, recorder, "t.end_fill()")
    assert [p.get("fill") for p in items(svg) if p.tag == NS + "polygon"] == ["#000000"]


def test_with_fill_fills_what_the_block_draws(a_kernel: Kernel, recorder: Recorder) -> None:
    svg = drawn(a_kernel, recorder, fast("t.fillcolor('blue')\nwith t.fill():\n    t.circle(30)"))
    (fill,) = [e for e in items(svg) if e.tag == NS + "polygon"]
    assert fill.get("fill") == "#0000ff" and len(polygon(fill)) > 10


def test_dots_are_circles_of_the_given_diameter_and_colour(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(
        a_kernel, recorder, fast("t.goto(10, 20)\nt.dot(30, 'blue')\nt.pensize(3)\nt.dot()")
    )
    dots = all_of(svg, "circle")
    assert [(d.get("cx"), d.get("cy"), d.get("r"), d.get("fill")) for d in dots] == [
        ("10", "-20", "15", "#0000ff"),
        ("10", "-20", "3.5", "#000000"),  # pensize + max(pensize, 4) = 7
    ]


def test_write_shows_the_text_with_its_alignment_and_font(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast(
        "t.color('purple')\n"
        "t.write('Hello <turtle> & co', align='center', font=('Courier', 20, 'bold italic'))"
    )
    (text,) = all_of(drawn(a_kernel, recorder, code), "text")
    assert "".join(text.itertext()) == "Hello <turtle> & co"
    assert text.get("text-anchor") == "middle"
    assert text.get("font-weight") == "bold" and text.get("font-style") == "italic"
    assert text.get("font-family") == "Courier, monospace"
    assert text.get("font-size") == "26.67"  # 20 points
    assert text.get("fill") == "#800080"


def test_write_keeps_several_lines(a_kernel: Kernel, recorder: Recorder) -> None:
    (text,) = all_of(drawn(a_kernel, recorder, fast("t.write('one\\ntwo')")), "text")
    lines = text.findall(NS + "tspan")
    assert [line.text for line in lines] == ["one", "two"]
    assert float(lines[0].get("y", "0")) < float(lines[1].get("y", "0")) < 0


def test_every_turtle_is_shown_with_its_shape_heading_and_colours(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast(
        "t.shape('square')\nt.left(90)\nt.color('red', 'green')\nu = turtle.Turtle('turtle')\n"
        "u.goto(50, 0)\nv = turtle.Turtle()\nv.hideturtle()"
    )
    svg = drawn(a_kernel, recorder, code)
    shown = turtles(svg)
    assert [g.get("transform") for g in shown] == [
        "translate(0 0) rotate(-90)",
        "translate(50 0) rotate(0)",
    ]
    square = shown[0].find(NS + "polygon")
    assert square is not None
    assert close(polygon(square), [(-10, 10), (10, 10), (10, -10), (-10, -10)])
    assert (square.get("fill"), square.get("stroke")) == ("#008000", "#ff0000")
    assert len(polygon(shown[1].find(NS + "polygon"))) == 24  # type: ignore[arg-type]


def test_stamps_stay_where_the_turtle_was_until_cleared(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast("a = t.stamp()\nt.forward(40)\nb = t.stamp()\nt.forward(40)")
    svg = drawn(a_kernel, recorder, code)
    stamps = [e for e in items(svg) if e.tag == NS + "g"]
    assert [s.get("transform") for s in stamps] == [
        "translate(0 0) rotate(0)",
        "translate(40 0) rotate(0)",
    ]
    svg = drawn(a_kernel, recorder, "t.clearstamp(a)")
    assert [e.get("transform") for e in items(svg) if e.tag == NS + "g"] == [
        "translate(40 0) rotate(0)"
    ]


def test_the_background_title_and_window_size_are_the_screens(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast("s = turtle.Screen()\ns.bgcolor('black')\ns.setup(300, 200)\ns.title('Stars')")
    svg = drawn(a_kernel, recorder, code)
    assert (svg.get("width"), svg.get("height"), svg.get("viewBox")) == (
        "300",
        "200",
        "-150 -100 300 200",
    )
    rect = svg.find(NS + "rect")
    assert rect is not None and rect.get("fill") == "#000000"
    assert svg.findtext(NS + "title") == "Stars"
    assert recorder.of_type("display_data")[0]["data"]["text/plain"].startswith("Stars: ")


def test_the_picture_grows_to_show_what_is_drawn_outside_the_window(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    svg = drawn(a_kernel, recorder, fast("t.goto(500, 0)"))
    left, top, width, height = (float(n) for n in svg.get("viewBox", "").split())
    assert left <= -320 and left + width >= 500 and (top, height) == (-240, 480)


def test_world_coordinates_scale_the_drawing_to_the_window(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast("turtle.setworldcoordinates(-10, -10, 10, 10)\nt.speed(0)\nt.goto(5, 5)")
    svg = drawn(a_kernel, recorder, code)
    (path,) = all_of(svg, "path")
    assert subpaths(path.get("d", "")) == [[(0, 0), (155, -115)]]  # 620/20 and 460/20 a unit


def test_clear_and_reset_remove_a_turtles_drawings_only(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast("u = turtle.Turtle()\nu.speed(0)\nu.goto(0, 50)\nt.forward(50)")
    (path,) = all_of(drawn(a_kernel, recorder, code), "path")  # one pen: one path
    assert subpaths(path.get("d", "")) == [[(0, 0), (0, -50)], [(0, 0), (50, 0)]]
    svg = drawn(a_kernel, recorder, "t.clear()")
    (path,) = all_of(svg, "path")
    assert subpaths(path.get("d", "")) == [[(0, 0), (0, -50)]]
    svg = drawn(a_kernel, recorder, "u.reset()")
    assert all_of(svg, "path") == []
    assert a_kernel.user_ns["u"].pos() == (0, 0)


def test_clearscreen_removes_drawings_and_turtles(a_kernel: Kernel, recorder: Recorder) -> None:
    drawn(a_kernel, recorder, fast("t.forward(50)"))
    svg = drawn(a_kernel, recorder, "turtle.clearscreen()")
    assert all_of(svg, "path") == [] and turtles(svg) == []


def test_the_text_form_describes_the_drawing_for_screen_readers(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast(
        "t.begin_fill()\nfor _ in range(4):\n    t.forward(10)\n    t.left(90)\nt.end_fill()\n"
        "t.dot()\nt.write('Hi')\nturtle.Turtle()"
    )
    drawn(a_kernel, recorder, code)
    text = recorder.of_type("display_data")[0]["data"]["text/plain"]
    assert (
        text == "Python Turtle Graphics: 4 lines, 1 filled shape, 1 dot, 2 turtles, the text 'Hi'"
    )


def test_the_svg_uses_only_elements_the_apps_sanitizer_keeps(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = "import turtle\nt = turtle.Turtle()\nt.begin_fill()\nt.circle(30)\nt.end_fill()\n"
    code += "t.dot()\nt.stamp()\nt.write('x')\nt.shape('turtle')\nt.forward(30)"
    svg = drawn(a_kernel, recorder, code)
    tags = {element.tag.removeprefix(NS) for element in svg.iter()}
    # DOMPurify's SVG profile drops <animate>, <set>, <script> and <foreignObject>.
    assert tags <= {
        "svg",
        "title",
        "style",
        "rect",
        "g",
        "path",
        "polygon",
        "circle",
        "text",
        "tspan",
    }


def test_gif_shapes_and_background_pictures_are_embedded(
    a_kernel: Kernel, recorder: Recorder, tmp_path: Path
) -> None:
    gif = b"GIF89a" + struct.pack("<HH", 8, 6) + b"\x00\x00\x00"
    (tmp_path / "ant.gif").write_bytes(gif)
    ant = str(tmp_path / "ant.gif")
    code = fast(
        f"screen = turtle.Screen()\nscreen.register_shape({ant!r})\nscreen.bgpic({ant!r})\n"
        f"t.shape({ant!r})\nt.goto(20, 0)"
    )
    svg = drawn(a_kernel, recorder, code)
    pictures = all_of(svg, "image")
    url = "data:image/gif;base64," + base64.b64encode(gif).decode()
    assert [(p.get("href"), p.get("width"), p.get("height")) for p in pictures] == [
        (url, "8", "6"),
        (url, "8", "6"),
    ]
    (ant,) = turtles(svg)
    assert ant.get("transform") == "translate(20 0)"  # pictures do not turn


def test_a_picture_that_is_not_gif_or_png_is_refused_with_its_name(
    a_kernel: Kernel, recorder: Recorder, tmp_path: Path
) -> None:
    (tmp_path / "notes.gif").write_text("not a picture")
    code = f"import turtle\nturtle.Screen().bgpic({str(tmp_path / 'notes.gif')!r})"
    assert a_kernel.execute(code)["status"] == "error"
    assert recorder.traceback().endswith(
        "turtle.TurtleGraphicsError: 'notes.gif' is not a GIF or PNG image; "
        "the turtle can only show those."
    )


def test_odd_text_and_a_turtle_sent_to_infinity_still_make_a_valid_svg(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    code = fast(
        "t.write('a\\x01b \"q\" <&>', font=('My \"Font\"', 10))\n"
        "turtle.Screen().title('x\\x00y')\nt.forward(float('inf'))"
    )
    svg = drawn(a_kernel, recorder, code)  # parsed as XML
    (text,) = all_of(svg, "text")
    assert "".join(text.itertext()) == 'ab "q" <&>'
    assert text.get("font-family") == "'My \"Font\"', sans-serif"
    assert svg.findtext(NS + "title") == "xy"
    (path,) = all_of(svg, "path")
    assert subpaths(path.get("d", "")) == [[(0, 0), (1_000_000, 0)]]
