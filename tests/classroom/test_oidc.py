"""School sign-in, end to end: a real OpenID provider and the real classroom, both over HTTP.

The browser is an HTTP client that follows redirects, as a browser does, from
the classroom's sign-in page to the provider and back; the classroom runs on
the test's database (SQLite file or PostgreSQL) and checks the ID token itself.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from joserfc.jwk import RSAKey
from sqlalchemy import func, select

from ardoise.classroom import create_app
from ardoise.classroom.config import OidcSettings
from ardoise.classroom.models import OidcIdentity, Role, User
from ardoise.classroom.oidc_accounts import display_name, is_teacher

from .conftest import PASSWORD, Classroom, post_form
from .oidc_provider import KEY_ID, TestProvider, free_port, served


@dataclass
class School:
    """The provider, the classroom's URL, and the classroom's database."""

    provider: TestProvider
    url: str
    classroom: Classroom

    def browser(self, language: str = "en") -> httpx.Client:
        return httpx.Client(
            base_url=self.url,
            follow_redirects=True,
            timeout=30,
            headers={"accept-language": language},
        )

    def sign_in(self, browser: httpx.Client, next_path: str = "") -> httpx.Response:
        """Press the school button of the sign-in page, and follow where it leads."""
        page = browser.get("/signin" + (f"?next={next_path}" if next_path else "")).text
        button = re.search(r'<a class="button" href="([^"]+)">Sign in with ENT</a>', page)
        assert button, "no school sign-in button"
        return browser.get(html.unescape(button.group(1)))

    def users(self) -> list[tuple[str, str]]:
        with self.classroom.app.state.sessions() as db:
            return [(user.display_name, user.role) for user in db.scalars(select(User))]

    def identities(self) -> int:
        with self.classroom.app.state.sessions() as db:
            return int(db.scalar(select(func.count(OidcIdentity.id))) or 0)


def settings_for(provider: TestProvider) -> OidcSettings:
    return OidcSettings(
        issuer=provider.issuer,
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        button="Sign in with ENT",
        teacher_claim="eduPersonAffiliation=teacher",
    )


@pytest.fixture
def a_school(a_classroom: Classroom) -> Iterator[School]:
    """A provider and the classroom signing in through it, on the classroom's database."""
    port = free_port()
    provider = TestProvider(f"http://127.0.0.1:{port}/signin/oidc/callback")
    config = replace(a_classroom.config, oidc=settings_for(provider))
    app = create_app(config, sessions=a_classroom.app.state.sessions)
    with served(provider.app(), provider.port), served(app, port) as url:
        yield School(provider, url, a_classroom)


def signed_in_name(page: str) -> str | None:
    found = re.search(r"<span>Signed in as ([^<]+)</span>", page)
    return html.unescape(found.group(1)) if found else None


def test_a_first_sign_in_creates_a_student_and_the_next_one_finds_it(a_school: School) -> None:
    with a_school.browser() as browser:
        landed = a_school.sign_in(browser)
        assert landed.status_code == 200
        assert landed.url == f"{a_school.url}/"
        assert signed_in_name(landed.text) == "Ada Lovelace"
        assert "ardoise_session" in browser.cookies
    assert a_school.users() == [("Ada Lovelace", "student")]
    # Another device; the provider now gives a new spelling of the name: same account.
    a_school.provider.person["name"] = "Ada King"
    with a_school.browser() as browser:
        landed = a_school.sign_in(browser, next_path="/account")
        assert landed.url == f"{a_school.url}/account"
        assert signed_in_name(landed.text) == "Ada King"
    assert a_school.users() == [("Ada King", "student")]
    assert a_school.identities() == 1
    # A different subject with the same name is a different person.
    a_school.provider.person = {"sub": "other-subject", "name": "Ada King"}
    with a_school.browser() as browser:
        a_school.sign_in(browser)
    assert a_school.users() == [("Ada King", "student"), ("Ada King", "student")]
    assert a_school.identities() == 2


def test_the_button_is_shown_only_when_the_school_sign_in_is_configured(
    a_classroom: Classroom, a_school: School
) -> None:
    plain = a_classroom.browser()
    page = plain.get("/signin").text
    assert "/signin/oidc" not in page
    assert 'name="password"' in page
    assert plain.get("/signin/oidc").status_code == 404
    assert plain.get("/signin/oidc/callback?code=x&state=y").status_code == 404
    with a_school.browser() as browser:
        page = browser.get("/signin?next=/join/ABCDE23456").text
        assert '<a class="button" href="/signin/oidc?next=/join/ABCDE23456">' in page
        assert 'name="password"' in page  # local accounts keep working
        assert 'autocomplete="current-password">' in page
    a_classroom.account("tina", Role.TEACHER)
    with a_school.browser() as browser:
        browser.get("/signin")
        signed = browser.post(
            "/signin",
            data={
                "username": "tina",
                "password": PASSWORD,
                "csrf_token": browser.cookies["ardoise_csrf"],
            },
        )
        assert signed.url == f"{a_school.url}/teacher"


