"""A copy full of attempts to run script is shown to its teacher as inert text.

The HTML is checked for any markup that did not come from the templates, and the
pages are opened in a real Chromium with the Content-Security-Policy switched
off, so that escaping alone is what is tested: no dialog opens, no flag is set.
The CSP itself, the second line, is checked on the responses. axe checks the
new pages while they are open.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Route

from ardoise.classroom.models import Role
from e2e.axe import Audit

from .conftest import API, Classroom, notebook_bytes, post_form

# Each attempt, if it ran, would set window.pwned or open a dialog.
RUN = "window.pwned=1;alert(1)"
SCRIPT = f"<script>{RUN}</script>"
IMG = f'<img src=x onerror="{RUN}">'
SVG = f'<svg xmlns="http://www.w3.org/2000/svg" onload="{RUN}"><script>{RUN}</script></svg>'
# A real PNG of one pixel.
PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
# The templates' own tags: anything else in a page came from the copy.
TEMPLATE_TAGS = {
    *("html", "head", "meta", "title", "link", "body", "header", "nav", "main", "div"),
    *("a", "p", "span", "pre", "code", "img", "h1", "h2", "h3", "dl", "dt", "dd", "ol", "ul"),
    *("li", "form", "input", "label", "select", "option", "button", "textarea", "fieldset"),
    *("legend", "table", "thead", "tbody", "tr", "th", "td"),
}


def attempts() -> dict[str, Any]:
    """A valid notebook whose every text place carries markup or script."""
    output_meta = {"evil": SCRIPT}
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"title": SCRIPT, "kernelspec": {"name": IMG, "display_name": SVG}},
        "cells": [
            {
                "cell_type": "markdown",
                "id": "md",
                "metadata": {"tags": [SCRIPT]},
                "source": f"# Title {SCRIPT}\n\n{IMG}\n\n[x](javascript:{RUN})",
                "attachments": {f"{IMG}.png": {"image/png": PNG}},
            },
            {
                "cell_type": "code",
                "id": "code",
                "metadata": {},
                "execution_count": 1,
                "source": f"print('{SCRIPT}')",
                "outputs": [
                    {"output_type": "stream", "name": "stdout", "text": SCRIPT},
                    {
                        "output_type": "display_data",
                        "metadata": output_meta,
                        "data": {"text/html": SCRIPT + IMG, "text/plain": IMG},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/svg+xml": SVG, f"text/{SCRIPT}": "x"},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"application/javascript": RUN},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        # Not a PNG at all: markup pretending to be base64.
                        "data": {"image/png": f'"><script>{RUN}</script>'},
                    },
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/png": PNG, "text/plain": f'" onload="{RUN}'},
                    },
                    {
                        "output_type": "execute_result",
                        "execution_count": 1,
                        "metadata": {},
                        "data": {"text/markdown": IMG, "text/latex": SCRIPT},
                    },
                    {
                        "output_type": "error",
                        "ename": IMG,
                        "evalue": SCRIPT,
                        "traceback": [f"\x1b[31m{SCRIPT}\x1b[0m"],
                    },
                ],
            },
            {"cell_type": "raw", "id": "raw", "metadata": {}, "source": SVG},
        ],
    }


def a_hostile_copy(classroom: Classroom, teacher: TestClient) -> tuple[int, int, TestClient]:
    data = notebook_bytes("x = 1")
    response = post_form(
        teacher,
        "/teacher/activities",
        {"title": f"Loops {SCRIPT}", "instructions": IMG, "due": "", "guests_allowed": "1"},
        files={"notebook": (f"{IMG}.ipynb", data, "application/json")},
    )
    assert response.status_code == 303, response.text
    activity_id = int(response.headers["location"].rsplit("/", 1)[1])
    code = re.search(r"/join/([A-Z0-9]+)", teacher.get(f"/teacher/activities/{activity_id}").text)
    assert code
    student, copy_id = classroom.guest(code.group(1), f"Eve {IMG}")
    saved = student.put(f"/api/copies/{copy_id}", json={"version": 1, "notebook": attempts()})
    assert saved.status_code == 200, saved.text
    assert student.post(f"/api/copies/{copy_id}/submit", json={"version": 2}, headers=API)
    post_form(teacher, f"/teacher/copies/{copy_id}/comments", {"cell_index": "0", "comment": SVG})
    post_form(
        teacher,
        f"/teacher/copies/{copy_id}/grade",
        {"grade": "<b>A</b>", "grade_comment": SCRIPT, "action": "return"},
    )
    return activity_id, copy_id, student


def foreign_tags(html: str) -> set[str]:
    return {tag.lower() for tag in re.findall(r"<([a-zA-Z][\w-]*)", html)} - TEMPLATE_TAGS


def test_no_markup_from_the_copy_reaches_the_html_and_the_csp_is_strict(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, copy_id, student = a_hostile_copy(a_classroom, a_teacher)
    admin = a_classroom.signed_in("root", Role.ADMIN)
    pages = [
        (a_teacher, f"/teacher/copies/{copy_id}"),
        (a_teacher, f"/teacher/activities/{activity_id}"),
        (a_teacher, f"/teacher/activities/{activity_id}/delete"),
        (a_teacher, "/teacher"),
        (student, f"/copies/{copy_id}"),
        (admin, "/admin/students"),
    ]
    for browser, path in pages:
        response = browser.get(path)
        assert response.status_code == 200, path
        html = response.text
        assert foreign_tags(html) == set(), path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "<script" not in html.lower(), path
        # Attribute values are quoted, their own quotes escaped: look outside them.
        tags = [re.sub(r'"[^"]*"', '""', tag) for tag in re.findall(r"<[a-zA-Z][^>]*>", html)]
        assert not [tag for tag in tags if re.search(r"\son\w+\s*=", tag)], path
        assert "javascript:" not in re.sub(
            r"&[^;]+;", "", "".join(re.findall(r'href="[^"]*"', html))
        )
    review = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "&lt;script&gt;window.pwned=1;alert(1)&lt;/script&gt;" in review
    images = re.findall(r"<img [^>]*>", review)
    assert len(images) == 1  # the one real PNG, as a data: URL
    assert f'src="data:image/png;base64,{PNG}"' in images[0]
    assert 'alt="&#34; onload=&#34;window.pwned=1;alert(1)"' in images[0]
    assert "An output not shown here (text/html)." in review
    assert "An output not shown here (image/svg+xml, text/&lt;script&gt;" in review
    assert "An output not shown here (application/javascript)." in review
    assert "An output not shown here (image/png)." in review
    assert "\x1b" not in review


def test_in_a_real_browser_nothing_in_the_copy_runs_even_without_the_csp(
    a_classroom: Classroom, a_teacher: TestClient, chromium: Browser
) -> None:
    activity_id, copy_id, student = a_hostile_copy(a_classroom, a_teacher)
    origin = "http://classroom.test"

    def as_user(browser: TestClient) -> Any:
        def serve(route: Route) -> None:
            response = browser.get(route.request.url.removeprefix(origin))
            route.fulfill(
                status=response.status_code, headers=dict(response.headers), body=response.content
            )

        return serve

    dialogs: list[str] = []
    context = chromium.new_context(bypass_csp=True, locale="en-US")
    try:
        tab = context.new_page()
        tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        errors: list[str] = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        audit = Audit(tab)
        for browser, path in [
            (a_teacher, f"/teacher/copies/{copy_id}"),
            (a_teacher, f"/teacher/activities/{activity_id}"),
            (a_teacher, f"/teacher/activities/{activity_id}/delete"),
            (student, f"/copies/{copy_id}"),
        ]:
            tab.unroute("**/*")
            tab.route(f"{origin}/**", as_user(browser))
            tab.goto(origin + path)
            tab.wait_for_load_state("load")
            # Hovering and focusing every element gives event-handler attributes their chance.
            for element in tab.locator("body *").all()[:200]:
                element.dispatch_event("mouseover")
            assert tab.evaluate("window.pwned") is None, path
            audit.check(path)
        assert dialogs == []
        assert errors == []
        # The one real image was shown: escaping did not break the page.
        tab.unroute("**/*")
        tab.route(f"{origin}/**", as_user(a_teacher))
        tab.goto(f"{origin}/teacher/copies/{copy_id}")
        assert tab.locator("img.output").evaluate("image => image.naturalWidth") == 1
        assert tab.get_by_text(SCRIPT).first.is_visible()
        assert audit.found == {}, audit.report()
    finally:
        context.close()
