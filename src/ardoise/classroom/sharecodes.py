"""Share codes: short enough to read aloud, too many to guess.

Ten characters from 31 letters and digits that cannot be confused (no 0/O, 1/I/L)
give about 8.2e14 codes; with unknown codes rate-limited per address, a class
of guesses finds nothing. Codes are shown as two groups of five.
"""

from __future__ import annotations

import re
import secrets

__all__ = ["ALPHABET", "CODE_LENGTH", "display_code", "new_code", "normalize_code"]

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10


def new_code() -> str:
    """A random share code (the database's unique constraint catches the rare repeat)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str | None:
    """The code someone typed, without spaces, dashes or case; None if it cannot be one."""
    code = re.sub(r"[\s\-]", "", typed).upper()
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code


def display_code(code: str) -> str:
    """`ABCDE-FGHJK`: easier to read aloud and to copy from a board."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"
