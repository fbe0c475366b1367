"""School sign-in and "My data" in Chromium, by keyboard, with axe on every new page."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.config import OidcSettings
from classroom.oidc_provider import TestProvider, free_port, served

from .axe import violations


def tab_to(page: Page, name: str, limit: int = 30) -> None:
    """Press Tab until the focused element is the one called `name`, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.textContent")
        if focused and focused.strip() == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab")


def test_a_student_signs_in_with_the_school_account_and_downloads_their_data_by_keyboard(
    browser: Browser, tmp_path: Path
) -> None:
    # axe is injected as a script, which the classroom's strict CSP (rightly) forbids.
    context = browser.new_context(bypass_csp=True, locale="en-US", accept_downloads=True)
    try:
        _sign_in_and_download(context.new_page(), tmp_path)
    finally:
        context.close()


def _sign_in_and_download(page: Page, tmp_path: Path) -> None:
    port = free_port()
    provider = TestProvider(f"http://127.0.0.1:{port}/signin/oidc/callback")
    settings = OidcSettings(
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        button="Sign in with ENT",
    )
    app = create_app(ClassroomConfig(data=tmp_path / "data", oidc=settings))
    with served(provider.app(), provider.port), served(app, port) as url:
        page.goto(f"{url}/signin")
        assert violations(page) == []
        tab_to(page, "Sign in with ENT")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Signed in as Ada Lovelace")).to_be_visible()
        tab_to(page, "My data")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="My data", level=1)).to_be_visible()
        assert violations(page) == []
        tab_to(page, "Download my data (.zip)")
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith("-data.zip")
        tab_to(page, "Sign out")
        page.keyboard.press("Enter")
        expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
        provider.deny = True
        page.goto(f"{url}/signin")
        tab_to(page, "Sign in with ENT")
        page.keyboard.press("Enter")
        expect(page.get_by_role("alert")).to_contain_text("did not sign you in")
        assert violations(page) == []
