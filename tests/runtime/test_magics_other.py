"""%pip, the display cell magics, shell escapes, unknown magics and the compatibility magics."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ardoise.runtime import Kernel, _compat
from ardoise.runtime.magics.packages import parse_pip

from .conftest import Recorder


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], dict[str, object]]]:
    """What %pip asks the platform to install, instead of installing it."""
    calls: list[tuple[list[str], dict[str, object]]] = []
    monkeypatch.setattr(
        _compat, "pip_install", lambda names, **options: calls.append((names, options))
    )
    return calls


def test_pip_install_asks_the_platform_for_the_packages(
    a_kernel: Kernel, recorder: Recorder, installs: list[tuple[list[str], dict[str, object]]]
) -> None:
    reply = a_kernel.execute("%pip install absent-one 'absent-two>=23'")
    assert reply["status"] == "ok"
    assert installs == [
        (["absent-one", "absent-two>=23"], {"deps": True, "pre": False, "index_urls": None})
    ]
    assert recorder.text() == "Successfully installed absent-one absent-two>=23\n"


def test_pip_options_become_micropips(
    a_kernel: Kernel, recorder: Recorder, installs: list[tuple[list[str], dict[str, object]]]
) -> None:
    a_kernel.execute("%pip install -q -U --pre --no-deps --index-url=https://pkgs.example/simple x")
    assert installs == [
        (["x"], {"deps": False, "pre": True, "index_urls": ["https://pkgs.example/simple"]})
    ]
    assert recorder.text() == ""


@pytest.fixture
def an_installed_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The name of a distribution that importlib.metadata finds, at version 1.2."""
    info = tmp_path / "ardoise_fake_dist-1.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ardoise-fake-dist\nVersion: 1.2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return "ardoise-fake-dist"


def test_pip_does_not_ask_again_for_what_is_installed(
    a_kernel: Kernel,
    recorder: Recorder,
    installs: list[tuple[list[str], dict[str, object]]],
    an_installed_distribution: str,
) -> None:
    a_kernel.execute(f"%pip install {an_installed_distribution} absent-one")
    a_kernel.execute(f"%pip install {an_installed_distribution}==1.2")
    assert [names for names, _ in installs] == [["absent-one"]]
    assert recorder.text().count("Successfully installed") == 2


def test_the_worker_can_learn_what_a_cell_will_install_before_running_it(
    a_kernel: Kernel, an_installed_distribution: str
) -> None:
    cell = (
        "import math\n"
        f"%pip install -q {an_installed_distribution} absent-one\n"
        f"%pip install {an_installed_distribution}==2.0 'absent-two>=1'\n"
        "%pip list\n"
        'x = """\n%pip install not-a-magic\n"""\n'
        "for _ in range(1):\n    %pip install absent-three\n"
    )
    assert a_kernel.packages_to_install(cell) == [
        "absent-one",
        f"{an_installed_distribution}==2.0",
        "absent-two>=1",
        "absent-three",
    ]
    assert a_kernel.packages_to_install("print('no pip here')") == []
    assert a_kernel.packages_to_install("%pip install absent-one\nnot python (") == []


def test_pip_reads_a_requirements_file(tmp_path: Path) -> None:
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# course packages\nrich==13.7\n\n--no-binary :all:\nattrs  # why not\n"
    )
    assert parse_pip(f"install -r {requirements}").requirements == ["rich==13.7", "attrs"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("list", "%pip can only install packages in the browser"),
        ("", "%pip can only install packages in the browser"),
        ("install", "at least one package name"),
        ("install --target /tmp x", "unknown option '--target'"),
        ("install -r", "a value after -r"),
        ("install 'unclosed", "No closing quotation"),
    ],
)
def test_pip_misuse_is_one_usage_error_sentence(
    a_kernel: Kernel,
    installs: list[tuple[list[str], dict[str, object]]],
    line: str,
    message: str,
) -> None:
    reply = a_kernel.execute(f"%pip {line}")
    assert reply["ename"] == "UsageError"
    assert message in reply["evalue"]
    assert installs == []


