"""Comments follow their cell by its nbformat id, not its position; the API gives the
review (comments, grade) to the notebook app; the teacher's view is read-only."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from ardoise.classroom.models import Comment

from .conftest import API, Classroom, a_notebook, post_form


def cells(*pairs: tuple[str, str]) -> dict[str, Any]:
    """A notebook whose code cells have these (id, source)."""
    notebook = a_notebook(*(source for _, source in pairs))
    for cell, (cell_id, _) in zip(notebook["cells"], pairs, strict=True):
        cell["id"] = cell_id
    return notebook


def without_ids(*sources: str) -> dict[str, Any]:
    """An nbformat 4.4 notebook: its cells have no id."""
    notebook = a_notebook(*sources)
    notebook["nbformat_minor"] = 4
    for cell in notebook["cells"]:
        del cell["id"]
    return notebook


def save(student: TestClient, copy_id: int, notebook: dict[str, Any]) -> int:
    url = f"/api/copies/{copy_id}"
    version = student.get(url).json()["version"]
    saved = student.put(url, json={"version": version, "notebook": notebook})
    assert saved.status_code == 200, saved.text
    return int(saved.json()["version"])


def hand_in(student: TestClient, copy_id: int, notebook: dict[str, Any]) -> None:
    version = save(student, copy_id, notebook)
    handed = student.post(f"/api/copies/{copy_id}/submit", json={"version": version}, headers=API)
    assert handed.status_code == 200, handed.text


def comment(teacher: TestClient, copy_id: int, text: str, **fields: str) -> None:
    sent = post_form(teacher, f"/teacher/copies/{copy_id}/comments", {"comment": text, **fields})
    assert sent.status_code == 303, sent.text


def give_back(teacher: TestClient, copy_id: int, grade: str = "", remark: str = "") -> None:
    returned = post_form(
        teacher,
        f"/teacher/copies/{copy_id}/grade",
        {"grade": grade, "grade_comment": remark, "action": "return"},
    )
    assert returned.status_code == 303, returned.text


def student_cells(html: str) -> list[str]:
    """The list items of the student's copy page, one per cell, in order."""
    return re.findall(r'<li class="cell code">(.*?)</li>\s*(?=<li class="cell|</ol>)', html, re.S)


def deleted_section(html: str) -> str:
    """What the page shows under "Comments on deleted cells" (empty if nothing)."""
    _, found, after = html.partition("Comments on deleted cells</h2>")
    return after.split("</ul>")[0] if found else ""


