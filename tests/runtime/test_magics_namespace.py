"""%who, %who_ls, %whos and %reset: the variables the student defined."""

from __future__ import annotations

import pytest

from ardoise.runtime import Kernel

from .conftest import Recorder


@pytest.fixture
def some_variables(a_kernel: Kernel, recorder: Recorder) -> Kernel:
    """A kernel where a few variables of different types were defined."""
    a_kernel.execute("import math\ncount = 3\nname = 'Ada'\nitems = [1, 2, 3]\n_private = 1")
    a_kernel.execute("1 + 1")  # fills _, _2 and Out, which %who must not list
    recorder.clear()
    return a_kernel


def test_who_lists_the_students_variables_only(some_variables: Kernel, recorder: Recorder) -> None:
    some_variables.execute("%who")
    assert recorder.text() == "count\t items\t math\t name\t \n"


def test_who_filters_by_type_name(some_variables: Kernel, recorder: Recorder) -> None:
    some_variables.execute("%who int list")
    assert recorder.text() == "count\t items\t \n"


def test_who_says_when_there_is_nothing(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("%who")
    assert recorder.text() == "Interactive namespace is empty.\n"


def test_a_redefined_kernel_name_counts_as_the_students(a_kernel: Kernel) -> None:
    a_kernel.execute("In = 'mine'")
    a_kernel.execute("names = %who_ls")
    assert a_kernel.user_ns["names"] == ["In"]


def test_whos_prints_a_table_like_ipythons(some_variables: Kernel, recorder: Recorder) -> None:
    some_variables.execute("long_text = 'x' * 100\n%whos")
    lines = recorder.text().splitlines()
    assert lines[0] == "Variable    Type      Data/Info"
    assert lines[1] == "-" * 31
    assert lines[2] == "count       int       3"
    assert lines[3] == "items       list      n=3"
    assert lines[4] == "long_text   str       " + "x" * 25 + "<...>" + "x" * 25
    assert lines[5].startswith("math        module    <module 'math'")
    assert lines[6] == "name        str       Ada"


def test_reset_f_deletes_variables_and_outputs_but_keeps_inputs(
    some_variables: Kernel, recorder: Recorder
) -> None:
    some_variables.execute("%reset -f")
    assert "count" not in some_variables.user_ns
    assert some_variables.user_ns["Out"] == {}
    assert some_variables.user_ns["_"] == ""
    assert some_variables.user_ns["In"][-1] == "%reset -f"
    some_variables.execute("%who\n__name__")
    assert recorder.text() == "Interactive namespace is empty.\n"
    assert recorder.results() == ["'__main__'"]
    assert some_variables.execution_count == 4


def test_reset_s_keeps_the_output_history(some_variables: Kernel) -> None:
    some_variables.execute("%reset -f -s")
    assert "count" not in some_variables.user_ns
    assert some_variables.user_ns["Out"] == {2: 2}


class Answers:
    """A front end that answers every input() with the next of its answers, noting the questions."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []

    def __call__(self, prompt: str, password: bool) -> str:
        self.questions.append(prompt)
        return self.answers.pop(0)


def variables_in(kernel: Kernel, recorder: Recorder) -> Kernel:
    kernel.execute("count = 3")
    recorder.clear()
    return kernel


def test_reset_asks_first_and_does_nothing_without_a_yes(recorder: Recorder) -> None:
    answers = Answers("n")
    kernel = variables_in(Kernel(recorder, request_input=answers), recorder)
    kernel.execute("%reset")
    assert answers.questions == ["Once deleted, variables cannot be recovered. Proceed (y/[n])? "]
    assert kernel.user_ns["count"] == 3
    assert "Nothing done" in recorder.text()


def test_reset_with_a_yes_resets(recorder: Recorder) -> None:
    kernel = variables_in(Kernel(recorder, request_input=Answers("y")), recorder)
    kernel.execute("%reset")
    assert "count" not in kernel.user_ns


def test_reset_when_nobody_can_answer_does_nothing(recorder: Recorder) -> None:
    kernel = variables_in(Kernel(recorder), recorder)
    reply = kernel.execute("%reset")
    assert reply["status"] == "ok"
    assert kernel.user_ns["count"] == 3


def test_a_new_session_forgets_the_inputs_and_the_count(some_variables: Kernel) -> None:
    some_variables.shell.reset(new_session=True)
    assert some_variables.user_ns["In"] == [""]
    assert some_variables.execution_count == 0
    assert some_variables.execute("1")["execution_count"] == 1
