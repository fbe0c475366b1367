"""Finding the object an expression names without running the student's code."""

from __future__ import annotations

import math
from typing import Any

import pytest

from ardoise.runtime.lookup import Unresolvable, resolve


class Tricky:
    """Attributes of every kind, some of which would run code if read."""

    level = 1

    def __init__(self) -> None:
        self.inside = [10, 20]

    @property
    def costly(self) -> int:
        raise AssertionError("a property ran")

    def method(self) -> str:
        return "m"

    @classmethod
    def build(cls) -> Tricky:
        return cls()

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"__getattr__ ran for {name}")


class Descriptor:
    def __get__(self, instance: object, owner: type) -> int:
        raise AssertionError("a descriptor ran")


class WithDescriptor:
    value = Descriptor()


@pytest.fixture
def namespace() -> dict[str, Any]:
    return {
        "tricky": Tricky(),
        "math": math,
        "table": {"k": [1, {"deep": math}]},
        "WD": WithDescriptor,
    }


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("math.pi", math.pi),
        ("tricky.level", 1),
        ("tricky.inside[1]", 20),
        ("table['k'][1]['deep'].tau", math.tau),
        ("len", len),
        ("'abc'.upper.__name__", "upper"),
    ],
)
def test_names_attributes_and_literal_subscripts_are_followed(
    namespace: dict[str, Any], expression: str, expected: object
) -> None:
    assert resolve(expression, namespace) == expected


def test_methods_come_back_bound_as_getattr_would_give_them(namespace: dict[str, Any]) -> None:
    assert resolve("tricky.method", namespace)() == "m"
    assert isinstance(resolve("tricky.build", namespace)(), Tricky)
    assert resolve("Tricky.costly", {"Tricky": Tricky}) is Tricky.__dict__["costly"]


@pytest.mark.parametrize(
    "expression",
    [
        "tricky.costly",  # a property
        "tricky.missing",  # would call __getattr__
        "WD.value",  # a descriptor written in Python
        "tricky.method()",  # a call
        "table[len('k')]",  # a subscript that is not a literal
        "nowhere",
        "1 +",
    ],
)
def test_anything_that_would_run_code_is_unresolvable(
    namespace: dict[str, Any], expression: str
) -> None:
    with pytest.raises(Unresolvable):
        resolve(expression, namespace)


def test_dynamic_lookup_reads_properties_as_help_may(namespace: dict[str, Any]) -> None:
    namespace["Point"] = type("Point", (), {"x": property(lambda self: 3)})
    namespace["point"] = namespace["Point"]()
    assert resolve("point.x", namespace, dynamic=True) == 3
    with pytest.raises(Unresolvable):
        resolve("point.x", namespace)
