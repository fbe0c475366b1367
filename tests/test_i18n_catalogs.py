"""The UI's catalogs are complete: every key in French, every key used, the same placeholders.

The catalogs are frontend/src/i18n/en.ts (the reference) and fr.ts. A key is
used when the front end's sources name it in quotes, or build it from a
template (`kernel.${status}`) whose variable part is itself a quoted word of
the sources.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "frontend" / "src"
I18N = SOURCES / "i18n"
ENTRY = re.compile(r'^\s*"([\w.-]+)":\s*(".*"),?\s*$', re.MULTILINE)
QUOTED = re.compile(r"""["'`]([\w.-]+)["'`]""")
TEMPLATE = re.compile(r"`([\w.-]*)\$\{[^}`]*\}([\w.-]*)`")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def catalog(name: str) -> dict[str, str]:
    return dict(ENTRY.findall((I18N / f"{name}.ts").read_text(encoding="utf-8")))


def app_sources() -> str:
    files = sorted(p for p in SOURCES.rglob("*.ts") if p.parent != I18N)
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def used_keys(keys: set[str], sources: str) -> set[str]:
    words = set(QUOTED.findall(sources))
    used = keys & words
    for prefix, suffix in TEMPLATE.findall(sources):
        for key in keys - used:
            middle = key[len(prefix) : len(key) - len(suffix)]
            if key.startswith(prefix) and key.endswith(suffix) and middle in words:
                used.add(key)
    return used


def test_the_catalogs_are_read_whole() -> None:
    # Every line that looks like an entry is one: a multi-line value would hide keys.
    for name in ("en", "fr"):
        text = (I18N / f"{name}.ts").read_text(encoding="utf-8")
        assert len(catalog(name)) == len(re.findall(r'^\s*"[\w.-]+":', text, re.MULTILINE))
    assert len(catalog("en")) > 100


def test_every_english_key_has_a_french_text_and_no_other() -> None:
    en, fr = catalog("en"), catalog("fr")
    missing = sorted(set(en) - set(fr))
    extra = sorted(set(fr) - set(en))
    assert not missing, f"keys missing in fr.ts: {missing}"
    assert not extra, f"keys in fr.ts that en.ts does not have: {extra}"
    assert not [key for key, text in fr.items() if text == '""'], "empty French texts"


def test_both_languages_fill_the_same_placeholders() -> None:
    en, fr = catalog("en"), catalog("fr")
    different = [
        key
        for key in en
        if key in fr and set(PLACEHOLDER.findall(en[key])) != set(PLACEHOLDER.findall(fr[key]))
    ]
    assert not different, f"placeholders differ between en.ts and fr.ts: {different}"


def test_every_key_is_used_by_the_app() -> None:
    keys = set(catalog("en"))
    unused = sorted(keys - used_keys(keys, app_sources()))
    assert not unused, f"keys defined in en.ts but never used in frontend/src: {unused}"


def test_every_key_the_app_asks_for_is_defined() -> None:
    asked = set(re.findall(r"""\bt\(\s*["']([\w.-]+)["']""", app_sources()))
    undefined = sorted(asked - set(catalog("en")))
    assert not undefined, f"keys used with t() but missing in en.ts: {undefined}"
