"""Pages to sign in and out, choose a language, and (admins) create accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import FormData

from .accounts import AccountError, authenticate, create_account, is_guest
from .attempts import clear_failures, record_failure, too_many_failures
from .classes import classes_of_student
from .csrf import verified_form
from .deps import Page, client_address, config_of, safe_next
from .i18n import LANGUAGE_COOKIE, LANGUAGES
from .models import Role, User
from .oidc_accounts import oidc_accounts
from .passwords import MIN_PASSWORD_LENGTH
from .sessions import end_session, set_cookie, start_session

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(verified_form)]

HOMES = {Role.ADMIN: "/admin", Role.TEACHER: "/teacher"}


def home_of(user: User | None) -> str:
    return HOMES.get(Role(user.role), "/") if user else "/"


@router.get("/")
def home(page: Page) -> Response:
    if page.user and page.user.role in HOMES:
        return page.redirect(home_of(page.user))
    user = page.user
    # A guest has no username, so no teacher can put them in a class: no "My classes".
    student = user is not None and user.role == Role.STUDENT and not is_guest(user)
    classes = classes_of_student(page.db, user) if user is not None and student else []
    return page.render("home.html", code="", classes=classes, student=student)


@router.get("/signin")
def sign_in_form(page: Page, next: str = "") -> Response:
    return page.render("signin.html", next=safe_next(next, ""), username="")


@router.post("/signin")
def sign_in(page: Page, form: Form) -> Response:
    config = config_of(page.request)
    username = str(form.get("username", "")).strip()
    password = str(form.get("password", ""))
    target = str(form.get("next", ""))
    key = f"{username.lower()}|{client_address(page.request)}"
    window = config.attempt_window_seconds
    if too_many_failures(page.db, "sign-in", key, limit=config.max_failed_sign_ins, window=window):
        page.errors["username"] = page.t("too_many_sign_ins", minutes=window // 60)
        return page.render("signin.html", status=429, next=target, username=username)
    user = authenticate(page.db, username, password)
    if user is None:
        record_failure(page.db, "sign-in", key, window=window)
        page.errors["password"] = page.t("bad_credentials")
        return page.render("signin.html", status=401, next=target, username=username)
    clear_failures(page.db, "sign-in", key)
    response = page.redirect(safe_next(target, home_of(user)))
    start_session(page.db, user, page.request, response, config)
    return response


@router.post("/signout")
def sign_out(page: Page, form: Form) -> Response:
    response = page.redirect("/")
    # The session's live connections end with it (sessions.end_session).
    end_session(page.db, page.request, response, config_of(page.request))
    return response


@router.post("/language")
def choose_language(page: Page, form: Form) -> Response:
    language = str(form.get("language", ""))
    response = page.redirect(safe_next(str(form.get("next", "")), "/"))
    if language in LANGUAGES:
        config = config_of(page.request)
        set_cookie(page.request, response, config, LANGUAGE_COOKIE, language, 365 * 86400)
    return response


@router.get("/admin")
def admin(page: Page) -> Response:
    page.require(Role.ADMIN)
    return _admin_page(page, {}, status=200)


# Students with accounts sign in on any device; most join with just a name instead.
CREATABLE = {"teacher": Role.TEACHER, "student": Role.STUDENT}


@router.post("/admin/accounts")
def create(page: Page, form: Form) -> Response:
    page.require(Role.ADMIN)
    names = ("role", "username", "display_name", "password")
    fields = {name: str(form.get(name, "")) for name in names}
    try:
        user = create_account(
            page.db,
            username=fields["username"],
            display_name=fields["display_name"],
            password=fields["password"],
            role=CREATABLE.get(fields["role"], Role.TEACHER),
        )
    except AccountError as error:
        page.errors[error.field] = page.t(error.key, length=MIN_PASSWORD_LENGTH)
        fields.pop("password")
        return _admin_page(page, fields, status=422)
    notice = page.t("created_user", username=user.username)
    return _admin_page(page, {}, status=201, notice=notice)


def _admin_page(page: Page, form: dict[str, str], *, status: int, notice: str = "") -> Response:
    accounts = page.db.scalars(
        select(User)
        .where(User.role.in_(list(CREATABLE.values())), User.username.is_not(None))
        .order_by(User.role.desc(), User.display_name)
    ).all()
    return page.render(
        "admin_users.html",
        status=status,
        accounts=accounts,
        sso_accounts=oidc_accounts(page.db),
        form=form,
        notice=notice,
        min_password=MIN_PASSWORD_LENGTH,
    )
