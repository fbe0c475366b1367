"""stdout and stderr while a cell runs: timely, batched, in order, restored afterwards."""

from __future__ import annotations

import sys
import time
from typing import Any

from ardoise.runtime import Kernel
from ardoise.runtime.streams import StreamPublisher

from .conftest import Recorder


def test_stdout_stderr_and_displays_arrive_in_the_order_they_were_written(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "import sys\n"
        "print('a')\n"
        "print('b')\n"
        "print('oops', file=sys.stderr)\n"
        "display('shown')\n"
        "print('c')\n"
        "'result'"
    )
    seen = [
        (m.msg_type, m.content.get("name"), m.content.get("text") or m.content.get("data"))
        for m in recorder.messages
    ]
    assert seen == [
        ("stream", "stdout", "a\n"),  # the first line of a cell goes out at once
        ("stream", "stdout", "b\n"),
        ("stream", "stderr", "oops\n"),
        ("display_data", None, {"text/plain": "'shown'"}),
        ("stream", "stdout", "c\n"),
        ("execute_result", None, {"text/plain": "'result'"}),
    ]


def test_a_hundred_thousand_prints_come_in_few_messages_with_every_character(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("for i in range(100_000):\n    print('line', i)")
    streams = recorder.of_type("stream")
    assert recorder.text() == "".join(f"line {i}\n" for i in range(100_000))
    assert 1 < len(streams) < 1_000


def test_a_line_printed_before_a_sleep_arrives_before_the_sleep_ends(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "import time\n"
        "print('first')\n"
        "print('second')\n"  # too soon after 'first' to be sent on its own
        "time.sleep(0.3)\n"
        "slept = time.monotonic()\n"
        "print('after')"
    )
    arrivals = {m.content["text"]: m.at for m in recorder.messages if m.msg_type == "stream"}
    assert arrivals["second\n"] < a_kernel.user_ns["slept"]
    assert recorder.text() == "first\nsecond\nafter\n"


def test_a_sleep_imported_by_name_keeps_flushing_in_later_cells(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("from time import sleep")
    a_kernel.execute(
        "print('one')\nprint('two')\nsleep(0.2)\nimport time\nslept = time.monotonic()"
    )
    [arrival] = [m.at for m in recorder.messages if "two" in m.content["text"]]
    assert arrival < a_kernel.user_ns["slept"]


def test_time_sleep_is_restored_after_the_cell(a_kernel: Kernel) -> None:
    original = time.sleep
    a_kernel.execute("import time\nduring = time.sleep")
    assert a_kernel.user_ns["during"] is not original
    assert time.sleep is original
    a_kernel.execute("import time\ntime.sleep(-1)")  # the wrapper keeps sleep's errors
    assert time.sleep is original


def test_print_with_flush_publishes_at_once(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("print('a')\nprint('b', end='', flush=True)\nprint('c', end='', flush=True)")
    assert [s["text"] for s in recorder.of_type("stream")] == ["a\n", "b", "c"]


def test_writing_something_else_than_text_raises_type_error(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("import sys\nsys.stdout.write(42)")
    assert reply["ename"] == "TypeError"
    assert reply["evalue"] == "write() argument must be str, not int"


def test_the_streams_look_like_text_files(a_kernel: Kernel) -> None:
    a_kernel.execute(
        "import sys\n"
        "facts = (sys.stdout.name, sys.stderr.name, sys.stdout.encoding,\n"
        "         sys.stdout.isatty(), sys.stdout.writable(), sys.stdout.write('abc'))"
    )
    assert a_kernel.user_ns["facts"] == ("stdout", "stderr", "utf-8", False, True, 3)


def test_the_real_streams_are_restored_after_a_cell_that_fails(a_kernel: Kernel) -> None:
    stdout, stderr = sys.stdout, sys.stderr
    reply = a_kernel.execute("import sys\nprint('x')\nraise ValueError('no')")
    assert reply["status"] == "error"
    assert sys.stdout is stdout
    assert sys.stderr is stderr


def test_a_cell_that_replaces_sys_stdout_does_not_keep_it(a_kernel: Kernel) -> None:
    stdout = sys.stdout
    a_kernel.execute("import io, sys\nsys.stdout = io.StringIO()")
    assert sys.stdout is stdout


def test_a_cell_that_closes_sys_stdout_does_not_silence_the_next(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("import sys\nsys.stdout.close()")
    a_kernel.execute("print('still here')")
    assert recorder.text() == "still here\n"


def test_output_buffered_before_an_error_is_published_before_the_error(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("print('first')\nprint('second')\n1/0")
    assert recorder.types() == ["stream", "stream", "error"]
    assert recorder.text() == "first\nsecond\n"


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def a_publisher(clock: FakeClock, **options: Any) -> tuple[StreamPublisher, list[str]]:
    sent: list[str] = []
    publisher = StreamPublisher(
        lambda _type, content: sent.append(content["text"]), clock=clock, **options
    )
    return publisher, sent


def test_complete_lines_are_sent_once_the_interval_has_passed() -> None:
    clock = FakeClock()
    publisher, sent = a_publisher(clock, interval=0.03)
    publisher.write("stdout", "a\n")  # first line: at once
    clock.now += 0.01
    publisher.write("stdout", "b\n")
    publisher.write("stdout", "partial")
    clock.now += 0.05
    publisher.write("stdout", " line")  # time is up, but the line is not complete
    assert sent == ["a\n"]
    publisher.write("stdout", "\n")
    assert sent == ["a\n", "b\npartial line\n"]


def test_a_full_buffer_is_sent_even_without_a_newline() -> None:
    clock = FakeClock()  # time never passes: only the size can trigger a send
    publisher, sent = a_publisher(clock, max_buffer=100)
    for _ in range(25):
        publisher.write("stdout", "x" * 10)
    assert [len(text) for text in sent] == [100, 100]
    publisher.flush()
    assert "".join(sent) == "x" * 250


def test_switching_streams_sends_what_the_other_stream_holds() -> None:
    clock = FakeClock()
    publisher, sent = a_publisher(clock)
    publisher.write("stdout", "out")
    publisher.write("stderr", "err")
    publisher.write("stdout", "out again")
    publisher.flush()
    assert sent == ["out", "err", "out again"]


def test_text_printed_by_the_publish_callback_itself_is_not_lost() -> None:
    sent: list[str] = []
    publisher: StreamPublisher

    def publish(_type: str, content: dict[str, Any]) -> None:
        sent.append(content["text"])
        if len(sent) == 1:
            publisher.write("stdout", "echo\n")

    publisher = StreamPublisher(publish, clock=FakeClock())
    publisher.write("stdout", "hello\n")
    publisher.flush()
    assert sent == ["hello\n", "echo\n"]
