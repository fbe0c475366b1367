"""Help on objects: Kernel.inspect (Shift+Tab) and name? / name?? in cells."""

from __future__ import annotations

import pytest

from ardoise.runtime import Kernel
from ardoise.runtime.inspection import name_at_cursor

from .conftest import Recorder

AREA = '''
def area(radius, *, precise=False):
    """The area of a disc."""
    return 3.14 * radius ** 2
'''


@pytest.fixture
def a_notebook(a_kernel: Kernel, recorder: Recorder) -> Kernel:
    """A kernel where a function, a class and a value were defined."""
    a_kernel.execute(
        AREA + "import math\n"
        "class Robot:\n"
        "    '''Moves around.'''\n"
        "    def __init__(self, name):\n"
        "        '''Build a robot called name.'''\n"
        "    @property\n"
        "    def battery(self):\n"
        "        raise RuntimeError('a property ran')\n"
        "robot = Robot('r2')\n"
        "count = 3"
    )
    recorder.clear()
    return a_kernel


@pytest.mark.parametrize(
    ("code", "cursor", "name"),
    [
        ("math.sqrt", 9, "math.sqrt"),
        ("math.sqrt", 2, "math"),
        ("math.sqrt(", 10, "math.sqrt"),
        ("area(2, prec", 12, "area"),
        ("print(len(x", 11, "len"),
        ("print(len(x))", 13, None),
        ("f(')', ", 7, "f"),
        ("f([1, 2", 7, None),
        ("data['k'].upper", 15, "data['k'].upper"),
        ("x = 1 + ", 8, None),
        ("area\n", 5, None),
    ],
)
def test_the_name_at_the_cursor_or_the_function_being_called(
    code: str, cursor: int, name: str | None
) -> None:
    assert name_at_cursor(code, cursor) == name


def test_inspect_gives_the_signature_docstring_file_and_type(a_notebook: Kernel) -> None:
    reply = a_notebook.inspect("area(", 5)
    assert reply == {
        "status": "ok",
        "found": True,
        "data": {
            "text/plain": "Signature: area(radius, *, precise=False)\n"
            "Docstring: The area of a disc.\n"
            "File:      Cell In[1]\n"
            "Type:      function"
        },
        "metadata": {},
    }


def test_detail_level_one_shows_the_source(a_notebook: Kernel) -> None:
    text = a_notebook.inspect("area", 4, detail_level=1)["data"]["text/plain"]
    assert text.startswith("Signature: area(radius, *, precise=False)\nSource:\ndef area(radius")
    assert "return 3.14 * radius ** 2\nFile:      Cell In[1]" in text


def test_a_class_shows_its_init_signature_and_docstrings(a_notebook: Kernel) -> None:
    text = a_notebook.inspect("Robot(", 6)["data"]["text/plain"]
    assert text.splitlines() == [
        "Init signature: Robot(name)",
        "Docstring:      Moves around.",
        "Init docstring: Build a robot called name.",
        "File:           Cell In[1]",
        "Type:           type",
    ]


def test_a_builtin_shows_what_it_has(a_notebook: Kernel) -> None:
    text = a_notebook.inspect("math.sqrt", 9)["data"]["text/plain"]
    assert text.splitlines() == [
        "Signature: math.sqrt(x, /)",
        "Docstring: Return the square root of x.",
        "Type:      builtin_function_or_method",
    ]


def test_a_plain_value_shows_its_type_and_string_form(a_notebook: Kernel) -> None:
    text = a_notebook.inspect("count", 5)["data"]["text/plain"]
    assert text.startswith("Type:        int\nString form: 3\nDocstring:\nint([x]) -> integer")


def test_an_instance_is_described_without_running_its_code(a_notebook: Kernel) -> None:
    a_notebook.execute(
        "class Loud:\n    def __str__(self):\n        raise RuntimeError('str ran')\n"
        "    def __len__(self):\n        raise RuntimeError('len ran')\nloud = Loud()"
    )
    text = a_notebook.inspect("loud", 4)["data"]["text/plain"]
    assert text.splitlines()[0] == "Type:      Loud"
    assert "String form" not in text


def test_inspect_never_runs_a_property(a_notebook: Kernel) -> None:
    assert a_notebook.inspect("robot.battery", 13)["found"] is False


def test_nothing_found_is_an_empty_ok_reply(a_notebook: Kernel) -> None:
    expected = {"status": "ok", "found": False, "data": {}, "metadata": {}}
    assert a_notebook.inspect("nothing_here", 12) == expected
    assert a_notebook.inspect("", 0) == expected


def test_a_question_mark_shows_the_help_as_output(a_notebook: Kernel, recorder: Recorder) -> None:
    reply = a_notebook.execute("area?")
    assert reply["status"] == "ok"
    [help_output] = recorder.of_type("display_data")
    assert help_output["data"] == {
        "text/plain": "Signature: area(radius, *, precise=False)\n"
        "Docstring: The area of a disc.\n"
        "File:      Cell In[1]\n"
        "Type:      function"
    }


def test_two_question_marks_show_the_source(a_notebook: Kernel, recorder: Recorder) -> None:
    a_notebook.execute("??area")
    text = recorder.of_type("display_data")[0]["data"]["text/plain"]
    assert "Source:\ndef area(radius, *, precise=False):" in text


def test_help_may_read_properties_since_the_student_asked(
    a_notebook: Kernel, recorder: Recorder
) -> None:
    a_notebook.execute("robot.name = 'r2'\nrobot.name?")
    assert recorder.of_type("display_data")[0]["data"]["text/plain"].startswith(
        "Type:        str\nString form: r2\nLength:      2\n"
    )


def test_help_on_an_unknown_name_says_so(a_notebook: Kernel, recorder: Recorder) -> None:
    a_notebook.execute("nothing_here?")
    assert recorder.text() == "Object `nothing_here` not found.\n"


def test_help_on_a_magic_shows_its_docstring(a_notebook: Kernel, recorder: Recorder) -> None:
    a_notebook.execute("%timeit?")
    text = recorder.of_type("display_data")[0]["data"]["text/plain"]
    assert text.startswith("Docstring:\nTime a statement many times")
    assert text.endswith("Type:      Magic function")
