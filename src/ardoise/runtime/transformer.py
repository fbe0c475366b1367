"""IPython's syntax on top of Python: magics, shell escapes and ``?`` help, turned into calls.

Like IPython's input transformers, a cell is rewritten before it is compiled:

- ``%%name args`` as the first line: ``get_ipython().run_cell_magic('name', 'args', body)``;
- ``%name args`` at the start of a statement: ``get_ipython().run_line_magic(...)``;
- ``x = %name args`` and ``x = !cmd``: the same call, assigned;
- ``!cmd``: ``get_ipython().system('cmd')``; ``!!cmd``: ``getoutput``;
- ``name?``, ``?name``: ``%pinfo name``; ``name??``, ``??name``: ``%pinfo2 name``.

Every line stays on its line (a cell magic takes the whole cell into its
first line), so line numbers in tracebacks still match what was typed. Text
inside strings and brackets is never rewritten.
"""

from __future__ import annotations

import re

__all__ = ["transform_cell"]

_HELP = re.compile(r"(?P<pre>\?\??)?(?P<name>%{0,2}[\w.\[\]'\"]+?)(?P<post>\?\??)?")
_ASSIGN = re.compile(r"(?P<target>[\w.,\[\]()'\" ]*[\w\])])\s*=\s*(?P<escape>%|!!?)(?P<rest>.*)")
_CELL_MAGIC = re.compile(r"%%[A-Za-z_]\w*(\s|$)")
_MAGIC = re.compile(r"%(?P<name>\w+)(?:\s+(?P<args>.*))?")
_BRACKETS = {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}


def transform_cell(cell: str) -> str:
    """Return ``cell`` as plain Python, with IPython's special syntax turned into calls."""
    lines = _dedent(cell.splitlines(keepends=True))
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _CELL_MAGIC.match(lines[first]):
        return "".join(lines[:first]) + _cell_magic(lines[first], lines[first + 1 :])
    scanner = _Scanner()
    out = []
    for line in lines:
        transformed = _transform_line(line) if scanner.at_statement_start else None
        if transformed is None:
            scanner.feed(line)
            transformed = line
        out.append(transformed)
    return "".join(out)


def _dedent(lines: list[str]) -> list[str]:
    # As IPython does: a cell pasted with its indentation still runs.
    first = next((line for line in lines if line.strip()), "")
    indent = first[: len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return lines
    return [line[len(indent) :] if line.startswith(indent) else line for line in lines]


def _cell_magic(first: str, body_lines: list[str]) -> str:
    name, _, args = first.rstrip("\r\n")[2:].partition(" ")
    body = "".join(body_lines)
    if body and not body.endswith("\n"):
        body += "\n"  # IPython hands magics a cell that ends with a newline
    return f"get_ipython().run_cell_magic({name!r}, {args.strip()!r}, {body!r})\n"


def _transform_line(line: str) -> str | None:
    text = line.rstrip("\r\n")
    ending = line[len(text) :]
    stripped = text.lstrip(" \t")
    indent = text[: len(text) - len(stripped)]
    call = _help(stripped) or _escaped(stripped) or _assigned(stripped)
    return None if call is None else f"{indent}{call}{ending}"


def _help(text: str) -> str | None:
    match = _HELP.fullmatch(text.rstrip())
    if match is None or bool(match["pre"]) == bool(match["post"]):
        return None
    level = len(match["pre"] or match["post"])
    return _magic_call("pinfo" if level == 1 else "pinfo2", match["name"])


def _escaped(text: str) -> str | None:
    if text.startswith("!!"):
        return f"get_ipython().getoutput({text[2:].strip()!r})"
    if text.startswith("!"):
        return f"get_ipython().system({text[1:].strip()!r})"
    match = _MAGIC.fullmatch(text.rstrip())
    if match is None or text.startswith("%%"):
        return None
    args = (match["args"] or "").strip()
    # "%time f();" hides the result, as "f();" does: the semicolon stays outside.
    semicolon = ";" if args.endswith(";") else ""
    return _magic_call(match["name"], args.removesuffix(";").rstrip()) + semicolon


def _assigned(text: str) -> str | None:
    match = _ASSIGN.fullmatch(text.rstrip())
    if match is None:
        return None
    rest = match["rest"].strip()
    if match["escape"] == "%":
        name, _, args = rest.partition(" ")
        if not name.isidentifier():
            return None
        call = _magic_call(name, args.strip())
    else:
        call = f"get_ipython().getoutput({rest!r})"
    return f"{match['target']} = {call}"


def _magic_call(name: str, args: str) -> str:
    return f"get_ipython().run_line_magic({name!r}, {args!r})"


class _Scanner:
    """Follows strings, brackets and backslashes, to know where statements start."""

    def __init__(self) -> None:
        self._quote = ""  # the quote that closes the string we are in, if any
        self._depth = 0
        self._continued = False
        self._comment = False

    @property
    def at_statement_start(self) -> bool:
        return not self._quote and self._depth == 0 and not self._continued

    def feed(self, line: str) -> None:
        text = line.rstrip("\r\n")
        index = 0
        self._comment = False
        while index < len(text):
            index = self._step(text, index)
        if len(self._quote) == 1 and not text.endswith("\\"):
            self._quote = ""  # an unclosed one-line string: let the compiler complain
        self._continued = text.endswith("\\") and not self._comment and not self._quote

    def _step(self, text: str, index: int) -> int:
        char = text[index]
        if self._quote:
            if char == "\\":
                return index + 2
            if text.startswith(self._quote, index):
                closing, self._quote = self._quote, ""
                return index + len(closing)
            return index + 1
        if char == "#":
            self._comment = True
            return len(text)
        if char in "'\"":
            self._quote = text[index : index + 3] if text[index : index + 3] == char * 3 else char
            return index + len(self._quote)
        self._depth = max(0, self._depth + _BRACKETS.get(char, 0))
        return index + 1
