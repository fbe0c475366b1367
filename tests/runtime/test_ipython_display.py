"""The IPython.display stand-in: display objects, display handles, and its registration."""

from __future__ import annotations

import base64
import importlib.util
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ardoise.runtime import Kernel, format_display_data, ipython
from ardoise.runtime.ipython import display as ipd

from .conftest import Recorder

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + struct.pack(">II", 20, 10) + b"\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
JPEG += b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", 30, 40) + b"\x03\x01\x22\x00"
GIF = b"GIF89a" + struct.pack("<HH", 8, 6) + b"\x00\x00\x00"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def real_ipython_installed() -> bool:
    try:
        spec = importlib.util.find_spec("IPython")
    except ValueError:
        return False
    return spec is not None and spec.name == "IPython"


@pytest.fixture
def ipython_names_free() -> Iterator[None]:
    """sys.modules without IPython's names, put back as they were afterwards."""
    saved = {
        name: sys.modules.pop(name) for name in list(sys.modules) if name.startswith("IPython")
    }
    yield
    for name in [name for name in sys.modules if name.startswith("IPython")]:
        del sys.modules[name]
    sys.modules.update(saved)


@pytest.mark.parametrize(
    ("obj", "data", "metadata"),
    [
        (ipd.HTML("<b>x</b>"), {"text/html": "<b>x</b>"}, {}),
        (ipd.Markdown("# T"), {"text/markdown": "# T"}, {}),
        (ipd.Math("x^2"), {"text/latex": "$$x^2$$"}, {}),
        (ipd.Math("$x^2$"), {"text/latex": "$$x^2$$"}, {}),
        (ipd.Latex(r"$\alpha$"), {"text/latex": r"$\alpha$"}, {}),
        (
            ipd.JSON({"a": [1, 2]}, expanded=True),
            {"application/json": {"a": [1, 2]}},
            {"application/json": {"expanded": True, "root": "root"}},
        ),
        (
            ipd.JSON('{"a": 1}'),
            {"application/json": {"a": 1}},
            {"application/json": {"expanded": False, "root": "root"}},
        ),
        (
            ipd.SVG('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'),
            {"image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'},
            {},
        ),
        (ipd.Pretty("as is"), {"text/plain": "as is"}, {}),
        (
            ipd.Code("x < 1", language="python"),
            {
                "text/plain": "x < 1",
                "text/html": '<pre><code class="language-python">x &lt; 1</code></pre>',
            },
            {},
        ),
        (
            ipd.HTML("<p>x</p>", metadata={"isolated": True}),
            {"text/html": "<p>x</p>"},
            {"text/html": {"isolated": True}},
        ),
    ],
)
def test_text_display_objects_give_their_format(
    obj: object, data: dict[str, Any], metadata: dict[str, Any]
) -> None:
    bundle, md = format_display_data(obj)
    assert {mime: value for mime, value in bundle.items() if mime in data} == data
    assert "text/plain" in bundle
    assert md == metadata


def test_javascript_comes_with_a_plain_text_saying_it_runs_apart_from_the_page() -> None:
    bundle, _ = format_display_data(ipd.Javascript("alert(1)", lib="https://cdn.example/lib.js"))
    assert "runs in a sandbox, apart from the page" in bundle["text/plain"]
    assert bundle["application/javascript"].index('await load("https://cdn.example/lib.js")') < (
        bundle["application/javascript"].index("alert(1)")
    )


def test_a_display_object_reads_its_file(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<h1>From a file</h1>")
    assert (
        format_display_data(ipd.HTML(filename=str(page)))[0]["text/html"] == "<h1>From a file</h1>"
    )
    assert format_display_data(ipd.HTML(str(page)))[0]["text/html"] == "<h1>From a file</h1>"


def test_a_text_object_given_bytes_says_it_wants_text() -> None:
    with pytest.raises(TypeError, match="Markdown expects text"):
        ipd.Markdown(b"# bytes")  # type: ignore[arg-type]


def test_a_url_that_python_would_have_to_download_is_refused_with_a_sentence() -> None:
    with pytest.raises(ValueError, match=r"cannot download 'https://example\.org/page\.html'"):
        ipd.HTML(url="https://example.org/page.html")


@pytest.mark.parametrize(
    ("data", "mime"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (GIF, "image/gif")]
)
def test_image_bytes_are_recognised_and_embedded(data: bytes, mime: str) -> None:
    bundle, metadata = format_display_data(ipd.Image(data))
    assert bundle[mime] == b64(data)
    assert metadata == {}


def test_image_width_height_and_alt_go_in_the_metadata() -> None:
    _, metadata = format_display_data(ipd.Image(PNG, width=50, alt="a plot"))
    assert metadata == {"image/png": {"width": 50, "alt": "a plot"}}


@pytest.mark.parametrize(("data", "size"), [(PNG, (10, 5)), (JPEG, (20, 15)), (GIF, (4, 3))])
def test_retina_halves_the_images_own_size(data: bytes, size: tuple[int, int]) -> None:
    image = ipd.Image(data, retina=True)
    assert (image.width, image.height) == size


def test_an_image_file_is_read_and_its_extension_gives_the_format(tmp_path: Path) -> None:
    photo = tmp_path / "photo.JPG"
    photo.write_bytes(JPEG)
    assert format_display_data(ipd.Image(filename=photo))[0]["image/jpeg"] == b64(JPEG)
    assert format_display_data(ipd.Image(str(photo)))[0]["image/jpeg"] == b64(JPEG)


def test_an_image_url_becomes_an_img_tag_the_browser_loads() -> None:
    bundle, _ = format_display_data(ipd.Image(url="https://example.org/a.png?x=1&y=2", width=100))
    assert bundle["text/html"] == '<img src="https://example.org/a.png?x=1&amp;y=2" width="100"/>'
    assert format_display_data(ipd.Image("https://example.org/b.png"))[0]["text/html"] == (
        '<img src="https://example.org/b.png"/>'
    )


def test_an_image_format_that_cannot_be_embedded_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot embed the 'bmp' image format"):
        ipd.Image(b"BM....", format="bmp")


def test_audio_from_samples_is_a_wav_data_url_in_an_audio_element() -> None:
    html = format_display_data(ipd.Audio([0, 0.5, -0.5], rate=8000))[0]["text/html"]
    wav = base64.b64decode(html.split("base64,")[1].split('"')[0])
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    assert struct.unpack("<I", wav[24:28]) == (8000,)
    assert struct.unpack("<3h", wav[44:]) == (0, 32767, -32767)  # normalized to full scale
    assert html.startswith('<audio controls="controls">')
    assert 'type="audio/wav"' in html


def test_stereo_audio_interleaves_its_channels() -> None:
    wav = ipd.Audio([[0.0, 1.0], [1.0, 0.0]], rate=10).data
    assert struct.unpack("<HH", wav[22:24] + wav[32:34]) == (2, 4)  # channels, block size
    assert struct.unpack("<4h", wav[44:]) == (0, 32767, 32767, 0)


def test_audio_needs_a_rate_for_samples() -> None:
    with pytest.raises(ValueError, match="rate"):
        ipd.Audio([0.1, 0.2])


def test_audio_from_a_url_or_a_file(tmp_path: Path) -> None:
    html = ipd.Audio(url="https://example.org/song.mp3", autoplay=True)._repr_html_()
    assert '<source src="https://example.org/song.mp3" type="audio/mpeg" />' in html
    assert 'autoplay="autoplay"' in html
    sound = tmp_path / "beep.ogg"
    sound.write_bytes(b"OggS")
    html = ipd.Audio(filename=str(sound))._repr_html_()
    assert f'src="data:audio/ogg;base64,{b64(b"OggS")}"' in html


def test_video_from_a_url_or_embedded() -> None:
    html = ipd.Video("https://example.org/clip.mp4", width=320)._repr_html_()
    assert html.startswith('<video src="https://example.org/clip.mp4" controls width="320">')
    clip = b"\x00\x01"
    embedded = ipd.Video(clip, embed=True, mimetype="video/webm")._repr_html_()
    assert f'src="data:video/webm;base64,{b64(clip)}"' in embedded


def test_iframe_and_youtube_video_give_an_iframe() -> None:
    html = ipd.IFrame(
        "https://example.org", 400, 300, extras=["loading=lazy"], page=2
    )._repr_html_()
    assert html == (
        '<iframe width="400" height="300" src="https://example.org?page=2" '
        'frameborder="0" allowfullscreen loading=lazy></iframe>'
    )
    video = ipd.YouTubeVideo("abc123", start=30)._repr_html_()
    assert 'src="https://www.youtube.com/embed/abc123?start=30"' in video


def test_display_with_an_id_publishes_it_and_the_handle_updates_it(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "from ardoise.runtime.ipython.display import HTML, display, update_display\n"
        "handle = display(HTML('<i>1</i>'), display_id=True)\n"
        "handle.update(HTML('<i>2</i>'))\n"
        "display('named', display_id='mine')\n"
        "update_display('renamed', display_id='mine')"
    )
    handle = a_kernel.user_ns["handle"]
    assert recorder.types() == [
        "display_data",
        "update_display_data",
        "display_data",
        "update_display_data",
    ]
    first, update, named, renamed = (m.content for m in recorder.messages)
    assert first["transient"] == update["transient"] == {"display_id": handle.display_id}
    assert update["data"]["text/html"] == "<i>2</i>"
    assert named["transient"] == renamed["transient"] == {"display_id": "mine"}
    assert renamed["data"] == {"text/plain": "'renamed'"}


def test_display_without_an_id_returns_no_handle(a_kernel: Kernel) -> None:
    a_kernel.execute("handle = display(1)")
    assert a_kernel.user_ns["handle"] is None


def test_update_without_an_id_is_refused(a_kernel: Kernel) -> None:
    reply = a_kernel.execute("display(1, update=True)")
    assert "display_id" in reply["evalue"]


def test_a_progress_bar_updates_in_place(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "from ardoise.runtime.ipython.display import ProgressBar\n"
        "for step in ProgressBar(3):\n    pass"
    )
    assert recorder.types() == ["display_data"] + ["update_display_data"] * 4
    ids = {m.content["transient"]["display_id"] for m in recorder.messages}
    assert len(ids) == 1
    assert recorder.messages[-1].content["data"]["text/html"] == (
        "<progress style='width:60ex' max='3' value='3'></progress>"
    )


def test_display_functions_show_one_format(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "from ardoise.runtime.ipython.display import HTML, display_html, display_markdown\n"
        "display_html('<b>raw</b>', raw=True)\n"
        "display_html(HTML('<i>obj</i>'))\n"
        "display_markdown('*md*', raw=True)"
    )
    assert [c["data"] for c in recorder.of_type("display_data")] == [
        {"text/html": "<b>raw</b>"},
        {"text/html": "<i>obj</i>"},
        {"text/markdown": "*md*"},
    ]


def test_clear_output_is_the_runtimes(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.execute(
        "from ardoise.runtime.ipython.display import clear_output\nclear_output(wait=True)"
    )
    assert recorder.of_type("clear_output") == [{"wait": True}]


def test_without_ipython_the_stand_in_answers_to_its_names(ipython_names_free: None) -> None:
    assert ipython.install(find_spec=lambda name: None) is True
    import IPython
    import IPython.core.display
    import IPython.display
    from IPython.core.magic import register_line_magic
    from IPython.lib.display import YouTubeVideo

    assert IPython.display.HTML is ipd.HTML
    assert IPython.core.display.Image is ipd.Image
    assert YouTubeVideo is ipd.YouTubeVideo
    assert callable(register_line_magic)
    assert IPython.version_info >= (8, 24)
    assert IPython.get_ipython is not None


def test_an_installed_ipython_is_never_shadowed(ipython_names_free: None) -> None:
    assert ipython.install(find_spec=lambda name: object()) is False
    assert "IPython" not in sys.modules


@pytest.mark.skipif(real_ipython_installed(), reason="the real IPython is installed here")
def test_a_notebook_imports_ipython_display_and_gets_the_stand_in(
    a_kernel: Kernel, recorder: Recorder
) -> None:
    a_kernel.execute(
        "from IPython.display import display, Markdown\n"
        "from IPython import get_ipython\n"
        "display(Markdown('**hi**'))\n"
        "get_ipython() is not None"
    )
    assert recorder.of_type("display_data")[0]["data"]["text/markdown"] == "**hi**"
    assert recorder.results() == ["True"]


@pytest.mark.parametrize(
    ("obj", "plain"),
    [
        (ipd.HTML("<b>x</b>"), "<IPython.core.display.HTML object>"),
        (ipd.Markdown("x"), "<IPython.core.display.Markdown object>"),
        (ipd.Latex("$x$"), "<IPython.core.display.Latex object>"),
        (ipd.Math("x"), "<IPython.core.display.Math object>"),
        (ipd.JSON({}), "<IPython.core.display.JSON object>"),
        (ipd.SVG("<svg/>"), "<IPython.core.display.SVG object>"),
        (ipd.Image(data=PNG), "<IPython.core.display.Image object>"),
        (ipd.Video("https://example.org/v.mp4"), "<IPython.core.display.Video object>"),
        (ipd.Audio(url="https://example.org/a.wav"), "<IPython.lib.display.Audio object>"),
    ],
)
def test_display_objects_are_named_in_plain_text_as_ipython_names_them(
    obj: object, plain: str
) -> None:
    assert format_display_data(obj)[0]["text/plain"] == plain


def test_a_notebooks_own_display_class_keeps_its_name(a_kernel: Kernel, recorder: Recorder) -> None:
    a_kernel.user_ns["HTML"] = ipd.HTML
    a_kernel.execute("class Box(HTML):\n    pass\nBox('<b>x</b>')")
    assert recorder.results() == ["<__main__.Box object>"]
