"""From a cell's source to code objects, the way IPython does it.

The last statement, when it is an expression, is compiled apart so that its
value can be displayed. Each cell gets a unique file name registered in
``linecache``, so tracebacks, ``inspect.getsource`` and warnings can show its
lines; ``from __future__`` imports carry over to later cells; ``await`` is
allowed at the top level.
"""

from __future__ import annotations
import __future__

import ast
import io
import itertools
import linecache
import tokenize
from dataclasses import dataclass
from inspect import CO_COROUTINE
from types import CodeType

__all__ = ["CellRegistry", "CompiledCell", "Compiler", "ends_with_semicolon"]

# File names are unique in the process: several kernels share one linecache.
_serials = itertools.count(1)

_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag

_NOT_CODE = frozenset(
    {
        tokenize.COMMENT,
        tokenize.NL,
        tokenize.NEWLINE,
        tokenize.ENDMARKER,
        tokenize.INDENT,
        tokenize.DEDENT,
    }
)


class CellRegistry:
    """The source of every cell run so far, by file name, with its label."""

    def __init__(self) -> None:
        self._cells: dict[str, tuple[str, list[str]]] = {}

    def register(self, source: str, label: str) -> str:
        """Record ``source`` under a new file name and return that name."""
        filename = f"<cell-{next(_serials)}>"
        lines = source.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        self._cells[filename] = (label, lines)
        self._put_in_linecache(filename, lines)
        return filename

    def label(self, filename: str) -> str | None:
        """``"Cell In[3]"`` for a cell's file name, ``None`` for any other file."""
        cell = self._cells.get(filename)
        return cell[0] if cell else None

    def lines(self, filename: str) -> list[str]:
        """The lines of a cell (with line endings); empty for any other file."""
        cell = self._cells.get(filename)
        if cell is None:
            return []
        # Someone may have called linecache.clearcache(): put the cell back.
        self._put_in_linecache(filename, cell[1])
        return cell[1]

    @staticmethod
    def _put_in_linecache(filename: str, lines: list[str]) -> None:
        # mtime None tells linecache.checkcache not to look for the file on disk.
        linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)


@dataclass(frozen=True)
class CompiledCell:
    """A cell ready to run: statements, then an expression whose value is shown."""

    body: CodeType | None
    last_expression: CodeType | None

    @staticmethod
    def is_coroutine(code: CodeType) -> bool:
        """Whether running ``code`` returns a coroutine (the cell used ``await``)."""
        return bool(code.co_flags & CO_COROUTINE)


class Compiler:
    """Compiles cells, remembering the ``from __future__`` imports seen so far."""

    def __init__(self) -> None:
        self.flags = 0

    def compile(self, source: str, filename: str, *, display_last: bool) -> CompiledCell:
        """Compile a cell; raises ``SyntaxError`` as ``compile`` does.

        With ``display_last``, a final expression statement is compiled apart,
        unless the cell ends with a semicolon.
        """
        module = ast.parse(source, filename, "exec")
        last: ast.expr | None = None
        final = module.body[-1] if module.body else None
        if display_last and isinstance(final, ast.Expr) and not ends_with_semicolon(source):
            module.body.pop()
            last = final.value
        body = self._compile(module, filename, "exec") if module.body else None
        if body is not None:
            self.flags |= body.co_flags & _FUTURE_FLAGS
        expression = None
        if last is not None:
            expression = self._compile(ast.Expression(last), filename, "eval")
        return CompiledCell(body, expression)

    def _compile(self, tree: ast.Module | ast.Expression, filename: str, mode: str) -> CodeType:
        # dont_inherit: the runtime's own `from __future__ import annotations`
        # must not leak into the user's code.
        flags = self.flags | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
        code: CodeType = compile(tree, filename, mode, flags, dont_inherit=True)
        return code


def ends_with_semicolon(source: str) -> bool:
    """Whether the last token of ``source``, comments aside, is ``;``."""
    last = ""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type not in _NOT_CODE:
                last = token.string
    except (tokenize.TokenError, SyntaxError):
        return False
    return last == ";"
