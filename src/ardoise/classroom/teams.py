"""Teams: pairs or groups of students a teacher forms for an activity, who share one copy.

A team belongs to one activity; a student is in at most one team per activity (a
unique constraint says so). The team's copy is the copy of the first member who
opens the activity (their own, if they had started alone); every member opens
that copy, hands it in, and joins its live room. Who may open a copy is decided
here (`may_open`) for the JSON API, the pages and the live room's handshake
alike, from the database at each request: a member taken out of a team loses
the copy at once.

A copy keeps one owner (`Copy.student_id`). Taking the owner out of their team
hands the copy to another member who has no copy of their own, or is refused,
so that the owner of a team's copy is always one of its members.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Activity, Copy, GroupMember, Role, Team, TeamMember, User

__all__ = [
    "TEAM_SIZES",
    "Drawn",
    "TeamError",
    "add_to_team",
    "candidates",
    "claim_copy",
    "copies_opened_by",
    "delete_team",
    "draw_teams",
    "form_team",
    "may_open",
    "members_of_copy",
    "remove_from_team",
    "set_team_size",
    "team_names",
    "team_of",
    "teams_of",
]

# 1 is work alone; 2 pairs; more, groups of up to that many (when drawn at random).
TEAM_SIZES = (1, 2, 3, 4, 5)
MIN_MEMBERS = 2


class TeamError(ValueError):
    """A change refused: the form `field`, a message `key` and the message's fields."""

    def __init__(self, field: str, key: str, **fields: str) -> None:
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key
        self.fields = fields


def team_of(db: Session, activity_id: int, user_id: int) -> Team | None:
    """The student's team for this activity, if they are in one."""
    return db.scalar(
        select(Team)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.activity_id == activity_id, TeamMember.user_id == user_id)
    )


