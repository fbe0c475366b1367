"""CSS animations that replay a drawing in an SVG: lines drawn, items appearing, turtles moving.

The app sanitizes SVG with DOMPurify, which removes SMIL's ``<animate>`` and
``<set>`` but keeps ``<style>``; so the animation is CSS keyframes. Every
element carries its final state as attributes and the animation only says how
it got there: without CSS, with reduced motion asked for, or once the drawing
has the focus (a click or Tab), the final drawing is what shows.

A line is drawn by moving its dash: ``pathLength="1"`` and a dash of 1
followed by a gap of 2, whose offset goes from 1 (nothing drawn) to 0. Names
start with a prefix unique to the output, since a ``<style>`` in an inline
SVG applies to the whole page.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_LINE_STOPS", "Animation", "number", "seconds", "simplified"]

#: Keyframe stops all lines may use to pause exactly while the turtle turns;
#: past it, each line is drawn at an even pace from start to end instead, which
#: keeps the output small (about 30 bytes a stop).
MAX_LINE_STOPS = 2000


def number(value: float, digits: int = 2) -> str:
    """``value`` rounded, without trailing zeros: 12.5, -3, 0.25."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def seconds(value: float) -> str:
    return number(value, 3) + "s"


def _percent(value: float) -> str:
    return number(value, 3) + "%"


def simplified(stops: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """``(time, value)`` stops without those that lie on the line between their neighbours."""
    kept = [stops[0]]
    for index in range(1, len(stops) - 1):
        (t0, v0), (t1, v1), (t2, v2) = kept[-1], stops[index], stops[index + 1]
        if t2 - t0 <= 0:
            if (t1, v1) != (t0, v0):
                kept.append(stops[index])
            continue
        expected = v0 + (v2 - v0) * (t1 - t0) / (t2 - t0)
        if abs(expected - v1) > 1e-4:
            kept.append(stops[index])
    kept.append(stops[-1])
    return kept


class Animation:
    """Collects the keyframes of one SVG, and gives each element its ``animation`` list."""

    def __init__(self, prefix: str, *, exact: int) -> None:
        """``exact``: how many keyframe stops the lines need to follow every pause."""
        self.prefix = prefix
        self._keyframes: list[str] = []
        self._exact_lines = exact <= MAX_LINE_STOPS
        self.used = False

    def line(self, stops: Sequence[tuple[float, float]]) -> str:
        """Draw a line: ``stops`` are (time, fraction drawn), from 0 to 1."""
        self.used = True
        if not self._exact_lines:
            stops = [stops[0], stops[-1]]
        start, end = stops[0][0], stops[-1][0]
        duration = max(end - start, 0.001)
        if len(stops) == 2:
            return f"{self.prefix}-d {seconds(duration)} linear {seconds(start)} both"
        name = f"{self.prefix}-k{len(self._keyframes)}"
        frames = "".join(
            f"{_percent((t - start) / duration * 100)}{{stroke-dashoffset:{_offset(f)}}}"
            for t, f in stops
        )
        self._keyframes.append(f"@keyframes {name}{{{frames}}}")
        return f"{name} {seconds(duration)} linear {seconds(start)} both"

    def appear(self, at: float) -> str:
        """Show an element at time ``at`` (it is transparent before)."""
        self.used = True
        return f"{self.prefix}-s 0s {seconds(at)} both"

    def vanish(self, at: float) -> str:
        """Keep visible until ``at`` an element whose final state is ``visibility="hidden"``."""
        self.used = True
        return f"{self.prefix}-v {seconds(at)}"

    def cursor(self, stops: Sequence[tuple[float, str]], duration: float) -> str:
        """Move a turtle: ``stops`` are (time, CSS declarations) over ``duration`` seconds."""
        self.used = True
        name = f"{self.prefix}-c{len(self._keyframes)}"
        frames = "".join(
            f"{_percent(t / duration * 100 if duration else 100)}{{{style}}}" for t, style in stops
        )
        self._keyframes.append(f"@keyframes {name}{{{frames}}}")
        return f"{name} {seconds(duration)} linear both"

    def css(self) -> str:
        """The ``<style>`` content, or ``""`` when nothing moves."""
        if not self.used:
            return ""
        p = self.prefix
        return "".join(
            [
                f".{p} .a{{stroke-dasharray:1 2}}",
                f"@keyframes {p}-d{{from{{stroke-dashoffset:1.001}}to{{stroke-dashoffset:0}}}}",
                f"@keyframes {p}-s{{from{{opacity:0}}to{{opacity:1}}}}",
                f"@keyframes {p}-v{{from,to{{visibility:visible}}}}",
                *self._keyframes,
                # The final drawing at once: for who asks for less motion, and on focus.
                f"@media (prefers-reduced-motion:reduce){{.{p} *{{animation:none!important}}}}",
                f".{p}:focus *{{animation-delay:0s!important;animation-duration:0s!important}}",
            ]
        )


def _offset(fraction: float) -> str:
    # At 1 exactly, a round cap could show as a dot where the line starts.
    return "1.001" if fraction <= 0 else number(1 - fraction, 4)
