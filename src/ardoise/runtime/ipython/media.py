"""IPython's display objects for media: ``Image``, ``Audio``, ``Video``, ``IFrame`` …

Content from bytes or a file is embedded (base64); a URL is only referred
to, by an HTML tag the browser loads itself: Python in the browser cannot
download it synchronously.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Sequence
from typing import Any

from .. import messages
from .imaging import detect_format, dimensions, wav_bytes
from .objects import DisplayObject, escape

__all__ = ["Audio", "IFrame", "Image", "Video", "YouTubeVideo"]

_IMAGE_MIMES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
_EXTENSIONS = {"jpg": "jpeg", "jpe": "jpeg"}


class Image(DisplayObject):
    """A PNG, JPEG, GIF or WebP image, from bytes, a file name or a URL.

    ``width`` and ``height`` (pixels) go in the output's metadata;
    ``retina=True`` halves the image's own size, for high-density screens.
    """

    _read_mode = "rb"

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | os.PathLike[str] | None = None,
        format: str | None = None,
        embed: bool | None = None,
        width: int | str | None = None,
        height: int | str | None = None,
        retina: bool = False,
        unconfined: bool = False,
        metadata: dict[str, Any] | None = None,
        alt: str | None = None,
    ) -> None:
        data = os.fspath(data) if isinstance(data, os.PathLike) else data
        named = filename or url or (data if isinstance(data, str) else None)
        if data is None and named is None:
            raise ValueError(messages.IMAGE_NO_DATA)
        is_url = url is not None or (isinstance(data, str) and data.startswith("http"))
        self.embed = embed if embed is not None else not is_url
        self.width, self.height, self.alt = width, height, alt
        self.unconfined, self.retina = unconfined, retina
        self.format = _format(format, os.fspath(named) if named else None, data)
        if self.embed and self.format not in _IMAGE_MIMES:
            raise ValueError(messages.IMAGE_CANNOT_EMBED.format(format=self.format))
        super().__init__(data=data, url=url, filename=filename, metadata=metadata)
        if retina and self.embed and isinstance(self.data, bytes):
            size = dimensions(self.data)
            if size is not None:
                self.width, self.height = size[0] // 2, size[1] // 2

    def reload(self) -> None:
        if self.embed:
            super().reload()

    def _image_metadata(self) -> dict[str, Any]:
        extra = {"width": self.width, "height": self.height, "alt": self.alt}
        metadata = {**self.metadata, **{key: value for key, value in extra.items() if value}}
        if self.unconfined:
            metadata["unconfined"] = True
        return metadata

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        if not self.embed:
            return {"text/html": self._img_tag()}
        mime = _IMAGE_MIMES[self.format]
        metadata = self._image_metadata()
        return ({mime: self.data}, {mime: metadata}) if metadata else {mime: self.data}

    def _img_tag(self) -> str:
        attributes = [f'src="{escape(str(self.url or self.filename))}"']
        for name in ("width", "height"):
            if getattr(self, name):
                attributes.append(f'{name}="{escape(str(getattr(self, name)))}"')
        if self.unconfined:
            attributes.append('class="unconfined"')
        if self.alt:
            attributes.append(f'alt="{escape(self.alt)}"')
        return f"<img {' '.join(attributes)}/>"

    def _repr_png_(self) -> Any:
        return self.data if self.embed and self.format == "png" else None

    def _repr_jpeg_(self) -> Any:
        return self.data if self.embed and self.format == "jpeg" else None


def _format(given: str | None, name: str | None, data: object) -> str:
    if given:
        found = given.lower()
    elif name and "." in name.rsplit("/", 1)[-1]:
        found = name.rsplit(".", 1)[-1].lower()
    elif isinstance(data, (bytes, bytearray)):
        found = detect_format(bytes(data)) or "png"
    else:
        found = "png"  # IPython's guess too
    return _EXTENSIONS.get(found, found)


class Audio(DisplayObject):
    """Sound with player controls, from a file, a URL, bytes, or samples and a ``rate``.

    Samples are numbers (a list, or a NumPy array) for one channel, or one
    sequence per channel; they become a 16-bit WAV, scaled to full volume
    unless ``normalize=False``.
    """

    _ipython_module = "IPython.lib.display"
    _read_mode = "rb"

    def __init__(
        self,
        data: Any = None,
        filename: str | None = None,
        url: str | None = None,
        embed: bool | None = None,
        rate: int | None = None,
        autoplay: bool = False,
        normalize: bool = True,
        *,
        element_id: str | None = None,
    ) -> None:
        if data is None and filename is None and url is None:
            raise ValueError(messages.AUDIO_NO_DATA)
        self.embed = embed if embed is not None else url is None
        self.autoplay, self.element_id = autoplay, element_id
        super().__init__(data=data, url=url, filename=filename)
        if self.data is not None and not isinstance(self.data, (bytes, bytearray)):
            if rate is None:
                raise ValueError(messages.AUDIO_NEEDS_RATE)
            self.data = wav_bytes(self.data, rate, normalize=normalize)

    def reload(self) -> None:
        if self.embed or self.filename is not None:
            super().reload()

    def _repr_html_(self) -> str:
        if self.url is not None and not self.data:
            source, mime = self.url, _media_mime(self.url, "audio/mpeg")
        else:
            mime = _media_mime(self.filename, "audio/wav")
            source = f"data:{mime};base64,{base64.b64encode(self.data or b'').decode('ascii')}"
        autoplay = ' autoplay="autoplay"' if self.autoplay else ""
        element_id = f' id="{escape(self.element_id)}"' if self.element_id else ""
        return (
            f'<audio controls="controls"{autoplay}{element_id}>\n'
            f'    <source src="{escape(source)}" type="{mime}" />\n'
            f"    {messages.AUDIO_UNSUPPORTED}\n</audio>"
        )


class Video(DisplayObject):
    """A video player, for a URL or a file name, or embedded data with ``embed=True``."""

    def __init__(
        self,
        data: Any = None,
        url: str | None = None,
        filename: str | None = None,
        embed: bool = False,
        mimetype: str | None = None,
        width: int | None = None,
        height: int | None = None,
        html_attributes: str = "controls",
    ) -> None:
        if isinstance(data, (bytes, bytearray)) and not embed:
            raise ValueError(messages.VIDEO_NEEDS_EMBED)
        self.embed, self.mimetype = embed, mimetype
        self.width, self.height, self.html_attributes = width, height, html_attributes
        super().__init__(data=data, url=url, filename=filename)

    def reload(self) -> None:
        pass  # a file is only read when embedded, by _repr_html_

    def _repr_html_(self) -> str:
        size = "".join(
            f' {name}="{value}"'
            for name, value in (("width", self.width), ("height", self.height))
            if value
        )
        if not self.embed:
            source = escape(str(self.url or self.filename))
            return (
                f'<video src="{source}" {self.html_attributes}{size}>\n'
                f"      {messages.VIDEO_UNSUPPORTED}\n    </video>"
            )
        mime = self.mimetype or _media_mime(self.filename, "video/mp4")
        content = self.data
        if self.filename is not None:
            with open(self.filename, "rb") as file:
                content = file.read()
        encoded = content if isinstance(content, str) else base64.b64encode(content).decode("ascii")
        return (
            f"<video {self.html_attributes}{size}>\n"
            f' <source src="data:{mime};base64,{encoded}" type="{mime}">\n'
            f" {messages.VIDEO_UNSUPPORTED}\n</video>"
        )


def _media_mime(name: str | None, default: str) -> str:
    if not name:
        return default
    import mimetypes  # only when a media file is shown

    known = {".wav": "audio/wav", ".mp3": "audio/mpeg", ".ogg": "audio/ogg", ".webm": "video/webm"}
    extension = os.path.splitext(name.split("?", 1)[0])[1].lower()
    return known.get(extension) or mimetypes.guess_type(name)[0] or default


class IFrame:
    """Another web page, inside a frame: ``IFrame("https://example.org", 600, 400)``."""

    def __init__(
        self,
        src: str,
        width: int | str,
        height: int | str,
        extras: Sequence[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self.src, self.width, self.height = src, width, height
        self.extras = list(extras or [])
        self.params = kwargs

    def _repr_html_(self) -> str:
        from urllib.parse import urlencode  # only when a frame is shown

        query = f"?{urlencode(self.params)}" if self.params else ""
        extras = "".join(f" {extra}" for extra in self.extras)
        return (
            f'<iframe width="{escape(str(self.width))}" '
            f'height="{escape(str(self.height))}" '
            f'src="{escape(self.src + query)}" '
            f'frameborder="0" allowfullscreen{extras}></iframe>'
        )


class YouTubeVideo(IFrame):
    """A YouTube video by its id: ``YouTubeVideo("dQw4w9WgXcQ", start=30)``."""

    def __init__(
        self,
        id: str,
        width: int = 400,
        height: int = 300,
        allow_autoplay: bool = False,
        **kwargs: Any,
    ) -> None:
        self.id = id
        extras = list(kwargs.pop("extras", []))
        if allow_autoplay:
            extras.append('allow="autoplay"')
        super().__init__(f"https://www.youtube.com/embed/{id}", width, height, extras, **kwargs)
