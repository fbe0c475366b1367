"""Showing a copy to the class: only with its student's consent, read-only, ended when revoked."""

from __future__ import annotations

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from ardoise.classroom.live_projection import PROJECTION_ENDED
from ardoise.classroom.models import Role

from .conftest import API, LiveCopy
from .live_client import LiveClient, source, synced


def refusal(client: LiveClient) -> tuple[int, bytes]:
    with pytest.raises(InvalidStatus) as refused:
        client.connect()
    return refused.value.response.status_code, refused.value.response.body or b""


def allow(live: LiveCopy, allowed: bool) -> None:
    answer = live.student.put(
        f"/api/copies/{live.copy_id}/projection", json={"allowed": allowed}, headers=API
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"shown_to_class": allowed}


def test_only_the_teacher_projects_and_only_with_the_student_s_consent(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    copy_url = f"/api/copies/{live.copy_id}"
    assert live.teacher.get(copy_url).json()["shown_to_class"] is False
    status, body = refusal(live.client(live.teacher, mode="project"))
    assert status == 403 and b"has not allowed" in body

    # Consent is the student's alone: the teacher cannot give it.
    forced = live.teacher.put(f"{copy_url}/projection", json={"allowed": True}, headers=API)
    assert forced.status_code == 403
    assert "student decides" in forced.json()["detail"]
    allow(live, True)
    assert live.teacher.get(copy_url).json()["shown_to_class"] is True

    other_teacher = live.classroom.signed_in("otto", Role.TEACHER)
    assert refusal(live.client(other_teacher, mode="project"))[0] == 404
    assert refusal(live.client(live.student, mode="project"))[0] == 403
    assert (
        refusal(live.client(live.teacher, mode="project", origin="https://evil.example"))[0] == 403
    )
    projection = synced(live.client(live.teacher, mode="project", name="projection"))
    assert source(projection) == "x = 1"
    projection.disconnect()


def test_a_projection_follows_the_student_but_its_writes_are_refused(
    a_live_copy: LiveCopy,
) -> None:
    live = a_live_copy
    allow(live, True)
    owner = synced(live.client(live.student, name="owner"))
    projection = synced(live.client(live.teacher, mode="project", name="projection"))
    owner.settle()
    assert owner.projected[-1] == 1  # the student is told they are being shown

    projection.notebook.ycells[0]["source"].insert(0, "# projected\n")
    projection.settle()
    owner.settle()
    assert source(owner) == "x = 1"
    owner.notebook.ycells[0]["source"].insert(5, "2")
    owner.settle()
    projection.settle()
    assert "x = 12" in source(projection)
    owner.wait_saved()
    assert live.stored()["notebook"]["cells"][0]["source"] == "x = 12"  # type: ignore[index]
    late = synced(live.client(live.student, name="late"))
    assert source(late) == "x = 12"  # the projection's text reached no one
    assert late.projected == [1]  # whoever joins while it is shown is told too

    projection.disconnect()
    owner.settle()
    assert owner.projected[-1] == 0
    owner.disconnect()
    late.disconnect()


def test_taking_consent_back_closes_open_projections_at_once(a_live_copy: LiveCopy) -> None:
    live = a_live_copy
    allow(live, True)
    owner = synced(live.client(live.student, name="owner"))
    projection = synced(live.client(live.teacher, mode="project", name="projection"))
    allow(live, False)
    assert projection.ws is not None
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            projection.ws.recv(timeout=10)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == PROJECTION_ENDED
    assert "stopped sharing" in closed.value.rcvd.reason
    projection.disconnect()
    owner.settle()
    assert owner.projected[-1] == 0
    assert refusal(live.client(live.teacher, mode="project"))[0] == 403
    # The student's own connection is untouched.
    owner.notebook.ycells[0]["source"].insert(5, "3")
    owner.settle()
    assert owner.wait_saved() > 0
    owner.disconnect()