@pytest.mark.skipif(_compat.IN_PYODIDE, reason="outside the browser only")
def test_pip_outside_the_browser_says_how_to_install_instead(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("%pip install rich")
    assert reply["ename"] == "UsageError"
    assert reply["evalue"].endswith("python -m pip install rich")
    assert recorder.traceback() == f"UsageError: {reply['evalue']}"


def test_conda_points_to_pip(a_kernel: Kernel) -> None:
    assert "use %pip install" in a_kernel.execute("%conda install numpy")["evalue"]


@pytest.mark.parametrize(
    ("magic", "mime", "shown"),
    [
        ("html", "text/html", "<b>bold</b>\n"),
        ("HTML", "text/html", "<b>bold</b>\n"),
        ("markdown", "text/markdown", "<b>bold</b>\n"),
        ("latex", "text/latex", "<b>bold</b>\n"),
        ("javascript", "application/javascript", "<b>bold</b>\n"),
        ("js", "application/javascript", "<b>bold</b>\n"),
    ],
)
def test_display_cell_magics_show_the_cell_in_their_format(
    a_kernel: Kernel, recorder: Recorder, magic: str, mime: str, shown: str
) -> None:
    a_kernel.execute(f"%%{magic}\n<b>bold</b>")
    [output] = recorder.of_type("display_data")
    assert output["data"][mime] == shown


def test_a_markdown_cell_starting_with_a_link_is_shown_not_downloaded(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("%%markdown\nhttps://example.org is where it is")
    assert recorder.of_type("display_data")[0]["data"]["text/markdown"].startswith("https://")


def test_svg_cell_magic_keeps_only_the_svg_element(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute('%%svg\n<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    data = recorder.of_type("display_data")[0]["data"]
    assert data["image/svg+xml"] == '<svg xmlns="http://www.w3.org/2000/svg"/>'


def test_javascript_says_in_plain_text_that_it_runs_apart_from_the_page(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute("%%javascript\nalert(1)")
    text = recorder.of_type("display_data")[0]["data"]["text/plain"]
    assert "runs in a sandbox, apart from the page" in text


@pytest.mark.parametrize(
    ("code", "command"),
    [("!ls -l", "ls -l"), ("files = !ls", "ls"), ("get_ipython().system('ls')", "ls")],
)
def test_shell_commands_fail_at_once_with_one_sentence(
    a_kernel: Kernel, recorder: Recorder, code: str, command: str
) -> None:
    reply = a_kernel.execute(code)
    assert reply["ename"] == "UsageError"
    assert reply["evalue"] == (
        f"Shell commands (!{command}) are not available in the browser: "
        "Python runs inside the web page."
    )
    assert recorder.traceback() == f"UsageError: {reply['evalue']}"


def test_pip_as_a_shell_command_points_to_the_magic(a_kernel: Kernel) -> None:
    assert a_kernel.execute("!pip install rich")["evalue"].endswith("Use %pip install instead.")


def test_an_unknown_line_magic_is_reported_as_ipython_does(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_kernel.execute("x = 1\n%foo bar\nx = 2")
    assert (reply["ename"], reply["evalue"]) == (
        "UsageError",
        "Line magic function `%foo` not found.",
    )
    assert recorder.traceback() == "UsageError: Line magic function `%foo` not found."
    assert a_kernel.user_ns["x"] == 1


def test_an_unknown_cell_magic_is_reported_as_ipython_does(a_kernel: Kernel) -> None:
    assert a_kernel.execute("%%foo\nx")["evalue"] == "Cell magic `%%foo` not found."


def test_matplotlib_inline_is_accepted_silently(a_kernel: Kernel, recorder: Recorder) -> None:
    assert a_kernel.execute("%matplotlib inline")["status"] == "ok"
    assert recorder.messages == []


def test_other_matplotlib_backends_get_a_note(a_kernel: Kernel, recorder: Recorder) -> None:
    assert a_kernel.execute("%matplotlib widget")["status"] == "ok"
    assert "'widget' backend is not available" in recorder.text()


@pytest.mark.parametrize(
    ("line", "note"),
    [
        ("%config InlineBackend.figure_format = 'retina'", "%config has no effect"),
        ("%load_ext autoreload", "extension 'autoreload' is not available"),
        ("%autoreload 2", "importlib.reload"),
        ("%load_ext no_such_extension_here", "no extension named 'no_such_extension_here'"),
        ("%load_ext json", "not an IPython extension"),
    ],
)
def test_compatibility_magics_leave_a_short_note_and_go_on(
    a_kernel: Kernel, recorder: Recorder, line: str, note: str
) -> None:
    reply = a_kernel.execute(f"{line}\nafter = True")
    assert reply["status"] == "ok"
    assert note in recorder.text()
    assert recorder.text().count("\n") == 1
    assert a_kernel.user_ns["after"] is True


def test_load_ext_loads_a_real_extension(
    a_kernel: Kernel, recorder: Recorder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "shouting.py").write_text(
        "def load_ipython_extension(ip):\n"
        "    ip.register_magic_function(lambda line: line.upper(), 'line', 'shout')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "shouting", raising=False)
    a_kernel.execute("%load_ext shouting")
    a_kernel.execute("%shout hello")
    assert recorder.results() == ["'HELLO'"]


def test_lsmagic_lists_line_and_cell_magics(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute("%lsmagic")
    [listing] = recorder.results()
    assert listing.startswith("Available line magics:\n%aimport  %autoreload  %cd")
    assert "\n\nAvailable cell magics:\n%%HTML  %%SVG  %%bash  %%file  %%html" in listing
    assert "%timeit" in listing


@pytest.mark.parametrize(
    ("code", "command"), [("%%bash\nls -l\n", "ls -l"), ("%%sh\n", ""), ("%sx ls", "ls")]
)
def test_magics_that_would_run_a_shell_say_why_they_cannot(
    a_kernel: Kernel, code: str, command: str
) -> None:
    reply = a_kernel.execute(code)
    assert reply["ename"] == "UsageError"
    assert reply["evalue"].startswith(f"Shell commands (!{command}) are not available")
