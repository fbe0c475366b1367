"""Exports: an activity's copies (.ipynb in a zip), its grades (CSV), one person's data.

File names come from students' names, which are whatever they typed: only
letters, digits, dashes and underscores are kept, and the copy's number makes
each name unique. CSV cells that a spreadsheet would read as a formula get a
leading apostrophe, so opening the grades never runs anything.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .activities import copies_of
from .classes import classes_of_student
from .models import Activity, Comment, Copy, CopyStatus, OidcIdentity, User
from .review import comments_of
from .teams import copies_opened_by, members_of_copy, team_names

__all__ = ["activity_zip", "grades_csv", "person_zip", "safe_name"]

_UNSAFE = re.compile(r"[^\w-]+")


def safe_name(text: str, fallback: str = "notebook") -> str:
    """`text` as a file name part: word characters and dashes, at most 60 of them."""
    name = _UNSAFE.sub("_", text).strip("_")[:60]
    return name or fallback


def _when(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def handed_or_live(copy: Copy) -> str:
    """What the teacher grades: the snapshot handed in, else the copy as last saved."""
    return copy.submitted_content or copy.content


def activity_zip(db: Session, activity: Activity) -> bytes:
    """Every copy of the activity, one .ipynb per student or team, named by them."""
    buffer = io.BytesIO()
    teams = team_names(db, activity)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy, student in copies_of(db, activity):
            who = " ".join(teams.get(copy.id, [student.display_name]))
            name = f"{safe_name(who, 'student')}-{copy.id}.ipynb"
            archive.writestr(name, handed_or_live(copy))
    return buffer.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def grades_csv(db: Session, activity: Activity) -> str:
    """One row per copy: student (a team's members, comma-separated), status, submitted at,
    grade, grade comment."""
    teams = team_names(db, activity)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["student", "status", "submitted_at", "grade", "comment"])
    for copy, student in copies_of(db, activity):
        row = [
            ", ".join(teams.get(copy.id, [student.display_name])),
            copy.status,
            _when(copy.submitted_at),
            copy.grade or "",
            copy.grade_comment or "",
        ]
        writer.writerow([_cell(value) for value in row])
    return out.getvalue()


def _comment_record(comment: Comment) -> dict[str, Any]:
    """A comment names its cell by the cell's nbformat id, as the review pages place it:
    the id stays with the cell when the student moves it, a position does not. The
    cell's number when commented only matters for a notebook without ids (`cell_id` null).
    """
    return {
        "cell_id": comment.cell_id,
        "cell_number": comment.cell_index + 1,
        "text": comment.body,
    }


def _copy_record(
    db: Session, copy: Copy, activity: Activity | None, *, review: bool
) -> dict[str, Any]:
    comments = comments_of(db, copy) if review else []
    # The teacher's review is theirs until they return the copy (`review` False).
    review_fields: dict[str, str | None] = {
        "grade": copy.grade if review else None,
        "grade_comment": copy.grade_comment if review else None,
    }
    return {
        "activity": activity.title if activity else None,
        "status": copy.status,
        "version": copy.version,
        "cells_run": copy.cells_run,
        "created_at": _when(copy.created_at),
        "updated_at": _when(copy.updated_at),
        "submitted_at": _when(copy.submitted_at),
        "returned_at": _when(copy.returned_at),
        **review_fields,
        "comments": [_comment_record(comment) for comment in comments],
    }


def person_zip(db: Session, person: User, *, returned_reviews_only: bool = False) -> bytes:
    """All the server keeps about a person: `account.json` and each copy as .ipynb.

    The copy handed in is included beside the copy as last saved when they differ.
    `returned_reviews_only` (a student's own export) leaves out grades and comments
    the teacher has not returned yet.
    """
    # A student's copies include their teams' (the work they shared).
    copies = db.scalars(copies_opened_by(db, person).order_by(Copy.id)).all()
    account: dict[str, Any] = {
        "display_name": person.display_name,
        "username": person.username,
        "role": person.role,
        "created_at": _when(person.created_at),
        "has_private_link": person.resume_token_hash is not None,
        # The classes they are in, by name and teacher (never the other members).
        "classes": [
            {"name": group.name, "teacher": teacher.display_name}
            for group, teacher in classes_of_student(db, person)
        ],
        "school_sign_in": [
            {"issuer": identity.issuer, "subject": identity.subject}
            for identity in db.scalars(
                select(OidcIdentity).where(OidcIdentity.user_id == person.id)
            )
        ],
        "copies": [],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for copy in copies:
            activity = db.get(Activity, copy.activity_id)
            base = f"{safe_name(activity.title if activity else '', 'copy')}-{copy.id}"
            review = copy.status == CopyStatus.RETURNED or not returned_reviews_only
            record = _copy_record(db, copy, activity, review=review)
            record["file"] = f"copies/{base}.ipynb"
            record["team"] = [member.display_name for member in members_of_copy(db, copy)]
            archive.writestr(record["file"], copy.content)
            if copy.submitted_content and copy.submitted_content != copy.content:
                record["submitted_file"] = f"copies/{base}-handed-in.ipynb"
                archive.writestr(record["submitted_file"], copy.submitted_content)
            elif copy.submitted_content:
                record["submitted_file"] = record["file"]  # handed in as it is now
            account["copies"].append(record)
        archive.writestr("account.json", json.dumps(account, ensure_ascii=False, indent=2))
    return buffer.getvalue()