def test_a_comment_follows_its_cell_when_moved_and_stays_when_the_cell_is_deleted(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    hand_in(student, copy_id, cells(("a", "first"), ("b", "second"), ("c", "third")))
    # The teacher comments on the second and third cells of the copy handed in.
    comment(a_teacher, copy_id, "About second", cell_index="1")
    comment(a_teacher, copy_id, "About third", cell_index="2", cell_id="c")
    with a_classroom.app.state.sessions() as db:
        stored = {c.body: (c.cell_index, c.cell_id) for c in db.query(Comment).all()}
    assert stored == {"About second": (1, "b"), "About third": (2, "c")}
    give_back(a_teacher, copy_id, "B")

    # The student then moves "second" to the top and deletes "third".
    save(student, copy_id, cells(("b", "second"), ("a", "first"), ("new", "added")))
    page = student.get(f"/copies/{copy_id}").text
    shown = student_cells(page)
    assert len(shown) == 3
    assert "second" in shown[0]
    assert "About second" in shown[0]
    assert all("About" not in cell for cell in shown[1:])
    assert "About third" in deleted_section(page)
    assert "About second" not in deleted_section(page)

    # The teacher's page for the live version says the same.
    live = a_teacher.get(f"/teacher/copies/{copy_id}?view=live").text
    cell_one = live.split('id="cell-1"')[1].split('id="cell-2"')[0]
    assert "About second" in cell_one
    assert "About third" in deleted_section(live)
    # ...and the version handed in still has both cells in place.
    handed = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert deleted_section(handed) == ""
    assert "About third" in handed.split('id="cell-3"')[1]


def test_a_comment_on_the_version_handed_in_names_that_versions_cell(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    hand_in(student, copy_id, cells(("a", "first"), ("b", "second")))
    # Saved later with another cell at position 1: the version handed in is still shown.
    save(student, copy_id, cells(("a", "first"), ("z", "inserted"), ("b", "second")))
    comment(a_teacher, copy_id, "On second", cell_index="1")
    comment(a_teacher, copy_id, "On inserted", cell_index="1", view="live")
    with a_classroom.app.state.sessions() as db:
        stored = {c.body: c.cell_id for c in db.query(Comment).all()}
    assert stored == {"On second": "b", "On inserted": "z"}
    # A form naming a cell that is not in that version is refused.
    missing = post_form(
        a_teacher,
        f"/teacher/copies/{copy_id}/comments",
        {"comment": "x", "cell_index": "0", "cell_id": "z"},
    )
    assert missing.status_code == 404


def test_without_cell_ids_the_position_decides(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    hand_in(student, copy_id, without_ids("one", "two", "three"))
    comment(a_teacher, copy_id, "On two", cell_index="1")
    comment(a_teacher, copy_id, "On three", cell_index="2")
    with a_classroom.app.state.sessions() as db:
        assert {c.cell_id for c in db.query(Comment).all()} == {None}
    give_back(a_teacher, copy_id)
    save(student, copy_id, without_ids("one", "changed"))
    page = student.get(f"/copies/{copy_id}").text
    shown = student_cells(page)
    assert "On two" in shown[1]
    assert "On three" in deleted_section(page)
    api = student.get(f"/api/copies/{copy_id}").json()
    assert [(c["cell_id"], c["cell_index"]) for c in api["review"]["comments"]] == [
        (None, 1),
        (None, 2),
    ]


def test_the_api_gives_the_review_to_the_teacher_and_to_the_student_once_returned(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    url = f"/api/copies/{copy_id}"
    assert student.get(f"{url}?view=submitted").status_code == 404  # not handed in yet
    hand_in(student, copy_id, cells(("a", "x = 1"), ("b", "y = 2")))
    save(student, copy_id, cells(("b", "y = 2"), ("a", "x = 1")))
    comment(a_teacher, copy_id, "Good name", cell_index="1")
    post_form(
        a_teacher,
        f"/teacher/copies/{copy_id}/grade",
        {"grade": "17/20", "grade_comment": "Well done", "action": "save"},
    )

    mine = student.get(url).json()
    assert mine["viewer"] == "student"
    assert mine["review"] is None  # written, not yet returned
    assert mine["read_only"] is False

    seen = a_teacher.get(url).json()
    assert seen["viewer"] == "teacher"
    assert seen["showing"] == "latest"
    assert seen["review"]["returned"] is False
    assert seen["review"]["grade"] == "17/20"
    [note] = seen["review"]["comments"]
    assert (note["cell_id"], note["cell_index"], note["author"]) == ("b", 1, "Tina")
    assert note["body"] == "Good name"
    assert note["created_at"]
    handed = a_teacher.get(f"{url}?view=submitted").json()
    assert handed["showing"] == "submitted"
    assert handed["read_only"] is True
    assert [cell["id"] for cell in handed["notebook"]["cells"]] == ["a", "b"]
    assert [cell["id"] for cell in seen["notebook"]["cells"]] == ["b", "a"]
    assert a_teacher.get(f"{url}?view=other").status_code == 422

    give_back(a_teacher, copy_id, "17/20", "Well done")
    mine = student.get(url).json()
    review = mine["review"]
    assert review["returned"] is True
    assert review["returned_at"]
    assert (review["grade"], review["grade_comment"]) == ("17/20", "Well done")
    assert [c["body"] for c in review["comments"]] == ["Good name"]
    # The student's own view of what they handed in is read-only.
    assert student.get(f"{url}?view=submitted").json()["read_only"] is True
