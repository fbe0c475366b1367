"""The runtime's own sentences follow the page's language; Python's and IPython's stay."""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest

from ardoise.runtime import Kernel, messages
from ardoise.runtime.messages_fr import FRENCH

from .conftest import Recorder


def fields(template: object) -> set[str]:
    assert isinstance(template, str), template
    return {name for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    messages.use_language(None)


def test_every_sentence_is_translated_or_kept_as_ipython_says_it() -> None:
    translatable = set(messages.ENGLISH) - messages.KEPT_AS_IPYTHON_SAYS
    assert not set(FRENCH) - set(messages.ENGLISH), "French names no English sentence"
    assert not translatable - set(FRENCH), "English sentences without French"
    assert set(messages.ENGLISH) >= messages.KEPT_AS_IPYTHON_SAYS
    assert not messages.KEPT_AS_IPYTHON_SAYS & set(FRENCH)


@pytest.mark.parametrize("name", sorted(FRENCH))
def test_a_translation_fills_the_same_fields(name: str) -> None:
    assert fields(FRENCH[name]) == fields(messages.ENGLISH[name])


def test_a_french_kernel_says_its_own_sentences_in_french(recorder: Recorder) -> None:
    kernel = Kernel(recorder, language="fr-FR")
    kernel.execute("!ls")
    [error] = recorder.of_type("error")
    assert error["evalue"].startswith("Les commandes du shell (!ls) ne sont pas disponibles")


def test_python_and_ipython_keep_their_own_words_in_french(recorder: Recorder) -> None:
    kernel = Kernel(recorder, language="fr")
    kernel.execute("%time x = 1\nundefined_name")
    printed = "".join(m["text"] for m in recorder.of_type("stream"))
    assert "Wall time:" in printed
    [error] = recorder.of_type("error")
    assert error["ename"] == "NameError"
    assert error["evalue"] == "name 'undefined_name' is not defined"


def test_a_language_without_translations_and_the_default_are_english(recorder: Recorder) -> None:
    Kernel(recorder, language="fr")
    kernel = Kernel(recorder, language="de")
    kernel.execute("!ls")
    kernel = Kernel(recorder)
    kernel.execute("!pwd")
    first, second = recorder.of_type("error")
    assert first["evalue"].startswith("Shell commands (!ls) are not available")
    assert second["evalue"].startswith("Shell commands (!pwd) are not available")
