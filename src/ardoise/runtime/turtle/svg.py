"""A screen's drawing as one SVG document, animated from where the last output left off.

Turtle coordinates have y upwards; SVG's go down, so y is negated. Lines of one
pen that are already drawn (or drawn at once) are merged into one ``<path>``
with several subpaths, which keeps long drawings small; a line being animated
is a path of its own (a dash cannot run across subpaths).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .animation import Animation, number, simplified
from .colors import svg_color
from .drawing import Dot, Drawing, Fill, Item, Pose, ShapePart, Stamp, Stroke, Text
from .shapes import Image
from .text import text_box, xml_text

__all__ = ["Cursor", "View", "render"]

#: The most keyframe stops a turtle's movement gets; longer tracks are sampled.
MAX_CURSOR_STOPS = 600
#: How far from the centre a point is drawn, in pixels: beyond, it is put at that distance.
LIMIT = 1_000_000.0


@dataclass
class Cursor:
    """A turtle as shown: its movements since the last output, and its shape now."""

    track: list[Pose]
    parts: list[ShapePart]
    image: Image | None


@dataclass
class View:
    """What is around the drawing: the window (x0, y0, x1, y1 in pixels, y up) and scale."""

    region: tuple[float, float, float, float]
    xscale: float
    yscale: float
    background: str
    picture: Image | None
    title: str


class _Box:
    """The bounding box of everything drawn, in SVG coordinates."""

    def __init__(self, region: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = region
        self.left, self.top, self.right, self.bottom = x0, -y1, x1, -y0

    def add(self, x: float, y: float, margin: float = 0.0) -> None:
        self.left, self.right = min(self.left, x - margin), max(self.right, x + margin)
        self.top, self.bottom = min(self.top, y - margin), max(self.bottom, y + margin)


class _Writer:
    def __init__(
        self, drawing: Drawing, cursors: list[Cursor], view: View, prefix: str, since: float
    ) -> None:
        self.drawing, self.cursors, self.view = drawing, cursors, view
        self.since = since
        self.box = _Box(view.region)
        # Where each line pauses (for a turn): exact while the keyframes stay small.
        self.stops = {
            id(item): stops
            for item in drawing.items
            if isinstance(item, Stroke) and (stops := self._line_stops(item)) is not None
        }
        self.animation = Animation(prefix, exact=sum(map(len, self.stops.values())))
        self.duration = max(0.0, drawing.clock - self.since)

    def xy(self, point: tuple[float, float], margin: float = 0.0) -> tuple[float, float]:
        x, y = _bounded(point[0] * self.view.xscale), _bounded(-point[1] * self.view.yscale)
        self.box.add(x, y, margin)
        return x, y

    def at(self, t: float) -> float:
        """A clock time as seconds into this output's animation (0 when already shown)."""
        return max(0.0, t - self.since)

    # --- items ---

    def items(self) -> list[str]:
        out: list[str] = []
        visible = [i for i in self.drawing.items if _shown_in_this_output(i, self.since)]
        for is_static_line, group in itertools.groupby(visible, key=self._static_line_key):
            if is_static_line:
                out.append(self._static_lines([i for i in group if isinstance(i, Stroke)]))
            else:
                out.extend(self._item(item) for item in group)
        return [element for element in out if element]

    def _static_line_key(self, item: Item) -> tuple[str, float] | None:
        if isinstance(item, Stroke) and item.dies is None and self.at(item.ends) == 0:
            return (item.color, item.width)
        return None

    def _static_lines(self, strokes: list[Stroke]) -> str:
        data = "".join(self._path(stroke) for stroke in strokes)
        color, width = strokes[0].color, strokes[0].width
        return f'<path d="{data}" stroke="{svg_color(color)}"{_width(width)}/>'

    def _path(self, stroke: Stroke) -> str:
        margin = stroke.width / 2
        points = [self.xy(p, margin) for p in stroke.points]
        if len(points) == 1:
            points.append(points[0])
        first, *rest = (f"{number(x, 1)} {number(y, 1)}" for x, y in points)
        return f"M{first}L{' '.join(rest)}"

    def _item(self, item: Item) -> str:
        timing = self._timing(item)
        if isinstance(item, Stroke):
            return self._stroke(item, timing)
        if isinstance(item, Fill):
            return self._fill(item, timing)
        if isinstance(item, Dot):
            x, y = self.xy(item.center, item.diameter / 2)
            radius, color = number(item.diameter / 2), svg_color(item.color)
            center = f'cx="{number(x)}" cy="{number(y)}"'
            return f'<circle {center} r="{radius}" fill="{color}"{timing}/>'
        if isinstance(item, Text):
            return self._text(item, timing)
        if isinstance(item, Stamp):
            x, y = self.xy(item.at, 20)
            return _shape(x, y, item.angle, item.parts, item.image, timing)
        return ""

    def _timing(self, item: Item, *, drawn: str | None = None) -> str:
        """Attributes that animate ``item``: appearing (or ``drawn``) and vanishing."""
        pieces = [drawn] if drawn else []
        if not drawn and self.at(item.born) > 0:
            pieces.append(self.animation.appear(self.at(item.born)))
        hidden = ""
        if item.dies is not None:
            pieces.append(self.animation.vanish(self.at(item.dies)))
            hidden = ' visibility="hidden"'
        return hidden + (f' style="animation:{",".join(pieces)}"' if pieces else "")

    def _stroke(self, stroke: Stroke, timing: str) -> str:
        color, width = svg_color(stroke.color), _width(stroke.width)
        data = self._path(stroke)
        drawn = self.stops.get(id(stroke))
        if drawn is None:
            return f'<path d="{data}" stroke="{color}"{width}{timing}/>'
        timing = self._timing(stroke, drawn=self.animation.line(drawn))
        return f'<path class="a" pathLength="1" d="{data}" stroke="{color}"{width}{timing}/>'

    def _line_stops(self, stroke: Stroke) -> list[tuple[float, float]] | None:
        """(time, fraction drawn) along ``stroke``; None if it has no length or no duration."""
        lengths = [
            ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
            for (x0, y0), (x1, y1) in itertools.pairwise(
                (_bounded(p[0] * self.view.xscale), _bounded(p[1] * self.view.yscale))
                for p in stroke.points
            )
        ]
        total = sum(lengths)
        if total <= 0 or self.at(stroke.ends) == 0:
            return None
        stops, done = [], 0.0
        for length, (start, end) in zip(lengths, stroke.timing, strict=True):
            stops.append((self.at(start), done / total))
            done += length
            stops.append((self.at(end), done / total))
        return simplified(stops)

    def _fill(self, fill: Fill, timing: str) -> str:
        if fill.points is None or len(fill.points) < 3 or not fill.color:
            return ""
        points = " ".join(f"{number(x, 1)},{number(y, 1)}" for x, y in map(self.xy, fill.points))
        color = svg_color(fill.color)
        return f'<polygon points="{points}" fill="{color}" fill-rule="evenodd"{timing}/>'

    def _text(self, text: Text, timing: str) -> str:
        x, y = self.xy(text.at)
        box = text_box(text.text, text.align, text.font, x, y)
        for corner in box.corners:
            self.box.add(*corner)
        lines = "".join(
            f'<tspan x="{number(x - 1)}" y="{number(baseline)}">{xml_text(line)}</tspan>'
            for line, baseline in zip(box.lines, box.baselines, strict=True)
        )
        return f'<text fill="{svg_color(text.color)}"{box.attributes}{timing}>{lines}</text>'

    # --- turtles ---

    def cursor(self, cursor: Cursor) -> str:
        before = [p for p in cursor.track if p.t <= self.since]
        after = [p for p in cursor.track if p.t > self.since]
        poses = before[-1:] + after
        if not any(p.visible for p in poses):
            return ""
        last = poses[-1]
        x, y = self.xy((last.x, last.y), 20)
        for pose in poses:
            self.xy((pose.x, pose.y), 20)
        style = ""
        if after and self.duration > 0:
            style = f' style="animation:{self._track(poses, born_late=not before)}"'
        if not last.visible:
            style = ' visibility="hidden"' + style
        return _shape(x, y, last.angle, cursor.parts, cursor.image, style)

    def _track(self, track: list[Pose], born_late: bool) -> str:
        poses = _sampled(track)
        stops: list[tuple[float, str]] = []
        blinks = born_late or len({p.visible for p in poses}) > 1
        if born_late:  # a turtle created during the animation
            stops.append((0.0, self._pose(poses[0], blinks, visible=False)))
            stops.append((max(self.at(poses[0].t) - 0.001, 0.0), stops[0][1]))
        previous: Pose | None = None
        for pose in poses:
            when = self.at(pose.t)
            if previous is not None and previous.visible != pose.visible:
                stops.append((max(when - 0.001, 0.0), self._pose(previous, blinks)))
            stops.append((when, self._pose(pose, blinks)))
            previous = pose
        return self.animation.cursor(stops, self.duration)

    def _pose(self, pose: Pose, blinks: bool, *, visible: bool | None = None) -> str:
        x, y = _bounded(pose.x * self.view.xscale), _bounded(-pose.y * self.view.yscale)
        position = f"translate({number(x, 1)}px,{number(y, 1)}px)"
        style = f"transform:{position} rotate({number(-pose.angle, 1)}deg)"
        if blinks:
            shown = pose.visible if visible is None else visible
            style += ";visibility:" + ("visible" if shown else "hidden")
        return style

    # --- the document ---

    def document(self) -> str:
        items = self.items()
        turtles = [self.cursor(cursor) for cursor in self.cursors]
        box, view = self.box, self.view
        left, top = int(box.left // 1), int(box.top // 1)
        width, height = int(-(-box.right // 1)) - left, int(-(-box.bottom // 1)) - top
        css = self.animation.css()
        focus = ' tabindex="0"' if css else ""
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="{left} {top} {width} {height}" class="{self.animation.prefix}"{focus}>',
            f"<title>{xml_text(view.title)}</title>",
        ]
        if css:
            head.append(f"<style>{css}</style>")
        head.append(
            # A thin edge shows where the turtle's window ends, on a page of the same colour.
            f'<rect x="{left}" y="{top}" width="{width}" height="{height}" '
            f'fill="{svg_color(view.background)}" stroke="#c8c8c8" stroke-width="2"/>'
        )
        if view.picture is not None:
            picture = view.picture
            head.append(
                f'<image href="{picture.url}" x="{number(-picture.width / 2)}" '
                f'y="{number(-picture.height / 2)}" width="{picture.width}" '
                f'height="{picture.height}"/>'
            )
        body = [
            '<g fill="none" stroke-linecap="round" stroke-linejoin="round">',
            *items,
            "</g>",
            *turtles,
            "</svg>",
        ]
        return "\n".join(head + body)


def _bounded(value: float) -> float:
    """A coordinate a picture can hold: a turtle sent to infinity (or NaN) stays at the edge."""
    if value != value:  # NaN
        return 0.0
    return max(-LIMIT, min(LIMIT, value))


def _width(width: float) -> str:
    """The stroke-width attribute; none for SVG's default, 1."""
    return "" if width == 1 else f' stroke-width="{number(width)}"'


def _shown_in_this_output(item: Item, since: float) -> bool:
    """Deleted items stay only if they were visible for a while during this output's animation."""
    if item.dies is None:
        return True
    return item.dies > since and item.dies > item.born


def _sampled(track: list[Pose]) -> list[Pose]:
    """Fewer poses: a turn at an instant (as in circle()) spreads over the move before it,
    and long tracks keep `MAX_CURSOR_STOPS` poses."""
    track = [
        pose
        for pose, following in itertools.zip_longest(track, track[1:])
        if following is None
        or following.t != pose.t
        or (following.x, following.y, following.visible) != (pose.x, pose.y, pose.visible)
    ]
    if len(track) <= MAX_CURSOR_STOPS:
        return track
    step = (len(track) - 1) / (MAX_CURSOR_STOPS - 1)
    keep = {round(i * step) for i in range(MAX_CURSOR_STOPS)}
    keep |= {i for i in range(1, len(track)) if track[i].visible != track[i - 1].visible}
    return [track[i] for i in sorted(keep)]


def _shape(
    x: float, y: float, angle: float, parts: list[ShapePart], image: Image | None, extra: str
) -> str:
    position = f"translate({number(x)} {number(y)})"
    if image is not None:  # images do not turn with the turtle, as in Tk
        w, h = image.width, image.height
        inner = (
            f'<image href="{image.url}" x="{number(-w / 2)}" y="{number(-h / 2)}" '
            f'width="{w}" height="{h}"/>'
        )
        return f'<g transform="{position}"{extra}>{inner}</g>'
    polygons = "".join(
        f'<polygon points="{" ".join(f"{number(px)},{number(py)}" for px, py in part.points)}" '
        f'fill="{svg_color(part.fill)}" stroke="{svg_color(part.outline)}" '
        f'stroke-width="{number(part.width)}"/>'
        for part in parts
    )
    return f'<g transform="{position} rotate({number(-angle)})"{extra}>{polygons}</g>'


def render(
    drawing: Drawing, cursors: list[Cursor], view: View, *, prefix: str, animated: bool = True
) -> str:
    """The SVG of ``drawing`` and its turtles; what happened since it was last shown is animated."""
    since = drawing.shown_until if animated else drawing.clock
    return _Writer(drawing, cursors, view, prefix, since).document()