def walk_to_the_callback(school: School, browser: httpx.Client) -> str:
    """Start a sign-in and stop at the provider's redirect back: the callback URL."""
    start = browser.get("/signin/oidc", follow_redirects=False)
    assert start.status_code == 303
    assert start.headers["location"].startswith(f"{school.provider.issuer}/authorize?")
    back = browser.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302, back.text
    location = str(back.headers["location"])
    assert location.startswith(f"{school.url}/signin/oidc/callback?")
    return location


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return parts._replace(query=urlencode(query)).geturl()


def assert_not_signed_in(school: School, browser: httpx.Client) -> None:
    account = browser.get("/account", follow_redirects=False)
    assert account.status_code == 303
    assert account.headers["location"].startswith("/signin")
    assert school.users() == []


def test_a_tampered_state_or_a_callback_from_another_browser_is_refused(
    a_school: School,
) -> None:
    with a_school.browser() as browser:
        callback = walk_to_the_callback(a_school, browser)
        refused = browser.get(with_query(callback, state="forged-state"))
        assert refused.status_code == 400
        assert "This sign-in expired or was not started from this browser" in refused.text
        assert "Traceback" not in refused.text
        assert_not_signed_in(a_school, browser)
    with a_school.browser() as started, a_school.browser() as other:
        callback = walk_to_the_callback(a_school, started)
        # The code and state reach another browser (a link sent to a victim): refused.
        assert other.get(callback).status_code == 400
        assert_not_signed_in(a_school, other)
    assert a_school.provider.tokens_issued == 0  # refused before the code was used


def an_expired_token() -> dict[str, Any]:
    now = int(time.time())
    return {"iat": now - 3600, "exp": now - 1800}


@pytest.mark.parametrize(
    "changes",
    [
        {"nonce": "not-the-nonce-sent"},
        {"aud": "another-client"},
        # azp naming this client does not make another audience acceptable.
        {"aud": "another-client", "azp": "ardoise-classroom"},
        {"iss": "http://127.0.0.1:9/another-issuer"},
        "expired",
        "another key",
    ],
    ids=[
        "wrong nonce",
        "wrong audience",
        "wrong audience, our azp",
        "wrong issuer",
        "expired",
        "bad signature",
    ],
)
def test_an_id_token_that_does_not_verify_is_refused_with_a_clear_page(
    a_school: School, changes: dict[str, Any] | str
) -> None:
    if changes == "expired":
        a_school.provider.id_token_changes = an_expired_token()
    elif changes == "another key":
        # Same key id, another key: only the signature can tell.
        a_school.provider.signing_key = RSAKey.generate_key(2048, parameters={"kid": KEY_ID})
    else:
        assert isinstance(changes, dict)
        a_school.provider.id_token_changes = changes
    with a_school.browser() as browser:
        refused = a_school.sign_in(browser)
        assert refused.status_code == 400
        assert "could not be verified" in refused.text
        assert 'href="/signin"' in refused.text
        assert a_school.provider.tokens_issued == 1  # the provider did give a token
        assert_not_signed_in(a_school, browser)


def test_a_refusal_by_the_provider_is_explained_in_english_and_in_french(
    a_school: School,
) -> None:
    a_school.provider.deny = True
    with a_school.browser() as browser:
        denied = a_school.sign_in(browser)
        assert denied.status_code == 400
        assert "did not sign you in (it was cancelled or refused)" in denied.text
    with a_school.browser("fr-FR,fr;q=0.9") as browser:
        page = browser.get("/signin").text
        assert '<html lang="fr">' in page
        denied = browser.get("/signin/oidc")
        assert denied.status_code == 400
        assert "ne vous a pas connecté·e (annulé ou refusé)" in denied.text
        assert "Retour à la page de connexion" in denied.text
    assert a_school.users() == []


