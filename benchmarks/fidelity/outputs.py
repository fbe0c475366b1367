"""Notebook outputs from IOPub messages, normalised and compared cell by cell.

Both kernels' outputs go through the same `normalise` before they are compared,
so what is left is what a student would see differently. Normalising ignores
what no two runs share anyway: execution counts, output metadata, memory
addresses and measured times. Everything else must be equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Difference", "first_difference", "normalise", "notebook_outputs"]

Output = dict[str, Any]
#: One IOPub message as the Ardoise runner reports it: ``(msg_type, content)``.
Message = tuple[str, dict[str, Any]]

_OUTPUT_TYPES = {"stream", "display_data", "execute_result", "error"}


def notebook_outputs(cells: Iterable[Iterable[Message]]) -> list[list[Output]]:
    """The nbformat outputs of each cell, built from its messages as nbclient builds them.

    ``clear_output(wait=True)`` clears before the next output;
    ``update_display_data`` replaces the outputs with its display id, in any
    earlier cell too.
    """
    outputs: list[list[Output]] = []
    shown: dict[str, list[Output]] = {}  # display id → the outputs that show it
    for messages in cells:
        cell: list[Output] = []
        outputs.append(cell)
        clear_before_next = False
        for msg_type, content in messages:
            display_id = (content.get("transient") or {}).get("display_id")
            if msg_type == "clear_output":
                if content.get("wait"):
                    clear_before_next = True
                else:
                    cell.clear()
                continue
            if display_id and msg_type in {"display_data", "update_display_data"}:
                for output in shown.get(display_id, []):
                    output["data"] = content["data"]
                    output["metadata"] = content.get("metadata", {})
            if msg_type not in _OUTPUT_TYPES:
                continue
            if clear_before_next:
                cell.clear()
                clear_before_next = False
            output = _output(msg_type, content)
            cell.append(output)
            if display_id:
                shown.setdefault(display_id, []).append(output)
    return outputs


def _output(msg_type: str, content: dict[str, Any]) -> Output:
    if msg_type == "stream":
        return {"output_type": "stream", "name": content["name"], "text": content["text"]}
    if msg_type == "error":
        keys = ("ename", "evalue", "traceback")
        return {"output_type": "error", **{key: content[key] for key in keys}}
    return {"output_type": msg_type, "data": content["data"], "metadata": content["metadata"]}


# --- normalising ---

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{4,}\b")
# IPython writes microseconds with the Greek mu (U+03BC), others with the micro sign.
_TIME = r"\d+(?:[.,]\d+)?\s?(?:ns|[µμu]s|ms|s|min|h)\b"
_TIMED_LINE = re.compile(r"^(CPU times|Wall time|Compiler time|Parser\s*:|Compiler\s*:)")
_TIMEIT = re.compile(
    rf"^{_TIME} ± {_TIME} per loop \(mean ± std\. dev\. of [\d,]+ runs?, [\d,]+ loops? each\)$"
)
_TIMEIT_ONE = re.compile(rf"^{_TIME} per loop \(mean of [\d,]+ runs?, [\d,]+ loops? each\)$")
# IPython warns when one timing run is much slower than another: chance, not code.
_SLOWEST = re.compile(r"^The slowest run took .* could mean that an intermediate result")
_CELL_LABEL = re.compile(r"\b(Cell In|Input In|In)\s?\[\d*\]")
# The same standard-library file lives in /usr/lib/python3.13/ on one side and
# /lib/python314.zip/ on the other.
_STDLIB_PATH = re.compile(r"(?:/[\w.+-]+)*/lib/python3[\d.]*(?:\.zip)?/")
_BACKSPACE = re.compile(r"[^\n]\x08")
_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)


def normalise(outputs: list[Output]) -> list[Output]:
    """Outputs reduced to what must be equal: consecutive streams merged, noise masked."""
    merged: list[Output] = []
    for output in outputs:
        kind = output["output_type"]
        previous = merged[-1] if merged else None
        if kind == "stream" and previous and previous.get("name") == output["name"]:
            previous["text"] += _text(output["text"])
        elif kind == "stream":
            text = _text(output["text"])
            merged.append({"output_type": kind, "name": output["name"], "text": text})
        elif kind == "error":
            traceback = "\n".join(output["traceback"])
            merged.append(
                {
                    "output_type": kind,
                    "ename": output["ename"],
                    "evalue": mask(_ANSI.sub("", output["evalue"])),
                    "traceback": _traceback(traceback),
                }
            )
        else:
            data = {mime: _data(value) for mime, value in output["data"].items()}
            merged.append({"output_type": kind, "data": data})
    for output in merged:
        if output["output_type"] == "stream":
            output["text"] = mask(_terminal(output["text"]))
    return merged


def mask(text: str) -> str:
    """Memory addresses and measured times replaced by placeholders."""
    lines = []
    for line in _ADDRESS.sub("0x…", text).split("\n"):
        bare = line.strip()
        if _SLOWEST.match(bare):
            continue
        if _TIMED_LINE.match(bare) or _TIMEIT.match(bare) or _TIMEIT_ONE.match(bare):
            line = re.sub(r"[\d,]+ (run|loop)s?", r"N \1s", re.sub(_TIME, "<time>", line))
        lines.append(line)
    return "\n".join(lines)


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _data(value: Any) -> Any:
    # Text is stored as one string or a list of lines; JSON data stays as it is.
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        value = "".join(value)
    return mask(value) if isinstance(value, str) else value


def _terminal(text: str) -> str:
    # As nbclient and terminals do: a backspace erases, a carriage return restarts the line.
    previous = None
    while previous != text:
        previous, text = text, _BACKSPACE.sub("", text)
    return _CARRIAGE_RETURN.sub("", text)


def _traceback(text: str) -> str:
    text = _STDLIB_PATH.sub("<stdlib>/", _ANSI.sub("", text))
    # IPython leaves a space after the number of a blank source line: invisible.
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return mask(_CELL_LABEL.sub(lambda m: f"{m.group(1)}[_]", text))


# --- comparing ---


@dataclass(frozen=True)
class Difference:
    """How two cells' outputs first differ: an aspect and the two values."""

    aspect: str
    reference: str
    ardoise: str

    def describe(self, width: int = 60) -> str:
        """One line: the aspect, then both values around where they start to differ."""
        pairs = enumerate(zip(self.reference, self.ardoise, strict=False))
        shorter = min(len(self.reference), len(self.ardoise))
        start = next((i for i, (a, b) in pairs if a != b), shorter)
        start = max(0, start - width // 4)
        ours, theirs = _short(self.reference, start, width), _short(self.ardoise, start, width)
        return f"{self.aspect}: {ours} ≠ {theirs}"


def first_difference(reference: list[Output], ardoise: list[Output]) -> Difference | None:
    """The first way in which two normalised output lists differ, or ``None`` when equal."""
    for ours, theirs in zip(reference, ardoise, strict=False):
        if ours["output_type"] != theirs["output_type"]:
            return Difference("output type", _kind(ours), _kind(theirs))
        for key in ("name", "text", "ename", "evalue", "traceback"):
            if ours.get(key) != theirs.get(key):
                return Difference(_ASPECTS[key], str(ours.get(key)), str(theirs.get(key)))
        if ours.get("data") != theirs.get("data"):
            return _data_difference(ours["data"], theirs["data"])
    if len(reference) != len(ardoise):
        longer = reference if len(reference) > len(ardoise) else ardoise
        extra = ", ".join(_kind(output) for output in longer[min(len(reference), len(ardoise)) :])
        if len(reference) > len(ardoise):
            return Difference("missing output", extra, "nothing")
        return Difference("extra output", "nothing", extra)
    return None


_ASPECTS = {
    "name": "stream name",
    "text": "stream text",
    "ename": "error type",
    "evalue": "error message",
    "traceback": "traceback",
}


def _data_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> Difference:
    if set(ours) != set(theirs):
        return Difference("MIME types", ", ".join(sorted(ours)), ", ".join(sorted(theirs)))
    mime = next(mime for mime in sorted(ours) if ours[mime] != theirs[mime])
    return Difference(f"{mime} data", str(ours[mime]), str(theirs[mime]))


def _kind(output: Output) -> str:
    kind = str(output["output_type"])
    if kind == "stream":
        return f"{kind} {output['name']}"
    if kind == "error":
        return f"{kind} {output['ename']}"
    return kind


def _short(text: str, start: int, width: int) -> str:
    part = text[start : start + width]
    ellipsis = ("…" if start else "", "…" if start + width < len(text) else "")
    return repr(ellipsis[0] + part + ellipsis[1])
