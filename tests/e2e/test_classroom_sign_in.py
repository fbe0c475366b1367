"""School sign-in and "My data" in Chromium, by keyboard, with axe on every new page in every
theme; the sign-in page and each error page of the school sign-in in English and French."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.config import OidcSettings
from ardoise.classroom.i18n import translate
from classroom.oidc_provider import TestProvider, free_port, served

from .axe import in_every_theme


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
        assert in_every_theme(page, seven_to_one=False) == []
        tab_to(page, "Sign in with ENT")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Signed in as Ada Lovelace")).to_be_visible()
        tab_to(page, "My data")
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="My data", level=1)).to_be_visible()
        assert in_every_theme(page, seven_to_one=False) == []
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
        assert in_every_theme(page, seven_to_one=False) == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_school_sign_in_and_its_error_pages_pass_axe_in_every_theme(
    browser: Browser, tmp_path: Path, language: str
) -> None:
    locale = {"en": "en-US", "fr": "fr-FR"}[language]
    context = browser.new_context(bypass_csp=True, locale=locale)
    found: dict[str, list[str]] = {}
    try:
        page = context.new_page()
        port = free_port()
        provider = TestProvider(f"http://127.0.0.1:{port}/signin/oidc/callback")
        provider.deny = True
        settings = OidcSettings(
            issuer=provider.issuer,
            client_id=provider.client_id,
            client_secret=provider.client_secret,
        )
        app = create_app(ClassroomConfig(data=tmp_path / "data", oidc=settings))
        school = translate(language, "oidc_button")
        failed = translate(language, "oidc_error_title")
        with served(app, port) as url:
            page.goto(f"{url}/signin")
            expect(page.locator("html")).to_have_attribute("lang", language)
            found["the sign-in page"] = in_every_theme(page, seven_to_one=False)
            # The school's service does not answer yet: "cannot be reached".
            page.get_by_role("link", name=school).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(failed)
            expect(page.get_by_role("alert")).to_contain_text(provider.issuer)
            found["unreachable"] = in_every_theme(page, seven_to_one=False)
            with served(provider.app(), provider.port):
                page.get_by_role("link", name=translate(language, "back_to_sign_in")).click()
                page.get_by_role("link", name=school).click()
                expect(page.get_by_role("alert")).to_have_text(translate(language, "oidc_denied"))
                found["refused by the school"] = in_every_theme(page, seven_to_one=False)
            page.goto(f"{url}/signin/oidc/callback?code=forged&state=forged")
            expect(page.get_by_role("alert")).to_have_text(translate(language, "oidc_bad_state"))
            found["not started here"] = in_every_theme(page, seven_to_one=False)
    finally:
        context.close()
    assert not any(found.values()), found
