"""The JSON API of a copy: load, save with a version (conflict when stale), hand in."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from ardoise.classroom.models import Role

from .conftest import API, Classroom, a_notebook, post_form


def test_a_student_loads_saves_and_hands_in_their_copy(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code, "Ada")
    loaded = student.get(f"/api/copies/{copy_id}").json()
    assert loaded["version"] == 1
    assert loaded["status"] == "not_started"
    assert loaded["read_only"] is False
    assert loaded["notebook"]["cells"][0]["source"] == "x = 1"
    edited = a_notebook("x = 2")
    saved = student.put(
        f"/api/copies/{copy_id}", json={"version": 1, "notebook": edited, "cells_run": 3}
    )
    assert saved.status_code == 200
    assert saved.json() == {"version": 2}
    again = student.get(f"/api/copies/{copy_id}").json()
    assert again["notebook"]["cells"][0]["source"] == "x = 2"
    assert again["status"] == "in_progress"
    submitted = student.post(f"/api/copies/{copy_id}/submit", json={"version": 2})
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_version"] == 2
    rows = a_teacher.get(f"/teacher/activities/{activity_id}").text
    assert "Submitted" in rows
    assert "<td>3</td>" in rows  # cells run


def test_a_save_from_a_stale_tab_gets_a_conflict_and_overwrites_nothing(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    url = f"/api/copies/{copy_id}"
    assert student.put(url, json={"version": 1, "notebook": a_notebook("newer")}).status_code == 200
    stale = student.put(url, json={"version": 1, "notebook": a_notebook("older")})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert "reload it before saving again" in stale.json()["detail"]
    assert student.get(url).json()["notebook"]["cells"][0]["source"] == "newer"
    late_submit = student.post(f"{url}/submit", json={"version": 1})
    assert late_submit.status_code == 409
    assert student.get(url).json()["status"] == "in_progress"


def test_nobody_else_can_read_or_write_a_students_copy(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    ada, ada_copy = a_classroom.guest(code, "Ada")
    bob, _ = a_classroom.guest(code, "Bob")
    other_teacher = a_classroom.signed_in("theo", Role.TEACHER)
    admin = a_classroom.signed_in("root", Role.ADMIN)
    url = f"/api/copies/{ada_copy}"
    body = {"version": 1, "notebook": a_notebook("stolen")}
    for intruder in (bob, other_teacher, admin):
        assert intruder.get(url).status_code == 404
        assert intruder.get(f"{url}?view=submitted").status_code == 404
        assert intruder.put(url, json=body).status_code == 404
        assert intruder.post(f"{url}/submit", json={"version": 1}).status_code == 404
    anonymous = a_classroom.browser()
    assert anonymous.get(url).status_code == 401
    assert anonymous.put(url, json=body).status_code == 401
    assert anonymous.post(f"{url}/submit", json={"version": 1}).status_code == 401
    # The activity's own teacher reads it, read-only, and cannot write: refused, unchanged.
    seen = a_teacher.get(url).json()
    assert seen["read_only"] is True
    assert seen["viewer"] == "teacher"
    # Each one's own name, for their caret in the copy's live room.
    assert (seen["viewer_name"], seen["student"]) == ("Tina", "Ada")
    assert ada.get(url).json()["viewer_name"] == "Ada"
    # Each one's own id: a browser keeps each user's unsent work apart.
    assert seen["viewer_id"] != ada.get(url).json()["viewer_id"]
    assert seen["locked"] is None
    assert seen["notebook"]["cells"][0]["source"] == "x = 1"
    refused = a_teacher.put(url, json=body)
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("A teacher sees a student's copy read-only")
    assert a_teacher.post(f"{url}/submit", json={"version": 1}).status_code == 403
    after = a_teacher.get(url).json()
    assert (after["version"], after["status"]) == (1, "not_started")
    assert after["notebook"]["cells"][0]["source"] == "x = 1"
    assert a_teacher.get("/api/copies/999999").status_code == 404


def test_writes_must_be_json_so_other_sites_cannot_forge_them(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    url = f"/api/copies/{copy_id}"
    body = json.dumps({"version": 1, "notebook": a_notebook("forged")})
    forged = student.put(url, content=body, headers={"Content-Type": "text/plain"})
    assert forged.status_code == 415
    assert forged.json()["detail"].startswith("Send the body as application/json")
    form = student.post(f"{url}/submit", data={"version": "1"})
    assert form.status_code == 415
    assert student.get(url).json()["version"] == 1


def test_bad_bodies_get_a_clear_error_and_change_nothing(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    url = f"/api/copies/{copy_id}"
    invalid = student.put(url, json={"version": 1, "notebook": {"nbformat": 4, "cells": "x"}})
    assert invalid.status_code == 422
    assert invalid.json()["detail"].startswith("The notebook was not saved: invalid notebook")
    malformed = student.put(url, content=b"{not json", headers=API)
    assert malformed.status_code == 422
    assert malformed.json()["detail"].startswith("The request is malformed")
    # A lone surrogate is valid JSON but not Unicode text: no database could store it.
    lone = json.dumps({"version": 1, "notebook": a_notebook("x = '\ud800'")}).encode()
    surrogate = student.put(url, content=lone, headers=API)
    assert surrogate.status_code == 422
    assert "not valid Unicode" in surrogate.json()["detail"]
    missing = student.put(url, json={"notebook": a_notebook()})
    assert "version" in missing.json()["detail"]
    huge = a_notebook("y" * 300_000)
    too_big = student.put(url, json={"version": 1, "notebook": huge})
    assert too_big.status_code == 413
    assert "larger than" in too_big.json()["detail"]
    assert student.get(url).json()["version"] == 1


def test_a_closed_activity_keeps_copies_readable_but_refuses_changes(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code)
    post_form(a_teacher, f"/teacher/activities/{activity_id}/close", {})
    url = f"/api/copies/{copy_id}"
    assert student.get(url).json()["read_only"] is True
    refused = student.put(url, json={"version": 1, "notebook": a_notebook("late")})
    assert refused.status_code == 403
    assert "closed" in refused.json()["detail"]
    assert student.post(f"{url}/submit", json={"version": 1}).status_code == 403


def test_late_work_is_refused_when_the_teacher_said_so(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    _, code = a_classroom.activity(a_teacher, due="2020-01-01T08:00", late_accepted="")
    student, copy_id = a_classroom.guest(code)
    refused = student.post(f"/api/copies/{copy_id}/submit", json={"version": 1})
    assert refused.status_code == 403
    assert "does not accept late work" in refused.json()["detail"]


def test_the_openapi_schema_describes_the_copy_endpoints_and_no_pages(
    a_classroom: Classroom,
) -> None:
    schema = a_classroom.browser().get("/api/openapi.json").json()
    assert set(schema["paths"]) == {
        "/api/copies/{copy_id}",
        "/api/copies/{copy_id}/submit",
        "/api/copies/{copy_id}/projection",
    }
    assert set(schema["paths"]["/api/copies/{copy_id}"]) == {"get", "put"}
    assert "409" in schema["paths"]["/api/copies/{copy_id}"]["put"]["responses"]


def test_when_students_do_not_keep_working_a_handed_in_copy_is_refused_until_returned(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher, keep_working="")
    student, copy_id = a_classroom.guest(code, "Ada")
    url = f"/api/copies/{copy_id}"
    assert student.get(url).json()["keep_working"] is False
    assert student.put(url, json={"version": 1, "notebook": a_notebook("mine")}).status_code == 200
    assert student.post(f"{url}/submit", json={"version": 2}).json()["read_only"] is True

    loaded = student.get(url).json()
    assert (loaded["read_only"], loaded["read_only_reason"]) == (True, "handed_in")
    # Its teacher is told too: the copy's live room lets nobody write now.
    assert a_teacher.get(url).json()["locked"] == "handed_in"
    refused = student.put(url, json={"version": 2, "notebook": a_notebook("after")})
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "This copy is handed in and this activity keeps it unchanged until your "
        "teacher returns it; changes are not saved.",
        "reason": "handed_in",
    }
    again = student.post(f"{url}/submit", json={"version": 2})
    assert again.status_code == 403
    assert again.json()["reason"] == "handed_in"
    assert student.get(url).json()["notebook"]["cells"][0]["source"] == "mine"
    page = student.get(f"/copies/{copy_id}").text
    assert "You can change it again once your teacher returns it." in page
    assert f'action="/copies/{copy_id}/submit"' not in page

    # Returned: the student works on it again, and may hand it in again.
    returned = post_form(a_teacher, f"/teacher/copies/{copy_id}/grade", {"action": "return"})
    assert returned.status_code == 303
    assert student.get(url).json()["read_only"] is False
    saved = student.put(url, json={"version": 2, "notebook": a_notebook("better")})
    assert saved.status_code == 200
    assert student.post(f"{url}/submit", json={"version": 3}).status_code == 200
    assert student.put(url, json={"version": 3, "notebook": a_notebook("x")}).status_code == 403

    # The teacher changes the setting: the handed-in copy is open again, its snapshot kept.
    post_form(a_teacher, f"/teacher/activities/{activity_id}/settings", {"keep_working": "1"})
    assert student.get(url).json()["read_only"] is False
    assert student.put(url, json={"version": 3, "notebook": a_notebook("x")}).status_code == 200
    review = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "better" in review
    assert "Shown" in review


def test_when_students_keep_working_the_teacher_still_sees_the_version_handed_in(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    activity_id, code = a_classroom.activity(a_teacher)
    student, copy_id = a_classroom.guest(code, "Ada")
    url = f"/api/copies/{copy_id}"
    student.put(url, json={"version": 1, "notebook": a_notebook("handed_in_text")})
    student.post(f"{url}/submit", json={"version": 2})
    loaded = student.get(url).json()
    assert (loaded["read_only"], loaded["read_only_reason"], loaded["keep_working"]) == (
        False,
        None,
        True,
    )
    assert "You may keep working" in student.get(f"/copies/{copy_id}").text
    snapshot = student.get(f"{url}?view=submitted").json()
    assert (snapshot["read_only"], snapshot["read_only_reason"]) == (True, "version_handed_in")
    kept = student.put(url, json={"version": 2, "notebook": a_notebook("kept_working_text")})
    assert kept.status_code == 200
    assert student.get(url).json()["status"] == "submitted"
    review = a_teacher.get(f"/teacher/copies/{copy_id}").text
    assert "handed_in_text" in review
    assert "kept_working_text" not in review
    # And the setting can be turned off later: the copy handed in is then locked.
    post_form(a_teacher, f"/teacher/activities/{activity_id}/settings", {})
    assert student.get(url).json()["read_only_reason"] == "handed_in"
    locked = student.put(url, json={"version": 3, "notebook": a_notebook("more")})
    assert locked.status_code == 403


def test_the_new_activity_form_offers_the_setting_ticked_and_an_untick_is_kept(
    a_classroom: Classroom, a_teacher: TestClient
) -> None:
    form = a_teacher.get("/teacher/activities/new").text
    assert re.search(r'id="keep_working"[^>]*checked', form)
    assert re.search(r'id="keep_working"[^>]*aria-describedby="keep_working-help"', form)
    activity_id, _ = a_classroom.activity(a_teacher, keep_working="")
    page = a_teacher.get(f"/teacher/activities/{activity_id}").text
    assert re.search(r'id="keep_working"[^>]*>', page)
    assert not re.search(r'id="keep_working"[^>]*checked', page)
