"""JSON files of the site, written the same way every time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["write_json"]


def write_json(path: Path, data: Any) -> None:
    """UTF-8, one-space indent, sorted keys and a final newline, so builds are reproducible."""
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
