"""The colours of people working together meet WCAG AA on every theme's ground.

A caret (a user-interface component) needs 3:1 against the editor's ground; the
name label and the cell marker draw black text on the person's colour, which
needs 4.5:1. The colours and grounds are read from the front end's sources.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

FRONTEND = Path(__file__).resolve().parents[1] / "frontend" / "src"
PALETTE = re.findall(
    r"#[0-9a-f]{6}",
    re.search(r"PALETTE = \[(.*?)\]", (FRONTEND / "collab" / "user.ts").read_text())[1],  # type: ignore[index]
)
GROUNDS = re.findall(
    r"--bg: light-dark\((#[0-9a-f]{6}), (#[0-9a-f]{6})\)", (FRONTEND / "styles.css").read_text()
)


def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_palette_and_the_grounds_are_found() -> None:
    assert len(PALETTE) == len(set(PALETTE)) >= 8
    assert len(GROUNDS) >= 2  # the usual themes and the high-contrast ones


@pytest.mark.parametrize("colour", PALETTE)
def test_a_caret_stands_out_on_every_ground_and_its_label_is_readable(colour: str) -> None:
    for ground in {g for pair in GROUNDS for g in pair}:
        assert contrast(colour, ground) >= 3, f"{colour} on {ground}"
    assert contrast(colour, "#000000") >= 4.5, f"black text on {colour}"
