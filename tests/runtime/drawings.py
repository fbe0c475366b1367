"""Reading turtle drawings back from what a cell published: the SVG, parsed with ElementTree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from ardoise.runtime import Kernel

from .conftest import Recorder

NS = "{http://www.w3.org/2000/svg}"


@dataclass
class Published:
    """One display_data or update_display_data of a turtle screen."""

    msg_type: str
    display_id: str
    svg: ET.Element
    source: str
    text: str


def published(recorder: Recorder) -> list[Published]:
    """Every drawing published, in order."""
    found = []
    for message in recorder.messages:
        content = message.content
        if message.msg_type in ("display_data", "update_display_data"):
            data = content["data"]
            if "image/svg+xml" in data:
                source = data["image/svg+xml"]
                root = ET.fromstring(source)
                display_id = content["transient"]["display_id"]
                found.append(
                    Published(message.msg_type, display_id, root, source, data["text/plain"])
                )
    return found


def run(kernel: Kernel, recorder: Recorder, code: str) -> list[Published]:
    """Run ``code`` as a cell (it must succeed) and return the drawings it published."""
    recorder.clear()
    reply = kernel.execute(code)
    assert reply["status"] == "ok", recorder.traceback()
    return published(recorder)


def drawn(kernel: Kernel, recorder: Recorder, code: str) -> ET.Element:
    """Run ``code`` and return the SVG the cell shows (its display_data)."""
    shown = [p for p in run(kernel, recorder, code) if p.msg_type == "display_data"]
    assert len(shown) == 1, [p.msg_type for p in shown]
    return shown[0].svg


def all_of(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(NS + tag))


def items(root: ET.Element) -> list[ET.Element]:
    """What was drawn, in stacking order (the group under the turtles)."""
    (group,) = [child for child in root if child.tag == NS + "g" and child.get("fill") == "none"]
    return list(group)


def turtles(root: ET.Element) -> list[ET.Element]:
    """The turtles shown: the groups after the drawing."""
    return [child for child in root if child.tag == NS + "g" and child.get("fill") != "none"]


def subpaths(d: str) -> list[list[tuple[float, float]]]:
    """The points of each subpath of a path's ``d`` (M and L commands only)."""
    result: list[list[tuple[float, float]]] = []
    for chunk in re.findall(r"M[^M]*", d):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", chunk)]
        result.append(list(zip(numbers[::2], numbers[1::2], strict=True)))
    return result


def polygon(element: ET.Element) -> list[tuple[float, float]]:
    pairs = (pair.split(",") for pair in (element.get("points") or "").split())
    return [(float(x), float(y)) for x, y in pairs]


def close(
    a: list[tuple[float, float]], b: list[tuple[float, float]], tolerance: float = 0.02
) -> bool:
    return len(a) == len(b) and all(
        abs(x1 - x2) <= tolerance and abs(y1 - y2) <= tolerance
        for (x1, y1), (x2, y2) in zip(a, b, strict=True)
    )


def animation(element: ET.Element) -> list[tuple[str, float, float]]:
    """The animations of an element's style: (name, duration, delay) in seconds."""
    style = element.get("style") or ""
    if not style.startswith("animation:"):
        return []
    found = []
    for piece in style.removeprefix("animation:").split(","):
        words = piece.split()
        times = [float(w[:-1]) for w in words[1:] if re.fullmatch(r"-?[\d.]+s", w)]
        found.append((words[0], times[0], times[1] if len(times) > 1 else 0.0))
    return found
