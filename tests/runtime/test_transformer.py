"""IPython's syntax (magics, shell escapes, help) becomes Python before a cell compiles."""

from __future__ import annotations

import pytest

from ardoise.runtime.transformer import transform_cell

MAGIC = "get_ipython().run_line_magic"


@pytest.mark.parametrize(
    ("typed", "python"),
    [
        ("%time x", f"{MAGIC}('time', 'x')"),
        ("%timeit  -n 3   f(x) ", f"{MAGIC}('timeit', '-n 3   f(x)')"),
        ("%who", f"{MAGIC}('who', '')"),
        ("x = %time 1 + 1", f"x = {MAGIC}('time', '1 + 1')"),
        ("data[0] = %pwd", f"data[0] = {MAGIC}('pwd', '')"),
        ("!ls -l", "get_ipython().system('ls -l')"),
        ("!!ls", "get_ipython().getoutput('ls')"),
        ("files = !ls *.csv", "files = get_ipython().getoutput('ls *.csv')"),
        ("a, b = !ls", "a, b = get_ipython().getoutput('ls')"),
        ("len?", f"{MAGIC}('pinfo', 'len')"),
        ("?len", f"{MAGIC}('pinfo', 'len')"),
        ("math.sqrt??", f"{MAGIC}('pinfo2', 'math.sqrt')"),
        ("??math.sqrt", f"{MAGIC}('pinfo2', 'math.sqrt')"),
        ("data[0]?", f"{MAGIC}('pinfo', 'data[0]')"),
        ("%time?", f"{MAGIC}('pinfo', '%time')"),
    ],
)
def test_a_line_of_ipython_syntax_becomes_a_call_on_the_shell(typed: str, python: str) -> None:
    assert transform_cell(typed) == python


@pytest.mark.parametrize(
    "code",
    [
        "x = 10 % 3",
        "print('%d%%' % 5)",
        "s = '''\n%time\n!ls\n'''",
        "f(\n    %x,\n)",
        "print(a)  # what is a?",
        "x = '?'",
        "a != b",
        "x = 1 \\\n    % 2",
        "x ? y",
    ],
)
def test_python_that_merely_looks_like_ipython_syntax_is_left_alone(code: str) -> None:
    assert transform_cell(code) == code


def test_magics_inside_blocks_keep_their_indentation() -> None:
    code = "for i in range(3):\n    %time f(i)\n    !ls\n"
    assert transform_cell(code) == (
        f"for i in range(3):\n    {MAGIC}('time', 'f(i)')\n    get_ipython().system('ls')\n"
    )


def test_a_cell_magic_takes_the_whole_cell_with_a_final_newline() -> None:
    assert transform_cell("%%timeit -n 10 x = 1\nx + 1") == (
        "get_ipython().run_cell_magic('timeit', '-n 10 x = 1', 'x + 1\\n')\n"
    )


def test_blank_lines_before_a_cell_magic_are_kept_so_line_numbers_match() -> None:
    assert transform_cell("\n\n%%html\n<b>hi</b>\n") == (
        "\n\nget_ipython().run_cell_magic('html', '', '<b>hi</b>\\n')\n"
    )


def test_the_body_of_a_cell_magic_is_not_transformed_by_the_cell() -> None:
    assert transform_cell("%%writefile run.sh\n!echo hi\n%who\n") == (
        "get_ipython().run_cell_magic('writefile', 'run.sh', '!echo hi\\n%who\\n')\n"
    )


def test_a_cell_magic_on_a_later_line_is_not_one() -> None:
    assert transform_cell("x = 1\n%%time\n") == "x = 1\n%%time\n"


def test_a_semicolon_after_a_line_magic_still_hides_its_result() -> None:
    assert transform_cell("%time f();") == f"{MAGIC}('time', 'f()');"


def test_every_line_stays_on_its_line() -> None:
    code = "a = 1\n%who\nb = !ls\n\nlen?\nc = 3"
    assert len(transform_cell(code).splitlines()) == len(code.splitlines())


def test_a_cell_pasted_with_indentation_runs_as_ipython_allows() -> None:
    assert transform_cell("    x = 1\n    %who\n") == f"x = 1\n{MAGIC}('who', '')\n"


def test_arguments_with_quotes_survive_as_one_string() -> None:
    assert transform_cell("%run 'my script.py' \"arg\"") == (
        f"{MAGIC}('run', '\\'my script.py\\' \"arg\"')"
    )
