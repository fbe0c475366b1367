"""A teacher's classes: create, rename, delete; add student accounts by username, remove them.

Only student accounts that already exist can be added (the administrator creates
them, or a first school sign-in does): a class never creates accounts nor hands
out passwords. Guests, who have
no username, are not in classes. The rules live here, independent of HTTP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Activity, Copy, Group, GroupMember, Role, Team, TeamMember, User

__all__ = [
    "Added",
    "ClassError",
    "add_members",
    "class_name",
    "classes_of",
    "classes_of_student",
    "create_class",
    "delete_class",
    "members_of",
    "not_started",
    "own_class",
    "remove_member",
    "rename_class",
]

MAX_NAME = 100
# At most this many usernames in one paste: a class, not a school.
MAX_ADDED = 500


class ClassError(ValueError):
    """A form value that cannot be accepted: `field`, and a message `key`."""

    def __init__(self, field: str, key: str) -> None:
        super().__init__(f"{field}: {key}")
        self.field = field
        self.key = key


def class_name(text: str) -> str:
    """The name with spaces tidied; `ClassError` unless 1 to 100 characters."""
    name = " ".join(text.split())
    if not 1 <= len(name) <= MAX_NAME:
        raise ClassError("name", "class_name_required")
    return name


def create_class(db: Session, teacher: User, name: str) -> Group:
    group = Group(teacher_id=teacher.id, name=class_name(name))
    db.add(group)
    db.commit()
    return group


def rename_class(db: Session, group: Group, name: str) -> None:
    group.name = class_name(name)
    db.commit()


def delete_class(db: Session, group: Group) -> None:
    """Delete the class and its memberships; its activities stay, with no class."""
    db.execute(delete(Group).where(Group.id == group.id))
    db.commit()


def own_class(db: Session, teacher: User, group_id: int) -> Group | None:
    """The class if it is `teacher`'s."""
    group = db.get(Group, group_id)
    return group if group is not None and group.teacher_id == teacher.id else None


def classes_of(db: Session, teacher: User) -> list[tuple[Group, int]]:
    """The teacher's classes by name, with their number of students."""
    rows = db.execute(
        select(Group, func.count(GroupMember.user_id))
        .outerjoin(GroupMember, GroupMember.group_id == Group.id)
        .where(Group.teacher_id == teacher.id)
        .group_by(Group.id)
        .order_by(Group.name, Group.id)
    )
    return [(group, count) for group, count in rows]


def members_of(db: Session, group: Group) -> list[User]:
    """The class's students by name."""
    return list(
        db.scalars(
            select(User)
            .join(GroupMember, GroupMember.user_id == User.id)
            .where(GroupMember.group_id == group.id)
            .order_by(User.display_name, User.id)
        )
    )


def classes_of_student(db: Session, student: User) -> list[tuple[Group, User]]:
    """The classes a student is in, with their teacher (never the other members)."""
    rows = db.execute(
        select(Group, User)
        .join(GroupMember, GroupMember.group_id == Group.id)
        .join(User, User.id == Group.teacher_id)
        .where(GroupMember.user_id == student.id)
        .order_by(Group.name, Group.id)
    )
    return [(group, teacher) for group, teacher in rows]


@dataclass
class Added:
    """What adding a list of usernames did."""

    added: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)
    # Usernames that are not student accounts (unknown, or a teacher's): nothing done.
    unknown: list[str] = field(default_factory=list)


def add_members(db: Session, group: Group, text: str) -> Added:
    """Add the student accounts named in `text` (one per line, or separated by spaces or commas)."""
    names = list(dict.fromkeys(name for name in re.split(r"[\s,;]+", text) if name))
    if not names:
        raise ClassError("usernames", "usernames_required")
    if len(names) > MAX_ADDED:
        raise ClassError("usernames", "too_many_usernames")
    try:
        return _add(db, group, names)
    except IntegrityError:  # the same list sent from two tabs at once: the second sees the first
        db.rollback()
        return _add(db, group, names)


def _add(db: Session, group: Group, names: list[str]) -> Added:
    found = {
        user.username: user
        for user in db.scalars(
            select(User).where(User.username.in_(names), User.role == Role.STUDENT)
        )
    }
    present = set(db.scalars(select(GroupMember.user_id).where(GroupMember.group_id == group.id)))
    result = Added()
    for name in names:
        user = found.get(name)
        if user is None:
            result.unknown.append(name)
        elif user.id in present:
            result.already.append(user)
        else:
            db.add(GroupMember(group_id=group.id, user_id=user.id))
            present.add(user.id)
            result.added.append(user)
    db.commit()
    return result


def remove_member(db: Session, group: Group, user_id: int) -> None:
    """Take the student out of the class; their copies stay."""
    db.execute(
        delete(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user_id)
    )
    db.commit()


def not_started(db: Session, activity: Activity) -> list[User]:
    """Students of the activity's class who have no copy of it yet (nor their team), by name."""
    if activity.group_id is None:
        return []
    has_copy = select(Copy.student_id).where(Copy.activity_id == activity.id)
    team_has_copy = (
        select(TeamMember.user_id)
        .join(Team, Team.id == TeamMember.team_id)
        .where(Team.activity_id == activity.id, Team.copy_id.is_not(None))
    )
    return list(
        db.scalars(
            select(User)
            .join(GroupMember, GroupMember.user_id == User.id)
            .where(
                GroupMember.group_id == activity.group_id,
                User.id.not_in(has_copy),
                User.id.not_in(team_has_copy),
            )
            .order_by(User.display_name, User.id)
        )
    )
