"""Errors: published before the reply, with a readable traceback of the user's code only."""

from __future__ import annotations

import re
import sys

import pytest

from ardoise.runtime import Kernel
from ardoise.runtime.compiler import CellRegistry
from ardoise.runtime.tracebacks import TracebackFormatter

from .conftest import Recorder

SEPARATOR = "-" * 75


def test_an_error_is_shown_as_ipython_shows_it(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("a = 1")
    a_kernel.execute("b = 2")
    reply = a_kernel.execute("x = 1\ny = x / 0")
    assert recorder.traceback() == (
        f"{SEPARATOR}\n"
        "ZeroDivisionError                         Traceback (most recent call last)\n"
        "Cell In[3], line 2\n"
        "      1 x = 1\n"
        "----> 2 y = x / 0\n"
        "\n"
        "ZeroDivisionError: division by zero"
    )
    assert reply["status"] == "error"
    assert reply["execution_count"] == 3
    assert (reply["ename"], reply["evalue"]) == ("ZeroDivisionError", "division by zero")


def test_the_error_is_published_before_the_reply_with_the_same_content(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("raise ValueError('bad value')")
    assert recorder.types() == ["error"]
    [error] = recorder.of_type("error")
    assert error == {k: reply[k] for k in ("ename", "evalue", "traceback")}
    assert all(isinstance(block, str) for block in error["traceback"])


def test_the_runtimes_own_frames_are_hidden(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("import sys\nsys.stdout.write(b'bytes')")
    text = recorder.traceback()
    assert "ardoise" not in text
    assert "runtime" not in text
    assert text.splitlines()[2] == "Cell In[1], line 2"
    assert text.count("line ") == 1  # the cell's frame, and no other


def test_a_function_from_an_earlier_cell_shows_both_cells(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("def f():\n    return 1 / 0")
    a_kernel.execute("f()")
    assert recorder.traceback() == (
        f"{SEPARATOR}\n"
        "ZeroDivisionError                         Traceback (most recent call last)\n"
        "Cell In[2], line 1\n"
        "----> 1 f()\n"
        "\n"
        "Cell In[1], line 2, in f()\n"
        "      1 def f():\n"
        "----> 2     return 1 / 0\n"
        "\n"
        "ZeroDivisionError: division by zero"
    )


def test_a_frame_names_its_function_and_parameters_as_ipython_does(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "class Point:\n"
        "    def move(self, dx, *more, scale=1, **options):\n"
        "        return dx / 0\n"
        "Point().move(1)"
    )
    assert "Cell In[1], line 3, in Point.move(self, dx, scale, *more, **options)\n" in (
        recorder.traceback()
    )


def test_context_lines_surround_the_failing_line(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("a = 1\nb = 2\nc = 3\nd = 4\nraise KeyError('k')\ne = 5\nf = 6\ng = 7")
    frame = recorder.of_type("error")[0]["traceback"][2]
    assert frame.splitlines() == [
        "Cell In[1], line 5",
        "      2 b = 2",
        "      3 c = 3",
        "      4 d = 4",
        "----> 5 raise KeyError('k')",
        "      6 e = 5",
        "      7 f = 6",
    ]


def test_long_cells_keep_the_arrow_aligned(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("\n" * 11 + "1/0")
    assert "---> 12 1/0" in recorder.traceback().splitlines()


def test_library_frames_show_file_line_and_function(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("import json\njson.loads('{')")
    text = recorder.traceback()
    assert "----> 2 json.loads('{')" in text
    assert re.search(
        r"^File .*json[/\\]__init__\.py:\d+, in loads\(s, cls, .*\*\*kw\)$", text, re.MULTILINE
    )
    assert re.search(r"^--> *\d+ +return _default_decoder\.decode\(s\)$", text, re.MULTILINE)
    assert text.endswith(
        "json.decoder.JSONDecodeError: Expecting property name enclosed in "
        "double quotes: line 1 column 2 (char 1)"
    )


def test_an_explicitly_chained_exception_shows_its_cause_first(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "try:\n    {}['key']\nexcept KeyError as error:\n    raise ValueError('bad') from error"
    )
    blocks = recorder.of_type("error")[0]["traceback"]
    text = "\n".join(blocks)
    assert (
        text.index("KeyError: 'key'")
        < text.index("The above exception was the direct cause of the following exception:")
        < text.index("ValueError: bad")
    )
    assert text.count(SEPARATOR) == 1
    assert "----> 2     {}['key']" in text
    assert "----> 4     raise ValueError('bad') from error" in text


def test_an_exception_raised_while_handling_another_shows_both(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("try:\n    1/0\nexcept ZeroDivisionError:\n    undefined_name")
    text = recorder.traceback()
    assert "During handling of the above exception, another exception occurred:" in text
    assert text.index("ZeroDivisionError: division by zero") < text.index("NameError")


def test_raise_from_none_hides_the_context(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "try:\n    1/0\nexcept ZeroDivisionError:\n    raise ValueError('x') from None"
    )
    text = recorder.traceback()
    assert "division by zero" not in text
    assert "During handling" not in text
    assert text.endswith("ValueError: x")


def test_a_cause_that_was_never_raised_is_just_its_message(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("raise RuntimeError('outer') from KeyError('inner')")
    blocks = recorder.of_type("error")[0]["traceback"]
    assert blocks[1] == "KeyError: 'inner'"
    assert blocks[3].startswith("RuntimeError ")


def test_an_exception_group_lists_its_members(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("raise ExceptionGroup('several', [ValueError('one'), TypeError('two')])")
    text = recorder.traceback()
    assert "ExceptionGroup: several (2 sub-exceptions)" in text
    assert "1 of 2" in text and "    ValueError: one" in text
    assert "2 of 2" in text and "    TypeError: two" in text


def test_a_syntax_error_shows_the_line_and_a_caret_without_frames(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("x = 1\nprint((1")
    assert recorder.of_type("error")[0]["traceback"] == [
        "  Cell In[1], line 2",
        "    print((1",
        "          ^",
        "SyntaxError: '(' was never closed",
    ]
    assert (reply["ename"], reply["evalue"]) == ("SyntaxError", "'(' was never closed")
    assert "x" not in a_kernel.user_ns  # nothing of a cell that does not compile runs


def test_the_caret_points_at_the_offending_column(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("x = = 1")
    blocks = recorder.of_type("error")[0]["traceback"]
    assert blocks[1:3] == ["    x = = 1", "        ^"]


def test_an_indentation_error_shows_where_the_block_is_missing(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("if True:\nprint(1)")
    blocks = recorder.of_type("error")[0]["traceback"]
    assert blocks[:2] == ["  Cell In[1], line 2", "    print(1)"]
    assert blocks[2].startswith("    ^")
    assert blocks[-1] == (
        "IndentationError: expected an indented block after 'if' statement on line 1"
    )
    assert reply["ename"] == "IndentationError"


def test_a_compiler_error_without_source_text_still_shows_the_line(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("x = 1\nreturn x")
    blocks = recorder.of_type("error")[0]["traceback"]
    assert blocks[0] == "  Cell In[1], line 2"
    assert blocks[1] == "    return x"
    assert blocks[-1] == "SyntaxError: 'return' outside function"


def test_system_exit_is_reported_and_the_kernel_goes_on(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("import sys\nsys.exit(3)")
    assert (reply["ename"], reply["evalue"]) == ("SystemExit", "3")
    assert recorder.traceback().endswith("SystemExit: 3")
    assert a_kernel.execute("'alive'")["status"] == "ok"
    assert recorder.results() == ["'alive'"]


@pytest.mark.skipif(sys.platform == "emscripten", reason="no threads to interrupt from")
def test_a_keyboard_interrupt_during_a_loop_is_reported(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    # interrupt_main raises KeyboardInterrupt in the main thread, as Pyodide's
    # interrupt buffer does; the loop ends by itself if it never comes.
    reply = a_kernel.execute(
        "import _thread, threading, time\n"
        "threading.Timer(0.05, _thread.interrupt_main).start()\n"
        "deadline = time.monotonic() + 5\n"
        "while time.monotonic() < deadline:\n"
        "    pass"
    )
    assert reply["status"] == "error"
    assert reply["ename"] == "KeyboardInterrupt"
    assert "Cell In[1], line" in recorder.traceback()
    assert a_kernel.execute("1")["status"] == "ok"


def test_a_keyboard_interrupt_raised_by_the_cell_is_reported(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("raise KeyboardInterrupt")
    assert (reply["ename"], reply["evalue"]) == ("KeyboardInterrupt", "")
    assert recorder.traceback().endswith("----> 1 raise KeyboardInterrupt\n\nKeyboardInterrupt")


def test_an_exception_whose_str_fails_is_still_reported(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute(
        "class Broken(Exception):\n    def __str__(self):\n        raise RuntimeError\n"
        "raise Broken()"
    )
    assert reply["ename"] == "Broken"
    assert reply["evalue"] == "<exception str() failed>"
    assert recorder.traceback().endswith("Broken: <exception str() failed>")


def test_errors_in_an_awaiting_cell_hide_the_event_loop(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("import asyncio\nawait asyncio.sleep(0)\n1/0")
    text = recorder.traceback()
    assert "asyncio" not in text.replace("import asyncio", "").replace("await asyncio", "")
    assert text.splitlines()[2] == "Cell In[1], line 3"


def test_tracebacks_keep_working_after_linecache_is_cleared(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("def f():\n    return 1 / 0")
    a_kernel.execute("import linecache\nlinecache.clearcache()\nf()")
    assert "----> 2     return 1 / 0" in recorder.traceback()


def test_tracebacks_have_no_colour(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("def f():\n    raise ValueError\nf()")
    a_kernel.execute("(")
    assert not any("\x1b" in "\n".join(e["traceback"]) for e in recorder.of_type("error"))


def test_colour_is_one_switch_on_the_formatter() -> None:
    cells = CellRegistry()
    filename = cells.register("1 / 0", "Cell In[1]")
    try:
        exec(compile("1 / 0", filename, "exec"), {})
    except ZeroDivisionError as error:
        coloured = TracebackFormatter(cells, color=True).format(error)
        plain = TracebackFormatter(cells).format(error)
    assert "\x1b[" in "\n".join(coloured)
    assert re.sub(r"\x1b\[\d+m", "", "\n".join(coloured)) == "\n".join(plain)


def test_the_last_error_is_kept_in_sys_like_the_repl(a_kernel: Kernel) -> None:
    a_kernel.execute("raise LookupError('remembered')")
    assert isinstance(sys.last_value, LookupError)
    assert sys.last_type is LookupError


@pytest.mark.skipif(sys.version_info < (3, 12), reason="suggestions come with Python 3.12")
def test_a_misspelt_name_gets_a_suggestion(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("counter = 1\ncountr + 1")
    assert recorder.traceback().endswith(
        "NameError: name 'countr' is not defined. Did you mean: 'counter'?"
    )
