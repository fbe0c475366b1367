"""Rich output: the mime bundle formatter, display() and clear_output()."""

from __future__ import annotations

import base64
import builtins
from collections.abc import Iterator
from typing import Any

import pytest

from ardoise import runtime
from ardoise.runtime import DisplayFormatter, Kernel, format_display_data
from ardoise.runtime.output import set_display_publisher

from .conftest import Recorder

RICH = """
class Rich:
    def __repr__(self):
        return 'Rich()'
    def _repr_html_(self):
        return '<b>rich</b>'
    def _repr_markdown_(self):
        return '**rich**'
    def _repr_svg_(self):
        return '<svg></svg>'
    def _repr_png_(self):
        return b'\\x89PNG'
    def _repr_jpeg_(self):
        return b'\\xff\\xd8'
    def _repr_latex_(self):
        return r'$\\alpha$'
    def _repr_json_(self):
        return {'rich': True}
"""


def test_an_object_with_rich_reprs_is_shown_in_every_form(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(RICH + "Rich()")
    [result] = recorder.of_type("execute_result")
    assert result["data"] == {
        "text/plain": "Rich()",
        "text/html": "<b>rich</b>",
        "text/markdown": "**rich**",
        "image/svg+xml": "<svg></svg>",
        "image/png": base64.b64encode(b"\x89PNG").decode(),
        "image/jpeg": base64.b64encode(b"\xff\xd8").decode(),
        "text/latex": r"$\alpha$",
        "application/json": {"rich": True},
    }
    assert result["metadata"] == {}


def test_a_failing_repr_html_falls_back_to_text_with_a_warning(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute(
        "class Fragile:\n"
        "    def __repr__(self):\n        return 'Fragile()'\n"
        "    def _repr_html_(self):\n        raise ValueError('no html today')\n"
        "Fragile()"
    )
    assert reply["status"] == "ok"
    assert recorder.of_type("execute_result")[0]["data"] == {"text/plain": "Fragile()"}
    warning = recorder.text("stderr")
    assert "Fragile._repr_html_() raised ValueError: no html today" in warning
    assert recorder.types() == ["stream", "execute_result"]  # the warning comes first


def test_a_failing_repr_still_shows_something(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "class NoRepr:\n    def __repr__(self):\n        raise RuntimeError('nope')\nNoRepr()"
    )
    [shown] = recorder.results()
    assert shown.startswith("<__main__.NoRepr object at 0x")
    assert "NoRepr.__repr__() raised RuntimeError: nope" in recorder.text("stderr")


def test_a_repr_returning_the_wrong_type_is_skipped_with_a_warning(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("class Odd:\n    def _repr_html_(self):\n        return 42\nOdd()")
    data = recorder.of_type("execute_result")[0]["data"]
    assert list(data) == ["text/plain"]
    assert "Odd._repr_html_() returned int" in recorder.text("stderr")


def test_a_repr_returning_none_declines_quietly() -> None:
    class Shy:
        def _repr_html_(self) -> None:
            return None

    data, _ = format_display_data(Shy())
    assert list(data) == ["text/plain"]


def test_repr_mimebundle_wins_and_other_reprs_fill_in() -> None:
    class Bundled:
        def _repr_mimebundle_(
            self, include: Any = None, exclude: Any = None
        ) -> tuple[dict[str, Any], dict[str, Any]]:
            return (
                {"text/html": "<i>bundle</i>", "image/png": b"png"},
                {"image/png": {"width": 10}},
            )

        def _repr_html_(self) -> str:
            return "<i>method</i>"

        def _repr_markdown_(self) -> str:
            return "*method*"

    data, metadata = format_display_data(Bundled())
    assert data["text/html"] == "<i>bundle</i>"
    assert data["image/png"] == base64.b64encode(b"png").decode()
    assert data["text/markdown"] == "*method*"
    assert data["text/plain"].startswith("<")
    assert metadata == {"image/png": {"width": 10}}


def test_a_repr_may_return_data_and_metadata() -> None:
    class Sized:
        def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
            return b"img", {"width": 3}

    data, metadata = format_display_data(Sized())
    assert data["image/png"] == base64.b64encode(b"img").decode()
    assert metadata == {"image/png": {"width": 3}}


def test_include_and_exclude_choose_mime_types() -> None:
    class Both:
        def _repr_html_(self) -> str:
            return "<p>"

        def _repr_markdown_(self) -> str:
            return "p"

    only_html, _ = format_display_data(Both(), include=["text/html"])
    no_html, _ = format_display_data(Both(), exclude=["text/html"])
    assert list(only_html) == ["text/html"]
    assert "text/html" not in no_html and "text/markdown" in no_html


def test_a_class_is_not_displayed_with_its_instances_reprs() -> None:
    class WithHtml:
        def _repr_html_(self) -> str:
            return "<b>instance</b>"

    data, _ = format_display_data(WithHtml)
    assert list(data) == ["text/plain"]


def test_objects_that_answer_every_attribute_are_shown_as_text() -> None:
    class Anything:
        def __getattr__(self, name: str) -> Any:
            return lambda *args, **kwargs: "<b>whatever</b>"

        def __repr__(self) -> str:
            return "Anything()"

    assert format_display_data(Anything()) == ({"text/plain": "Anything()"}, {})


def test_formatter_warnings_go_where_the_formatter_is_told() -> None:
    class Fails:
        def _repr_latex_(self) -> str:
            raise KeyError("latex")

    warnings: list[str] = []
    DisplayFormatter(warn=warnings.append).format(Fails())
    assert len(warnings) == 1 and "Fails._repr_latex_() raised KeyError" in warnings[0]


def test_display_publishes_display_data_for_each_object(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(RICH + "display(1, Rich())\nNone")
    first, second = recorder.of_type("display_data")
    assert first == {"data": {"text/plain": "1"}, "metadata": {}, "transient": {}}
    assert second["data"]["text/html"] == "<b>rich</b>"
    assert recorder.of_type("execute_result") == []


def test_display_is_a_builtin_only_while_a_cell_runs(a_kernel: Kernel) -> None:
    a_kernel.execute("from ardoise.runtime import display as imported\nsame = display is imported")
    assert a_kernel.user_ns["same"] is True
    assert not hasattr(builtins, "display")


def test_display_passes_metadata_transient_and_display_id(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "display('x', metadata={'isolated': True}, transient={'k': 1}, display_id='abc')"
    )
    [shown] = recorder.of_type("display_data")
    assert shown["metadata"] == {"isolated": True}
    assert shown["transient"] == {"k": 1, "display_id": "abc"}


def test_display_id_true_makes_up_an_id(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("display('x', display_id=True)")
    display_id = recorder.of_type("display_data")[0]["transient"]["display_id"]
    assert isinstance(display_id, str) and len(display_id) >= 16


def test_display_raw_publishes_bundles_as_given(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("display({'text/html': '<hr>', 'text/plain': '---'}, raw=True)")
    assert recorder.of_type("display_data")[0]["data"] == {"text/html": "<hr>", "text/plain": "---"}
    reply = a_kernel.execute("display('not a bundle', raw=True)")
    assert reply["ename"] == "TypeError"
    assert "display(raw=True) expects mime bundles" in reply["evalue"]


def test_clear_output_is_published_in_order(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "from ardoise.runtime import clear_output\n"
        "print('old')\nprint('older')\nclear_output()\nclear_output(wait=True)\nprint('new')"
    )
    seen = [(m.msg_type, m.content) for m in recorder.messages]
    assert seen == [
        ("stream", {"name": "stdout", "text": "old\n"}),
        ("stream", {"name": "stdout", "text": "older\n"}),
        ("clear_output", {"wait": False}),
        ("clear_output", {"wait": True}),
        ("stream", {"name": "stdout", "text": "new\n"}),
    ]


def test_display_with_clear_replaces_the_output(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("display('frame', clear=True)")
    assert recorder.types() == ["clear_output", "display_data"]
    assert recorder.of_type("clear_output") == [{"wait": True}]


def test_display_reaches_the_kernel_from_an_imported_module(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    runtime.display({"from": "module"})
    assert recorder.of_type("display_data")[0]["data"] == {"text/plain": "{'from': 'module'}"}


@pytest.fixture
def no_kernel_active() -> Iterator[None]:
    """No kernel for display() to publish through, as in a plain Python session."""
    previous = set_display_publisher(None)
    yield
    set_display_publisher(previous)


def test_display_outside_a_kernel_prints_the_text_form(
    no_kernel_active: None, capsys: pytest.CaptureFixture[str]
) -> None:
    runtime.display([1, 2])
    runtime.clear_output()  # nothing to clear: it does nothing
    assert capsys.readouterr().out == "[1, 2]\n"


def test_values_that_are_not_json_are_dropped_with_a_warning() -> None:
    class Odd:
        def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
            return {"text/html": "<p>fine</p>", "application/x-thing": object()}

        def _repr_json_(self) -> dict[str, Any]:
            return {"not": {1, 2}}

    warnings: list[str] = []
    data, _ = DisplayFormatter(warn=warnings.append).format(Odd())
    assert sorted(data) == ["text/html", "text/plain"]
    assert len(warnings) == 2
    assert "gave application/x-thing as object" in warnings[0]
    assert "Odd._repr_json_() returned dict" in warnings[1]


def test_very_long_containers_are_shown_on_one_line() -> None:
    data, _ = format_display_data(list(range(5000)))
    assert data["text/plain"] == repr(list(range(5000)))
