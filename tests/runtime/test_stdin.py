"""input() and getpass.getpass() in cells, answered through the kernel's request_input."""

from __future__ import annotations

import builtins
import getpass
from dataclasses import dataclass, field
from typing import Any

import pytest

from ardoise.runtime import Kernel
from ardoise.runtime._compat import IN_PYODIDE
from ardoise.runtime.stdin import StdinNotImplementedError

from .conftest import Recorder


@dataclass
class Keyboard:
    """A front end that answers each input_request with the next of its lines."""

    lines: list[str]
    requests: list[tuple[str, bool]] = field(default_factory=list)

    def __call__(self, prompt: str, password: bool) -> str:
        self.requests.append((prompt, password))
        return self.lines.pop(0)


def a_kernel_answered_by(keyboard: Keyboard, recorder: Recorder) -> Kernel:
    return Kernel(recorder, request_input=keyboard)


def test_input_returns_the_line_the_front_end_answers(recorder: Recorder) -> None:
    keyboard = Keyboard(["Ada"])
    kernel = a_kernel_answered_by(keyboard, recorder)
    reply = kernel.execute("name = input('Your name: ')\nprint('Hello', name)")
    assert reply["status"] == "ok"
    assert keyboard.requests == [("Your name: ", False)]
    assert recorder.text() == "Hello Ada\n"


def test_input_in_a_loop_asks_once_per_call_in_order(recorder: Recorder) -> None:
    keyboard = Keyboard(["3", "4", "5"])
    kernel = a_kernel_answered_by(keyboard, recorder)
    kernel.execute("total = 0\nfor i in range(3):\n    total += int(input(f'n{i}? '))\ntotal")
    assert keyboard.requests == [("n0? ", False), ("n1? ", False), ("n2? ", False)]
    assert recorder.results() == ["12"]


def test_what_the_cell_printed_is_published_before_the_question() -> None:
    events: list[tuple[str, Any]] = []

    def publish(msg_type: str, content: dict[str, Any]) -> None:
        events.append((msg_type, content.get("text")))

    def ask(prompt: str, password: bool) -> str:
        events.append(("input_request", prompt))
        return "yes"

    Kernel(publish, request_input=ask).execute(
        "print('about to ask')\ninput('ok? ')\nprint('done')"
    )
    assert events == [
        ("stream", "about to ask\n"),
        ("input_request", "ok? "),
        ("stream", "done\n"),
    ]


def test_the_prompt_is_any_object_shown_as_text(recorder: Recorder) -> None:
    keyboard = Keyboard(["x"])
    a_kernel_answered_by(keyboard, recorder).execute("input(42)")
    assert keyboard.requests == [("42", False)]


def test_getpass_asks_for_a_password_with_its_usual_prompt(recorder: Recorder) -> None:
    keyboard = Keyboard(["s3cret", "again"])
    kernel = a_kernel_answered_by(keyboard, recorder)
    kernel.execute("import getpass\nsecret = getpass.getpass()\nother = getpass.getpass('PIN: ')")
    assert keyboard.requests == [("Password: ", True), ("PIN: ", True)]
    assert kernel.user_ns["secret"] == "s3cret"
    assert kernel.user_ns["other"] == "again"


def test_getpass_imported_in_an_earlier_cell_still_asks(recorder: Recorder) -> None:
    keyboard = Keyboard(["later"])
    kernel = a_kernel_answered_by(keyboard, recorder)
    kernel.execute("from getpass import getpass")
    kernel.execute("value = getpass('Token: ')")
    assert kernel.user_ns["value"] == "later"
    assert keyboard.requests == [("Token: ", True)]


def test_stop_while_waiting_is_a_keyboard_interrupt_at_the_students_line(
    recorder: Recorder,
) -> None:
    def stopped(prompt: str, password: bool) -> None:
        return None  # what the worker answers when Stop is pressed during input()

    kernel = Kernel(recorder, request_input=stopped)
    kernel.execute("kept = 42")
    reply = kernel.execute("answer = input('waiting: ')")
    assert reply["status"] == "error"
    assert reply["ename"] == "KeyboardInterrupt"
    traceback = recorder.traceback()
    assert "----> 1 answer = input('waiting: ')" in traceback
    # Nothing but the cell: no frame of the runtime or of the front end.
    assert "File " not in traceback
    assert kernel.user_ns["kept"] == 42
    assert "answer" not in kernel.user_ns


def test_without_a_way_to_ask_input_says_why_in_one_sentence(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("input('name? ')")
    assert reply["ename"] == "StdinNotImplementedError"
    if IN_PYODIDE:
        assert "not cross-origin isolated" in reply["evalue"]
    else:
        assert "request_input" in reply["evalue"]
    assert reply["evalue"].count(". ") == 0  # one sentence


def test_the_error_is_the_one_ipython_raises_and_a_runtime_error(a_kernel: Kernel) -> None:
    a_kernel.execute("try:\n    input()\nexcept NotImplementedError as error:\n    caught = error")
    assert isinstance(a_kernel.user_ns["caught"], StdinNotImplementedError)
    assert isinstance(a_kernel.user_ns["caught"], RuntimeError)


def test_input_and_getpass_are_put_back_after_the_cell(recorder: Recorder) -> None:
    before = builtins.input, getpass.getpass
    a_kernel_answered_by(Keyboard(["a"]), recorder).execute("input()")
    assert (builtins.input, getpass.getpass) == before


def test_input_called_after_the_cell_ended_says_so(recorder: Recorder) -> None:
    kernel = a_kernel_answered_by(Keyboard([]), recorder)
    kernel.execute("ask = input")
    with pytest.raises(StdinNotImplementedError, match="while a cell is running"):
        kernel.user_ns["ask"]("too late? ")


def test_request_input_must_be_a_function(recorder: Recorder) -> None:
    with pytest.raises(TypeError, match=r"request_input\(prompt, password\)"):
        Kernel(recorder, request_input="Ada")  # type: ignore[arg-type]
