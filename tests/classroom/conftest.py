"""Fixtures for the classroom server: a real database file, the app driven over HTTP."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.accounts import create_account
from ardoise.classroom.live_room import Timing
from ardoise.classroom.models import Role
from e2e.conftest import CHROMIUM, CHROMIUM_FLAGS

from .live_client import LiveClient, LiveServer
from .postgres import ThrowawayPostgres, postgres_binaries

# Real notebooks that ship with the repository: the demo course.
NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "content"
PASSWORD = "correct horse battery staple"
API = {"Content-Type": "application/json"}


def a_notebook(*sources: str) -> dict[str, Any]:
    """A small valid nbformat 4 notebook with one code cell per source."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": "code",
                "id": f"cell-{number}",
                "metadata": {},
                "source": source,
                "outputs": [],
                "execution_count": None,
            }
            for number, source in enumerate(sources or ("print('hello')",))
        ],
    }


def notebook_bytes(*sources: str) -> bytes:
    return json.dumps(a_notebook(*sources)).encode()


def csrf_of(client: TestClient) -> str:
    """The form token of this browser (getting the home page gives one if needed)."""
    if "ardoise_csrf" not in client.cookies:
        client.get("/")
    token = client.cookies.get("ardoise_csrf")
    assert token
    return token


def post_form(
    client: TestClient, path: str, data: Mapping[str, str | list[str]], **options: Any
) -> Any:
    """Post a form as the browser would, with its CSRF token (a list: a field sent once per
    value, as ticked checkboxes are)."""
    return client.post(path, data={"csrf_token": csrf_of(client), **data}, **options)


def error_of(html: str, field: str) -> str:
    """The error text shown for `field`, checked to be tied to the field for screen readers."""
    match = re.search(rf'<p class="error" id="{field}-error">([^<]*)</p>', html)
    assert match, f"no error shown for {field}"
    assert re.search(rf'id="{field}"[^>]*aria-describedby="[^"]*{field}-error', html, re.S)
    return match.group(1)


@dataclass
class Classroom:
    """One classroom server on a fresh SQLite file, and ways to act in it as people do."""

    app: FastAPI
    config: ClassroomConfig

    def browser(self, base_url: str = "http://testserver") -> TestClient:
        """A new browser: its own cookies; redirects are not followed, to see them."""
        return TestClient(self.app, base_url=base_url, follow_redirects=False)

    def account(self, username: str, role: Role, name: str | None = None) -> None:
        with self.app.state.sessions() as db:
            create_account(
                db,
                username=username,
                display_name=name or username.title(),
                password=PASSWORD,
                role=role,
            )

    def signed_in(self, username: str, role: Role | None = None) -> TestClient:
        """A browser signed in as `username` (the account is created if `role` is given)."""
        if role is not None:
            self.account(username, role)
        client = self.browser()
        response = post_form(client, "/signin", {"username": username, "password": PASSWORD})
        assert response.status_code == 303, response.text
        return client

    def activity(self, teacher: TestClient, title: str = "Loops", **fields: str) -> tuple[int, str]:
        """Create an activity as `teacher`; its id and share code."""
        data = {
            "title": title,
            "instructions": "",
            "due": "",
            "late_accepted": "1",
            "guests_allowed": "1",
            "keep_working": "1",  # ticked in the form by default
            **fields,
        }
        response = post_form(
            teacher,
            "/teacher/activities",
            data,
            files={"notebook": ("loops.ipynb", notebook_bytes("x = 1"), "application/json")},
        )
        assert response.status_code == 303, response.text
        activity_id = int(response.headers["location"].rsplit("/", 1)[1])
        page = teacher.get(f"/teacher/activities/{activity_id}").text
        code = re.search(r"/join/([A-Z0-9]+)", page)
        assert code
        return activity_id, code.group(1)

    def guest(self, code: str, name: str = "Ada L.") -> tuple[TestClient, int]:
        """A student who joins with just a name: their browser and copy id."""
        client = self.browser()
        response = post_form(client, f"/join/{code}", {"name": name})
        assert response.status_code == 303, response.text
        return client, int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="session")
def a_postgres_cluster() -> Iterator[ThrowawayPostgres]:
    """A PostgreSQL cluster for the whole run (skipped where PostgreSQL is not installed)."""
    binaries = postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (.ci/run installs Debian's postgresql)")
    cluster = ThrowawayPostgres(binaries)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def a_classroom(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Classroom]:
    """A classroom on a new SQLite file in tmp_path, or a new PostgreSQL database."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("a_postgres_cluster").new_database()
    config = ClassroomConfig(
        data=tmp_path / "data", database_url=url, max_notebook_bytes=200_000, max_failed_codes=20
    )
    app = create_app(config)
    yield Classroom(app, config)
    app.state.sessions.kw["bind"].dispose()


@pytest.fixture
def a_teacher(a_classroom: Classroom) -> TestClient:
    return a_classroom.signed_in("tina", Role.TEACHER)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, for the tests that look at the server's pages in a browser."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


FAST = Timing(save_after=0.2, save_within=2.0, unload_after=0.5, compact_rows=200)


@dataclass
class LiveCopy:
    """A served classroom with one activity, its teacher, and one student's copy."""

    classroom: Classroom
    server: LiveServer
    teacher: TestClient
    student: TestClient
    activity_id: int
    code: str
    copy_id: int

    def client(
        self,
        browser: TestClient | None,
        *,
        mode: str = "",
        origin: str | None = "",
        name: str = "client",
    ) -> LiveClient:
        cookie = browser.cookies.get("ardoise_session") if browser is not None else None
        query = f"?mode={mode}" if mode else ""
        return LiveClient(
            self.server.url(self.copy_id, query),
            cookie=cookie,
            origin=self.server.origin if origin == "" else origin,
            name=name,
        )

    def stored(self) -> dict[str, object]:
        """The copy as the JSON API gives it (what the dashboard and exports read)."""
        response = self.student.get(f"/api/copies/{self.copy_id}")
        assert response.status_code == 200
        copy: dict[str, object] = response.json()
        return copy


@pytest.fixture
def a_live_copy(a_classroom: Classroom) -> Iterator[LiveCopy]:
    a_classroom.app.state.live.timing = FAST
    teacher = a_classroom.signed_in("tina", Role.TEACHER)
    activity_id, code = a_classroom.activity(teacher, keep_working="")
    student, copy_id = a_classroom.guest(code)
    server = LiveServer(a_classroom.app).start()
    yield LiveCopy(a_classroom, server, teacher, student, activity_id, code, copy_id)
    server.stop()