def may_open(db: Session, copy: Copy, user: User) -> bool:
    """Whether a student may open and change the copy: its owner, or a member of its team."""
    if user.role != Role.STUDENT:
        return False
    if copy.student_id == user.id:
        return True
    member = db.scalar(
        select(TeamMember.user_id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(Team.copy_id == copy.id, TeamMember.user_id == user.id)
    )
    return member is not None


def _members(db: Session, team_id: int) -> list[User]:
    return list(
        db.scalars(
            select(User)
            .join(TeamMember, TeamMember.user_id == User.id)
            .where(TeamMember.team_id == team_id)
            .order_by(User.display_name, User.id)
        )
    )


def copies_opened_by(db: Session, student: User) -> Select[Copy]:
    """A query of the copies the student opens: their own and their teams' (order it)."""
    teams = (
        select(Team.copy_id)
        .join(TeamMember, TeamMember.team_id == Team.id)
        .where(TeamMember.user_id == student.id, Team.copy_id.is_not(None))
    )
    return select(Copy).where((Copy.student_id == student.id) | Copy.id.in_(teams))


def members_of_copy(db: Session, copy: Copy) -> list[User]:
    """The members of the team whose copy this is, by name; empty for a student's own copy."""
    team = db.scalar(select(Team).where(Team.copy_id == copy.id))
    return _members(db, team.id) if team is not None else []


def teams_of(db: Session, activity: Activity) -> list[tuple[Team, list[User]]]:
    """The activity's teams in the order they were formed, with their members by name."""
    teams = db.scalars(select(Team).where(Team.activity_id == activity.id).order_by(Team.id))
    return [(team, _members(db, team.id)) for team in teams]


def team_names(db: Session, activity: Activity) -> dict[int, list[str]]:
    """For each team copy of the activity, its members' names (for the teacher's lists)."""
    return {
        team.copy_id: [member.display_name for member in members]
        for team, members in teams_of(db, activity)
        if team.copy_id is not None
    }


def candidates(db: Session, activity: Activity) -> list[User]:
    """Who may be put in a team: the class's students and the students who joined, by name."""
    in_class = select(GroupMember.user_id).where(GroupMember.group_id == activity.group_id)
    joined = select(Copy.student_id).where(Copy.activity_id == activity.id)
    return list(
        db.scalars(
            select(User)
            .where(User.role == Role.STUDENT, User.id.in_(in_class) | User.id.in_(joined))
            .order_by(User.display_name, User.id)
        )
    )


def set_team_size(db: Session, activity: Activity, text: str) -> None:
    size = int(text) if text.isdigit() else 0
    if size not in TEAM_SIZES:
        raise TeamError("team_size", "team_size_unknown")
    activity.team_size = size
    db.commit()


def _chosen(db: Session, activity: Activity, user_ids: Sequence[int]) -> list[User]:
    """The students named by id, each one a candidate and in no team yet."""
    allowed = {user.id: user for user in candidates(db, activity)}
    if any(user_id not in allowed for user_id in user_ids):
        raise TeamError("students", "team_student_unknown")
    chosen = [allowed[user_id] for user_id in dict.fromkeys(user_ids)]
    for user in chosen:
        if team_of(db, activity.id, user.id) is not None:
            raise TeamError("students", "already_in_team", name=user.display_name)
    return chosen


def form_team(db: Session, activity: Activity, user_ids: Sequence[int]) -> Team:
    """A new team of these students (two or more, none in a team yet)."""
    if activity.team_size < MIN_MEMBERS:
        raise TeamError("students", "team_work_off")
    chosen = _chosen(db, activity, user_ids)
    if len(chosen) < MIN_MEMBERS:
        raise TeamError("students", "team_too_small")
    team = Team(activity_id=activity.id)
    db.add(team)
    db.flush()
    for user in chosen:
        db.add(TeamMember(team_id=team.id, user_id=user.id, activity_id=activity.id))
    _commit_or_refuse(db)
    return team


def _commit_or_refuse(db: Session) -> None:
    try:
        db.commit()
    except IntegrityError:  # the same student put in a team from another tab meanwhile
        db.rollback()
        raise TeamError("students", "team_changed_meanwhile") from None


def add_to_team(db: Session, activity: Activity, team: Team, user_id: int) -> None:
    (user,) = _chosen(db, activity, [user_id])
    db.add(TeamMember(team_id=team.id, user_id=user.id, activity_id=activity.id))
    _commit_or_refuse(db)


def remove_from_team(db: Session, activity: Activity, team: Team, user_id: int) -> None:
    """Take the student out of the team; they lose its copy at once."""
    members = _members(db, team.id)
    leaving = next((user for user in members if user.id == user_id), None)
    if leaving is None:
        return
    if len(members) - 1 < MIN_MEMBERS:
        raise TeamError("team", "team_too_small_left", name=leaving.display_name)
    copy = db.get(Copy, team.copy_id) if team.copy_id is not None else None
    if copy is not None and copy.student_id == leaving.id:
        copy.student_id = _heir(db, activity, members, leaving)
    db.execute(
        delete(TeamMember).where(TeamMember.team_id == team.id, TeamMember.user_id == user_id)
    )
    db.commit()


def _heir(db: Session, activity: Activity, members: list[User], leaving: User) -> int:
    """Another member with no copy of the activity, to own the team's copy."""
    with_copy = set(db.scalars(select(Copy.student_id).where(Copy.activity_id == activity.id)))
    for user in members:
        if user.id != leaving.id and user.id not in with_copy:
            return user.id
    raise TeamError("team", "owner_cannot_leave", name=leaving.display_name)


def delete_team(db: Session, team: Team) -> None:
    """Undo the team: its copy stays its owner's own copy; the other members lose it."""
    db.execute(delete(Team).where(Team.id == team.id))
    db.commit()


@dataclass
class Drawn:
    """What drawing teams at random did."""

    teams: int = 0
    left: list[User] = field(default_factory=list)


def draw_teams(db: Session, activity: Activity, rng: random.Random | None = None) -> Drawn:
    """Teams of `team_size` drawn among the candidates in no team; a last one left alone
    joins the last team drawn (so pairs with an odd number make one group of three)."""
    if activity.team_size < MIN_MEMBERS:
        raise TeamError("students", "team_work_off")
    free = [user for user in candidates(db, activity) if team_of(db, activity.id, user.id) is None]
    (rng or random.Random()).shuffle(free)
    size = activity.team_size
    chunks = [free[start : start + size] for start in range(0, len(free), size)]
    if len(chunks) > 1 and len(chunks[-1]) < MIN_MEMBERS:
        chunks[-2].extend(chunks.pop())
    drawn = Drawn()
    for chunk in chunks:
        if len(chunk) < MIN_MEMBERS:
            drawn.left.extend(chunk)
            continue
        form_team(db, activity, [user.id for user in chunk])
        drawn.teams += 1
    return drawn


def claim_copy(db: Session, team: Team, copy: Copy) -> Copy:
    """Make `copy` the team's copy unless a member's copy already is; the team's copy.

    One conditional UPDATE: two members opening the activity at once cannot both win.
    """
    db.execute(
        update(Team)
        .where(Team.id == team.id, Team.copy_id.is_(None))
        .values(copy_id=copy.id)
        .execution_options(synchronize_session=False)
    )
    db.commit()
    db.refresh(team)
    if team.copy_id is None or team.copy_id == copy.id:
        return copy
    winner = db.get(Copy, team.copy_id)
    assert winner is not None
    return winner
