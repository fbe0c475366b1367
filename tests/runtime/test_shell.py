"""get_ipython(): the shell object that notebooks and libraries use, and history with magics."""

from __future__ import annotations

import builtins

from ardoise.runtime import Kernel
from ardoise.runtime.ipython.core import get_ipython
from ardoise.runtime.shell import InteractiveShell

from .conftest import Recorder


def test_get_ipython_is_a_builtin_while_cells_run(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("shell = get_ipython()\nshell.user_ns is globals()")
    assert recorder.results() == ["True"]
    assert isinstance(a_kernel.user_ns["shell"], InteractiveShell)
    assert not hasattr(builtins, "get_ipython")


def test_the_ipython_module_finds_the_active_shell_even_outside_a_cell(a_kernel: Kernel) -> None:
    assert get_ipython() is a_kernel.shell
    other = Kernel(Recorder())
    assert get_ipython() is other.shell
    a_kernel.execute("pass")
    assert get_ipython() is a_kernel.shell


def test_the_shell_has_the_parts_libraries_look_for(a_kernel: Kernel) -> None:
    shell = a_kernel.shell
    assert shell.kernel is None
    assert shell.config == {}
    assert shell.display_formatter is a_kernel.formatter
    assert shell.display_formatter.format(1)[0] == {"text/plain": "1"}
    shell.enable_gui("inline")  # matplotlib calls it; it must not fail


def test_run_cell_runs_a_cell_inside_a_cell(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("result = get_ipython().run_cell('%time 6 * 7')")
    result = a_kernel.user_ns["result"]
    assert result.success and result.result == 42
    assert recorder.results() == ["42"]
    assert a_kernel.execution_count == 1  # run_cell stores no history by default


def test_run_cell_reports_an_error_without_raising(a_kernel: Kernel, recorder: Recorder) -> None:
    reply = a_kernel.execute("result = get_ipython().run_cell('1 / 0')\nafter = True")
    assert reply["status"] == "ok"
    assert isinstance(a_kernel.user_ns["result"].error_in_exec, ZeroDivisionError)
    assert a_kernel.user_ns["after"] is True
    assert recorder.of_type("error")[0]["ename"] == "ZeroDivisionError"


def test_line_and_cell_magics_can_be_called_as_methods(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "ip = get_ipython()\n"
        "folder = ip.run_line_magic('pwd', '')\n"
        "old = ip.magic('who_ls')\n"
        "ip.run_cell_magic('html', '', '<p>hi</p>')"
    )
    assert isinstance(a_kernel.user_ns["folder"], str)
    assert a_kernel.user_ns["old"] == ["folder", "ip"]
    assert recorder.of_type("display_data")[0]["data"]["text/html"] == "<p>hi</p>"


def test_getoutput_and_system_refuse_with_the_same_sentence(a_kernel: Kernel) -> None:
    reply = a_kernel.execute("get_ipython().getoutput('echo hi')")
    assert reply["evalue"].startswith("Shell commands (!echo hi) are not available")


def test_events_run_around_each_cell_and_know_how_it_went(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "seen = []\n"
        "ip = get_ipython()\n"
        "ip.events.register('pre_run_cell', lambda info: seen.append(('pre', info.raw_cell)))\n"
        "ip.events.register('post_execute', lambda: seen.append('post_execute'))\n"
        "ip.events.register('post_run_cell', lambda r: seen.append(('post', r.success)))"
    )
    a_kernel.execute("1 / 0")
    a_kernel.execute("x = 1", silent=True)
    assert a_kernel.user_ns["seen"] == [
        "post_execute",  # the registering cell itself ends
        ("post", True),
        ("pre", "1 / 0"),
        "post_execute",
        ("post", False),
        "post_execute",  # silent: only the *_execute events
    ]


def test_a_failing_callback_is_reported_and_the_cell_goes_on(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("get_ipython().events.register('post_execute', lambda: 1 / 0)")
    reply = a_kernel.execute("x = 5")
    assert reply["status"] == "ok"
    assert "Error in callback" in recorder.text("stderr")
    assert "ZeroDivisionError" in recorder.text("stderr")


def test_an_unknown_event_is_refused_with_the_list_of_events(a_kernel: Kernel) -> None:
    reply = a_kernel.execute("get_ipython().events.register('post_cell', print)")
    assert reply["ename"] == "KeyError"
    assert "pre_run_cell" in reply["evalue"]


def test_magics_registered_with_the_ipython_decorators_can_be_used(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "from ardoise.runtime.ipython.magic import register_cell_magic, register_line_magic\n"
        "@register_line_magic\n"
        "def shout(line):\n    return line.upper()\n"
        "@register_cell_magic('count_lines')\n"
        "def lines(line, cell):\n    return len(cell.splitlines())"
    )
    a_kernel.execute("%shout hi")
    a_kernel.execute("%%count_lines\na\nb\nc")
    assert recorder.results() == ["'HI'", "3"]


def test_a_magics_class_registers_its_marked_methods(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "from ardoise.runtime.ipython.magic import Magics, magics_class, line_magic, cell_magic\n"
        "@magics_class\n"
        "class Echo(Magics):\n"
        "    @line_magic\n"
        "    def echo(self, line):\n        return (self.shell is get_ipython(), line)\n"
        "    @cell_magic('twice')\n"
        "    def double(self, line, cell):\n        return cell * 2\n"
        "get_ipython().register_magics(Echo)"
    )
    a_kernel.execute("%echo x")
    a_kernel.execute("%%twice\nab")
    assert recorder.results() == ["(True, 'x')", "'ab\\nab\\n'"]


def test_in_holds_magics_as_typed_and_underscore_their_results(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("%time 40 + 2")
    a_kernel.execute("len?")
    a_kernel.execute("x = %pwd")
    a_kernel.execute("(_, _1, Out[1], In[1:], _i, _ii)")
    underscore, first, out, inputs, last, before = a_kernel.user_ns["_"]
    assert (underscore, first, out) == (42, 42, 42)
    assert inputs == ["%time 40 + 2", "len?", "x = %pwd", "(_, _1, Out[1], In[1:], _i, _ii)"]
    assert (last, before) == ("x = %pwd", "len?")
    assert (a_kernel.user_ns["__"], a_kernel.user_ns["___"]) == (42, "")


def test_push_ev_and_ex_work_on_the_notebooks_namespace(a_kernel: Kernel) -> None:
    shell = a_kernel.shell
    shell.push({"base": 10})
    shell.ex("total = base + 1")
    assert shell.ev("total * 2") == 22
    shell.del_var("total")
    assert "total" not in a_kernel.user_ns


def test_the_magics_table_is_reachable_as_in_ipython(a_kernel: Kernel) -> None:
    a_kernel.execute("names = sorted(get_ipython().magics_manager.magics['cell'])[:2]")
    assert a_kernel.user_ns["names"] == ["HTML", "SVG"]
