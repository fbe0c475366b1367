"""Every page: English or French, security headers, no script from students' content."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from ardoise.classroom.i18n import LANGUAGES, MESSAGES

from .conftest import Classroom, post_form


def test_every_message_is_in_english_and_french() -> None:
    missing = [key for key, texts in MESSAGES.items() if set(texts) != set(LANGUAGES)]
    assert missing == []


def test_pages_follow_the_browsers_language_and_a_remembered_choice(
    a_classroom: Classroom,
) -> None:
    browser = a_classroom.browser()
    french = browser.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}).text
    assert '<html lang="fr">' in french
    assert "Rejoindre une activité" in french
    assert '<html lang="en">' in browser.get("/", headers={"Accept-Language": "de, en;q=0.5"}).text
    chosen = post_form(browser, "/language", {"language": "fr", "next": "/signin"})
    assert chosen.headers["location"] == "/signin"
    assert "Se connecter" in browser.get("/signin", headers={"Accept-Language": "en"}).text


def test_pages_and_the_api_carry_security_headers(a_classroom: Classroom) -> None:
    browser = a_classroom.browser()
    for path in ("/", "/api/openapi.json", "/no/such/page"):
        headers = browser.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_student_content_is_shown_as_text_never_run_in_the_teachers_page(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    attack = "<script>alert('pwned')</script>"
    student, copy_id = a_classroom.guest(code, name=attack)
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": attack}],
    }
    saved = student.put(f"/api/copies/{copy_id}", json={"version": 1, "notebook": notebook})
    assert saved.status_code == 200
    for html in (
        a_teacher.get(f"/teacher/activities/{activity_id}").text,
        student.get(f"/copies/{copy_id}").text,
    ):
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
    assert json.loads(json.dumps(notebook))["cells"][0]["source"] == attack


def test_an_unknown_page_says_so_in_the_visitors_language(a_classroom: Classroom) -> None:
    response = a_classroom.browser().get("/nowhere", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert re.search(r"Cette page n'existe pas|Cette page n&#39;existe pas", response.text)
