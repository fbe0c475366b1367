"""A notebook's title is the first heading of its first Markdown cell, as plain text."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from ardoise.notebook import notebook_title


@pytest.mark.parametrize(
    ("markdown", "title"),
    [
        ("# Welcome", "Welcome"),
        ("## **Bold** and `code` ##", "Bold and code"),
        ("# *Emphasis* and _more_, ~~not~~", "Emphasis and more, not"),
        ("# snake_case_names and 2*3*4 stay", "snake_case_names and 2*3*4 stay"),
        ("# [Linked](https://example.org) ![logo](logo.png) title", "Linked logo title"),
        ('# Title<a id="top"></a>', "Title"),
        ("   ###   Spaced   out   ", "Spaced out"),
        ("Setext title\n============\n\nText.", "Setext title"),
        ("A two-line\nsetext title\n---", "A two-line setext title"),
        ('<div align="right">By me</div>\n\n# After HTML', "After HTML"),
        ("```python\n# a comment\n```\n# After code", "After code"),
        ("#hashtag is not a heading", None),
        ("Text, then a rule:\n\n---\n", None),
        ("#", None),
        ("No heading at all.", None),
    ],
)
def test_the_title_is_the_first_heading_without_markup(markdown: str, title: str | None) -> None:
    notebook = new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell(markdown)])
    assert notebook_title(notebook) == title


def test_a_heading_after_the_first_markdown_cell_is_not_the_title() -> None:
    cells = [new_markdown_cell("Introduction."), new_markdown_cell("# Too late")]
    assert notebook_title(new_notebook(cells=cells)) is None


def test_a_notebook_without_markdown_has_no_title() -> None:
    assert notebook_title(new_notebook(cells=[new_code_cell("# Not Markdown")])) is None


def test_sources_stored_as_lists_of_lines_are_read_too() -> None:
    notebook = nbformat.from_dict(
        {"cells": [{"cell_type": "markdown", "source": ["# Split\n", "Text"]}]}
    )
    assert notebook_title(notebook) == "Split"