def test_an_unreachable_provider_gives_a_clear_page_not_a_traceback(
    a_classroom: Classroom,
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings = OidcSettings(issuer=nowhere, client_id="c", client_secret="s", button="ENT")
    app = create_app(
        replace(a_classroom.config, oidc=settings), sessions=a_classroom.app.state.sessions
    )
    with served(app) as url, httpx.Client(base_url=url, timeout=30) as browser:
        failed = browser.get("/signin/oidc")
        assert failed.status_code == 502
        assert f"The school's sign-in service ({nowhere}) cannot be reached" in html.unescape(
            failed.text
        )
        french = browser.get("/signin/oidc", headers={"accept-language": "fr"})
        assert f"Le service de connexion de l'établissement ({nowhere}) est injoignable" in (
            html.unescape(french.text)
        )


def sign_in_as_admin(school: School) -> httpx.Client:
    school.classroom.account("root", Role.ADMIN)
    browser = school.browser()
    browser.get("/signin")
    token = browser.cookies["ardoise_csrf"]
    signed = browser.post(
        "/signin", data={"username": "root", "password": PASSWORD, "csrf_token": token}
    )
    assert signed.url == f"{school.url}/admin"
    return browser


def test_the_admin_makes_a_school_account_a_teacher_and_nobody_else_can(a_school: School) -> None:
    with a_school.browser() as student:
        a_school.sign_in(student)
        with a_school.classroom.app.state.sessions() as db:
            ada = db.scalar(select(User.id).where(User.display_name == "Ada Lovelace"))
        token = {"csrf_token": student.cookies["ardoise_csrf"], "role": "teacher"}
        assert student.post(f"/admin/accounts/{ada}/role", data=token).status_code == 404
    admin = sign_in_as_admin(a_school)
    page = admin.get("/admin").text
    assert "Accounts of the school sign-in" in page
    assert "Make Ada Lovelace a teacher" in page
    made = admin.post(
        f"/admin/accounts/{ada}/role",
        data={"csrf_token": admin.cookies["ardoise_csrf"], "role": "teacher"},
    )
    assert made.url == f"{a_school.url}/admin"
    assert "Make Ada Lovelace a student" in made.text
    # Not an administrator, and never for an account with a password.
    with a_school.classroom.app.state.sessions() as db:
        root = db.scalar(select(User.id).where(User.username == "root"))
    for target, role in ((ada, "admin"), (root, "teacher")):
        refused = admin.post(
            f"/admin/accounts/{target}/role",
            data={"csrf_token": admin.cookies["ardoise_csrf"], "role": role},
        )
        assert refused.status_code == 404
    admin.close()
    with a_school.browser() as teacher:
        landed = a_school.sign_in(teacher)
        assert landed.url == f"{a_school.url}/teacher"
    assert ("Ada Lovelace", "teacher") in a_school.users()


def test_the_configured_claim_makes_teachers_at_their_first_sign_in(a_school: School) -> None:
    a_school.provider.person = {
        "sub": "t-42",
        "name": "Grace Hopper",
        "eduPersonAffiliation": ["member", "teacher"],
    }
    with a_school.browser() as browser:
        landed = a_school.sign_in(browser)
        assert landed.url == f"{a_school.url}/teacher"
    a_school.provider.person = {"sub": "s-7", "name": "Alan T.", "eduPersonAffiliation": "student"}
    with a_school.browser() as browser:
        landed = a_school.sign_in(browser)
        assert landed.url == f"{a_school.url}/"
    assert sorted(a_school.users()) == [("Alan T.", "student"), ("Grace Hopper", "teacher")]


def test_deleting_a_school_account_forgets_its_subject_too(a_school: School) -> None:
    with a_school.browser() as browser:
        a_school.sign_in(browser)
    admin = sign_in_as_admin(a_school)
    listing = admin.get("/admin/students").text
    assert re.search(r"<td>Ada Lovelace</td>\s*<td>ada\S* \(school account\)</td>", listing)
    ada = re.search(r'/admin/students/(\d+)/delete"', listing)
    assert ada
    token = {"csrf_token": admin.cookies["ardoise_csrf"]}
    assert admin.post(f"/admin/students/{ada.group(1)}/delete", data=token).status_code == 200
    admin.close()
    assert a_school.identities() == 0
    assert ("Ada Lovelace", "student") not in a_school.users()
    # Signing in again starts afresh: a new, empty student account.
    with a_school.browser() as browser:
        assert signed_in_name(a_school.sign_in(browser).text) == "Ada Lovelace"
    assert a_school.identities() == 1


def test_a_code_exchange_the_provider_refuses_names_its_reason(a_school: School) -> None:
    # The provider's secret for this client changed (rotated without telling the classroom).
    a_school.provider.client_secret = "rotated-secret"
    with a_school.browser() as browser:
        refused = a_school.sign_in(browser)
        assert refused.status_code == 400
        text = html.unescape(refused.text)
        assert "The school's sign-in service refused the sign-in (invalid_client)" in text
        assert_not_signed_in(a_school, browser)
    assert a_school.provider.tokens_issued == 0


def test_the_name_comes_from_the_configured_claim_then_the_usual_ones_then_the_subject() -> None:
    claims = {"sub": "s-1", "name": "Ada  Lovelace", "given_name": "Ada", "nickname": " "}
    assert display_name(claims, "given_name") == "Ada"
    assert display_name(claims, "missing") == "Ada Lovelace"
    assert display_name(claims, "nickname") == "Ada Lovelace"  # blank: the next one
    assert display_name({"sub": "s-1", "preferred_username": "ada.l"}, "name") == "ada.l"
    assert display_name({"sub": "s-1"}, "name") == "s-1"
    assert display_name({"sub": "s-1", "name": "x" * 300}, "name") == "x" * 100
    assert is_teacher({"role": ["student", "teacher"]}, "role=teacher")
    assert is_teacher({"role": "teacher"}, "role=teacher")
    assert not is_teacher({"role": "teachers"}, "role=teacher")
    assert not is_teacher({"role": ["student"]}, "role=teacher")
    assert not is_teacher({}, "role=teacher")
    assert not is_teacher({"role": "teacher"}, None)


def test_a_school_student_gets_the_providers_username_when_free_and_joins_a_class(
    a_school: School,
) -> None:
    """Teachers add students to classes by username: school accounts need one too."""
    classroom = a_school.classroom
    classroom.account("taken", Role.STUDENT)
    people = [
        {"sub": "s-ada", "name": "Ada Lovelace", "preferred_username": "ada.lovelace"},
        {"sub": "s-bob", "name": "Bob", "preferred_username": "taken"},  # a local account's
        {"sub": "s-cy", "name": "Cy", "preferred_username": "not valid!"},
    ]
    for person in people:
        a_school.provider.person = person
        with a_school.browser() as browser:
            assert a_school.sign_in(browser).status_code == 200
    with classroom.app.state.sessions() as db:
        names = {user.display_name: user.username for user in db.scalars(select(User))}
    # Taken or invalid, the provider's username still gives one, free and valid.
    assert names == {
        "Taken": "taken",
        "Ada Lovelace": "ada.lovelace",
        "Bob": "taken-2",
        "Cy": "not.valid-2",
    }
    # The local account is untouched, and the school account has no password to sign in with.
    teacher = classroom.signed_in("tess", Role.TEACHER)
    made = post_form(teacher, "/teacher/classes", {"name": "2B"})
    assert made.status_code == 303, made.text
    group = made.headers["location"].rsplit("/", 1)[1]
    added = post_form(teacher, f"/teacher/classes/{group}/members", {"usernames": "ada.lovelace"})
    assert added.status_code in (200, 303), added.text
    assert "Ada Lovelace" in teacher.get(f"/teacher/classes/{group}").text
    with classroom.browser() as browser:
        refused = post_form(browser, "/signin", {"username": "ada.lovelace", "password": PASSWORD})
        assert refused.status_code != 303


def test_a_school_student_whose_username_is_taken_gets_another_sees_it_and_joins_a_class(
    a_school: School,
) -> None:
    classroom = a_school.classroom
    classroom.account("ada", Role.STUDENT)  # a local account has the provider's username
    people = [
        {"sub": "s-1", "name": "Ada Byron", "preferred_username": "ada"},
        {"sub": "s-2", "name": "Ada Lovelace", "preferred_username": "ada"},
        {"sub": "s-3", "name": "Élise Dupont"},  # no preferred_username at all
    ]
    pages: dict[str, str] = {}
    for person in people:
        a_school.provider.person = person
        with a_school.browser() as browser:
            # The student sees the username they got on their own page.
            pages[person["name"]] = a_school.sign_in(browser, next_path="/account").text
    for name, username in (
        ("Ada Byron", "ada-2"),
        ("Ada Lovelace", "ada-3"),
        ("Élise Dupont", "elise.dupont-2"),
    ):
        assert f"<dt>Username</dt><dd>{username}</dd>" in pages[name], name
    # The next sign-in keeps it.
    a_school.provider.person = people[0]
    with a_school.browser() as browser:
        again = a_school.sign_in(browser, next_path="/account").text
        assert "<dt>Username</dt><dd>ada-2</dd>" in again
    # The administrator sees each school account's username.
    admin_browser = sign_in_as_admin(a_school)
    try:
        admin = admin_browser.get("/admin").text
    finally:
        admin_browser.close()
    school = admin[admin.index("Accounts of the school sign-in") :]
    assert re.search(r"<td>Ada Lovelace</td>\s*<td><code>ada-3</code></td>", school)
    # The teacher adds them by the usernames they have; "ada" is the local account.
    teacher = classroom.signed_in("tess", Role.TEACHER)
    made = post_form(teacher, "/teacher/classes", {"name": "2B"})
    group = made.headers["location"].rsplit("/", 1)[1]
    added = post_form(
        teacher, f"/teacher/classes/{group}/members", {"usernames": "ada-2 ada-3 elise.dupont-2"}
    )
    assert added.status_code in (200, 303), added.text
    members = teacher.get(f"/teacher/classes/{group}").text
    for name, username in (("Ada Byron", "ada-2"), ("Ada Lovelace", "ada-3")):
        assert re.search(f"<td>{name}</td>\\s*<td><code>{username}</code></td>", members)
    assert "Élise Dupont" in members
    assert "<code>ada</code>" not in members
