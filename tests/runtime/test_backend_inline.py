"""matplotlib figures appear under the cell as PNG images, as in Jupyter.

These need matplotlib, which is not a test dependency (it weighs about
170 MB with numpy); without it they are skipped. Run them with
``pip install matplotlib``.
"""

from __future__ import annotations

import base64
import importlib.util
import os
from collections.abc import Iterator

import pytest

from ardoise.runtime import Kernel
from ardoise.runtime.kernel import INLINE_BACKEND

from .conftest import Recorder

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None,
    reason="matplotlib is not installed (pip install matplotlib to run these tests)",
)
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def a_plotting_kernel(recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> Iterator[Kernel]:
    """A kernel started with no MPLBACKEND, as in the browser; its figures closed after."""
    monkeypatch.setenv("MPLBACKEND", "unset")
    monkeypatch.delenv("MPLBACKEND")
    kernel = Kernel(recorder)
    yield kernel
    kernel.execute("import matplotlib.pyplot as plt; plt.close('all')")


def images(recorder: Recorder, msg_type: str = "display_data") -> list[bytes]:
    return [
        base64.b64decode(content["data"]["image/png"])
        for content in recorder.of_type(msg_type)
        if "image/png" in content["data"]
    ]


def test_the_kernel_makes_the_inline_backend_matplotlibs_default(
    a_plotting_kernel: Kernel, recorder: Recorder
) -> None:
    assert os.environ["MPLBACKEND"] == INLINE_BACKEND
    a_plotting_kernel.execute(
        "import matplotlib, matplotlib.pyplot as plt\nplt.figure()\nprint(matplotlib.get_backend())"
    )
    assert recorder.text() == f"{INLINE_BACKEND}\n"


def test_a_figure_left_open_is_shown_once_at_the_end_of_the_cell_and_closed(
    a_plotting_kernel: Kernel, recorder: Recorder
) -> None:
    reply = a_plotting_kernel.execute(
        "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nprint('drawn')"
    )
    assert reply["status"] == "ok"
    assert recorder.types()[-2:] == ["stream", "display_data"]  # after the cell's own output
    [image] = images(recorder)
    assert image.startswith(PNG)
    assert recorder.of_type("display_data")[0]["data"]["text/plain"].startswith("<Figure size")
    recorder.clear()
    a_plotting_kernel.execute("print(plt.get_fignums())")
    assert recorder.text() == "[]\n"
    assert images(recorder) == []


def test_show_displays_the_figure_where_it_is_called(
    a_plotting_kernel: Kernel, recorder: Recorder
) -> None:
    a_plotting_kernel.execute(
        "import matplotlib.pyplot as plt\n"
        "plt.plot([1, 2])\nplt.show()\nprint('between')\nplt.bar([1, 2], [3, 4]);\n"
    )
    assert recorder.types() == ["display_data", "stream", "display_data"]
    assert len({image for image in images(recorder)}) == 2


def test_a_figure_as_the_last_expression_shows_as_its_image(
    a_plotting_kernel: Kernel, recorder: Recorder
) -> None:
    a_plotting_kernel.execute(
        "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([0, 1])\nplt.close(fig)"
    )
    recorder.clear()
    a_plotting_kernel.execute("fig")
    [image] = images(recorder, "execute_result")
    assert image.startswith(PNG)


def test_cells_that_do_not_plot_show_no_image(
    a_plotting_kernel: Kernel, recorder: Recorder
) -> None:
    a_plotting_kernel.execute("import matplotlib.pyplot as plt\nx = 1")
    assert images(recorder) == []


def test_figures_wait_for_show_when_interactive_mode_is_off(
    a_plotting_kernel: Kernel, recorder: Recorder
) -> None:
    a_plotting_kernel.execute("import matplotlib.pyplot as plt\nplt.figure()\nplt.close()")
    a_plotting_kernel.execute("plt.ioff()\nplt.plot([1, 2]);")
    assert images(recorder) == []
    a_plotting_kernel.execute("plt.show()\nplt.ion()")
    assert len(images(recorder)) == 1
