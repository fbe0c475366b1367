"""The few facts about image and sound files that display objects need, from their bytes.

Standard library only: an image's format and size from its header, and a
WAV file from a list of samples (IPython needs NumPy for that).
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from typing import Any

from .. import messages

__all__ = ["detect_format", "dimensions", "wav_bytes"]

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
)
# JPEG "start of frame" markers, which carry the size (not DHT C4, JPG C8, DAC CC).
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_FULL_SCALE = 32767  # 16-bit samples


def detect_format(data: bytes) -> str | None:
    """``"png"``, ``"jpeg"``, ``"gif"`` or ``"webp"`` from the first bytes; ``None`` if unknown."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def dimensions(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` in pixels of a PNG, GIF or JPEG image; ``None`` if unreadable."""
    kind = detect_format(data)
    if kind == "png" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if kind == "gif" and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if kind == "jpeg":
        return _jpeg_dimensions(data)
    return None


def _jpeg_dimensions(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 <= len(data):
        if data[index] != 0xFF:
            return None  # lost in the segments: a damaged file
        marker = data[index + 1]
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        (length,) = struct.unpack(">H", data[index + 2 : index + 4])
        index += 2 + length
    return None


def wav_bytes(samples: Any, rate: int, *, normalize: bool = True) -> bytes:
    """A 16-bit PCM WAV file of ``samples``: numbers, or one sequence per channel."""
    channels = _channels(samples)
    peak = max((abs(value) for channel in channels for value in channel), default=0.0)
    if not normalize and peak > 1:
        raise ValueError(messages.AUDIO_OUT_OF_RANGE)
    scale = _FULL_SCALE / peak if normalize and peak else _FULL_SCALE
    frames = zip(*channels, strict=True)
    pcm = b"".join(
        struct.pack(f"<{len(channels)}h", *(round(v * scale) for v in f)) for f in frames
    )
    block = 2 * len(channels)
    header = struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + len(pcm),
        b"WAVE",
        b"fmt ",
        16,  # the size of this format chunk
        1,  # PCM
        len(channels),
        rate,
        rate * block,
        block,
        16,  # bits per sample
        b"data",
        len(pcm),
    )
    return header + pcm


def _channels(samples: Any) -> list[list[float]]:
    values = samples.tolist() if hasattr(samples, "tolist") else samples  # NumPy arrays
    rows: list[Any] = list(values)
    if rows and isinstance(rows[0], Iterable) and not isinstance(rows[0], str):
        return [[float(value) for value in row] for row in rows]
    return [[float(value) for value in rows]]
