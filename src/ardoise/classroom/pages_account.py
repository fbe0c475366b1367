"""A signed-in person's own data: what the server keeps, downloaded as a zip (GDPR access).

Only ever the signed-in user's own account: the pages take no id, so there is
nobody else's data to ask for.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy import func, select

from .deps import Page
from .exports import person_zip, safe_name
from .models import Copy, OidcIdentity, Role

__all__ = ["router"]

router = APIRouter(include_in_schema=False, prefix="/account")
EVERYONE = (Role.ADMIN, Role.TEACHER, Role.STUDENT)


@router.get("")
def account(page: Page) -> Response:
    user = page.require(*EVERYONE)
    copies = page.db.scalar(select(func.count(Copy.id)).where(Copy.student_id == user.id))
    school = page.db.scalar(
        select(func.count(OidcIdentity.id)).where(OidcIdentity.user_id == user.id)
    )
    return page.render("account.html", copies=copies, school_sign_in=bool(school))


@router.get("/data.zip")
def export(page: Page) -> Response:
    """account.json and every copy as .ipynb; grades and comments once returned."""
    user = page.require(*EVERYONE)
    name = f"{safe_name(user.display_name, 'account')}-{user.id}-data.zip"
    return Response(
        person_zip(page.db, user, returned_reviews_only=True),
        media_type="application/zip",
        headers={
            "content-disposition": f'attachment; filename="{name}"',
            "cache-control": "no-store",
        },
    )
