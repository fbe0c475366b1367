"""Find the object an expression such as ``data["rows"][0].append`` names, without running it.

Completion and Shift+Tab help run on every keystroke, on code that is still
being typed: they must never call the student's code (a property that
downloads a file, a ``__getitem__`` that trains a model). Only names,
attributes that need no code to read, and literal subscripts of the builtin
containers are followed. ``name?`` help, which the student asks for
explicitly, may also read properties, as IPython does.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import types
from collections.abc import Mapping
from typing import Any, cast

__all__ = ["Unresolvable", "resolve", "static_attribute"]

# Descriptors implemented in C by Python itself: binding them runs no user code.
_SAFE_DESCRIPTORS: tuple[type, ...] = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    types.ClassMethodDescriptorType,
    types.MethodWrapperType,
    types.GetSetDescriptorType,
    types.MemberDescriptorType,
    classmethod,
    staticmethod,
)
_CONTAINERS: tuple[type, ...] = (dict, list, tuple, str)


class Unresolvable(LookupError):
    """The expression names nothing, or finding it would mean running code."""


def resolve(expression: str, namespace: Mapping[str, Any], *, dynamic: bool = False) -> Any:
    """The object ``expression`` names in ``namespace`` (builtins as fallback).

    With ``dynamic``, attributes are read with ``getattr`` (properties run)
    and any object can be subscripted with a literal; otherwise only what
    can be read without running code is followed. Raises `Unresolvable`
    for anything else.
    """
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError):
        raise Unresolvable(expression) from None
    return _Resolver(namespace, dynamic).visit(tree.body)


class _Resolver:
    def __init__(self, namespace: Mapping[str, Any], dynamic: bool) -> None:
        self._namespace = namespace
        self._dynamic = dynamic

    def visit(self, node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return self._name(node.id)
        if isinstance(node, ast.Attribute):
            return self._attribute(self.visit(node.value), node.attr)
        if isinstance(node, ast.Subscript):
            return self._item(self.visit(node.value), node.slice)
        if isinstance(node, ast.Constant):  # "text".upper, 1.5.hex
            return node.value
        raise Unresolvable(ast.dump(node))

    def _name(self, name: str) -> Any:
        if name in self._namespace:
            return self._namespace[name]
        if hasattr(builtins, name):
            return getattr(builtins, name)
        raise Unresolvable(name)

    def _attribute(self, obj: object, name: str) -> Any:
        if self._dynamic:
            try:
                return getattr(obj, name)
            except Exception:
                raise Unresolvable(name) from None
        return static_attribute(obj, name)

    def _item(self, obj: object, key_node: ast.expr) -> Any:
        try:
            key = ast.literal_eval(key_node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise Unresolvable("subscript") from None
        container = next((kind for kind in _CONTAINERS if isinstance(obj, kind)), None)
        if container is None and not self._dynamic:
            raise Unresolvable("subscript")
        try:
            if container is None:
                return obj[key]  # type: ignore[index]
            # The builtin method itself, not the object's: a subclass that
            # overrides __getitem__ is not called.
            return cast(Any, container).__getitem__(obj, key)
        except Exception:
            raise Unresolvable("subscript") from None


def static_attribute(obj: object, name: str) -> Any:
    """``getattr(obj, name)`` when reading it runs no user code, else `Unresolvable`."""
    try:
        found = inspect.getattr_static(obj, name)
    except AttributeError:
        raise Unresolvable(name) from None
    if isinstance(obj, types.ModuleType) or _in_instance_dict(obj, name):
        return found  # stored as is: no descriptor protocol applies
    owner = obj if isinstance(obj, type) else type(obj)
    instance = None if isinstance(obj, type) else obj
    if isinstance(found, _SAFE_DESCRIPTORS) or (instance is None and isinstance(found, property)):
        try:
            return cast(Any, found).__get__(instance, owner)
        except Exception:
            raise Unresolvable(name) from None
    if not hasattr(type(found), "__get__"):
        return found
    raise Unresolvable(name)  # a property or a descriptor written in Python


def _in_instance_dict(obj: object, name: str) -> bool:
    try:
        namespace = object.__getattribute__(obj, "__dict__")
    except AttributeError:
        return False
    return isinstance(namespace, dict) and name in namespace
