"""Everyone downloads their own data (right of access): their account, copies, grades, comments.

Only their own: the pages take no id, and another person's copies never appear.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import nbformat
from fastapi.testclient import TestClient

from ardoise.classroom.models import Role

from .conftest import API, Classroom, a_notebook, post_form


def download(browser: TestClient) -> tuple[dict[str, Any], dict[str, str]]:
    """The account.json of the browser's own data, and every file in the zip."""
    response = browser.get("/account/data.zip")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.headers["cache-control"] == "no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        files = {name: archive.read(name).decode() for name in archive.namelist()}
    return json.loads(files["account.json"]), files


def handed_in_then_changed(classroom: Classroom, teacher: TestClient, name: str) -> tuple[Any, int]:
    """A guest who saved, handed in, then changed the copy again: their browser and copy."""
    _, code = classroom.activity(teacher, title=f"Loops for {name}")
    student, copy_id = classroom.guest(code, name)
    url = f"/api/copies/{copy_id}"
    handed = a_notebook(f"print('{name} handed in')")
    assert student.put(url, json={"version": 1, "notebook": handed}).status_code == 200
    assert student.post(f"{url}/submit", json={"version": 2}, headers=API).status_code == 200
    later = a_notebook(f"print('{name} later')")
    assert student.put(url, json={"version": 2, "notebook": later}).status_code == 200
    return student, copy_id


def review(teacher: TestClient, copy_id: int, action: str, *, comment: bool = True) -> None:
    path = f"/teacher/copies/{copy_id}"
    data = {"cell_index": "0", "comment": "Use a loop"}
    if comment:
        assert post_form(teacher, f"{path}/comments", data).status_code == 303
    grade = {"grade": "14/20", "grade_comment": "Nearly there", "action": action}
    assert post_form(teacher, f"{path}/grade", grade).status_code == 303


def test_a_student_downloads_their_copies_both_versions_and_the_review_once_returned(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    ada, copy_id = handed_in_then_changed(a_classroom, a_teacher, "Ada L.")
    page = ada.get("/account").text
    assert '<a href="/account">My data</a>' in page
    assert '<a class="button" href="/account/data.zip" download>' in page
    review(a_teacher, copy_id, "save")
    account, files = download(ada)
    assert account["display_name"] == "Ada L."
    assert account["role"] == "student"
    assert account["has_private_link"] is True
    assert account["school_sign_in"] == []
    [record] = account["copies"]
    assert record["activity"] == "Loops for Ada L."
    assert record["status"] == "submitted"
    # The teacher has not returned the copy: their draft review is not the student's yet.
    assert record["grade"] is None
    assert record["grade_comment"] is None
    assert record["comments"] == []
    latest = nbformat.reads(files[record["file"]], as_version=4)
    handed = nbformat.reads(files[record["submitted_file"]], as_version=4)
    nbformat.validate(latest)
    nbformat.validate(handed)
    assert latest.cells[0].source == "print('Ada L. later')"
    assert handed.cells[0].source == "print('Ada L. handed in')"
    assert "Use a loop" not in json.dumps(files)
    review(a_teacher, copy_id, "return", comment=False)
    account, _ = download(ada)
    [record] = account["copies"]
    assert record["status"] == "returned"
    assert record["grade"] == "14/20"
    assert record["grade_comment"] == "Nearly there"
    assert record["comments"] == [{"cell_id": "cell-0", "cell_number": 1, "text": "Use a loop"}]


def test_each_person_gets_only_their_own_data_and_nobody_signed_out_gets_any(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    ada, _ = handed_in_then_changed(a_classroom, a_teacher, "Ada L.")
    bob, _ = handed_in_then_changed(a_classroom, a_teacher, "Bob M.")
    ada_account, ada_files = download(ada)
    bob_account, bob_files = download(bob)
    assert [c["activity"] for c in ada_account["copies"]] == ["Loops for Ada L."]
    assert [c["activity"] for c in bob_account["copies"]] == ["Loops for Bob M."]
    assert "Bob" not in json.dumps(ada_files)
    assert "Ada" not in json.dumps(bob_files)
    # The page takes no id: there is no way to name someone else's account.
    assert ada.get("/account/data.zip?user=2").content == ada.get("/account/data.zip").content
    anonymous = a_classroom.browser()
    for path in ("/account", "/account/data.zip"):
        response = anonymous.get(path)
        assert response.status_code == 303
        assert response.headers["location"] == f"/signin?next={path}"
    # A teacher's own data: their account, and no student's copy.
    teacher_account, teacher_files = download(a_teacher)
    assert teacher_account["display_name"] == "Tina"
    assert teacher_account["username"] == "tina"
    assert teacher_account["copies"] == []
    assert list(teacher_files) == ["account.json"]


def test_the_page_says_what_the_download_holds_in_french(a_classroom: Classroom) -> None:
    a_classroom.account("ana", Role.STUDENT, "Ana")
    student = a_classroom.signed_in("ana")
    page = student.get("/account", headers={"accept-language": "fr"}).text
    assert '<html lang="fr">' in page
    assert re.search(
        r"<dt>Se connecte avec</dt>\s*<dd>un identifiant et un mot de passe</dd>", page
    )
    assert "Télécharger mes données (.zip)" in page
