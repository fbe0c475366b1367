"""The tables of the classroom: people, classes, activities, copies, sign-in sessions.

Migrations (`migrations/versions/`) create these tables; a test checks that the
two agree, so a change here without a migration fails.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Activity",
    "Attempt",
    "Base",
    "Comment",
    "Copy",
    "CopyStatus",
    "Group",
    "GroupMember",
    "LiveRoom",
    "LiveUpdate",
    "OidcIdentity",
    "Role",
    "SignInSession",
    "Team",
    "TeamMember",
    "User",
    "now",
]


def now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in UTC, aware on the way out even where the database (SQLite) drops zones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Role(enum.StrEnum):
    ADMIN = "admin"
    TEACHER = "teacher"
    STUDENT = "student"


class CopyStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"


#: A table whose ids are seen outside the database (addresses, a browser's kept
#: work, exports): SQLite never gives a deleted row's id to a new one (0008).
STABLE_IDS = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    pass


class User(Base):
    """A person. Guests (students who only gave a name) have no username nor password."""

    __tablename__ = "users"
    __table_args__ = STABLE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str | None] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(200))
    # SHA-256 of a guest's private resume link: the link signs them in on any device.
    resume_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Group(Base):
    """A teacher's class: a group of student accounts. Only its teacher sees its members."""

    __tablename__ = "groups"
    __table_args__ = STABLE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class GroupMember(Base):
    __tablename__ = "group_members"
    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class Activity(Base):
    """A notebook a teacher hands out under a share code."""

    __tablename__ = "activities"
    __table_args__ = STABLE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id", ondelete="SET NULL"))
    share_code: Mapped[str] = mapped_column(String(16), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    instructions: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_accepted: Mapped[bool] = mapped_column(Boolean, default=True)
    guests_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    # Whether a student may keep changing their copy once handed in (the teacher keeps
    # the snapshot handed in either way); when not, the copy is locked until returned.
    keep_working: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Students per team when the activity is team work (random teams are drawn at this
    # size); 1 is work alone.
    team_size: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    notebook_name: Mapped[str] = mapped_column(String(255))
    # The .ipynb handed out, as JSON text: each copy starts from it.
    notebook: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Copy(Base):
    """One student's copy of an activity's notebook.

    `version` grows by one with each save; a save names the version it was based on,
    so a stale tab gets a conflict instead of overwriting newer work.
    """

    __tablename__ = "copies"
    __table_args__ = (UniqueConstraint("activity_id", "student_id"), STABLE_IDS)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    content: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default=CopyStatus.NOT_STARTED)
    cells_run: Mapped[int] = mapped_column(Integer, default=0)
    submitted_content: Mapped[str | None] = mapped_column(Text)
    submitted_version: Mapped[int | None] = mapped_column(Integer)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    grade: Mapped[str | None] = mapped_column(String(32))
    # The teacher's word on the whole copy, shown with the grade once returned.
    grade_comment: Mapped[str | None] = mapped_column(Text)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The student's consent to their teacher showing this copy to the class (projection);
    # theirs to give and take back at any time.
    shown_to_class: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class Team(Base):
    """Students of one activity who work on one copy: a pair or a group the teacher formed.

    Not a class (`Group`): a team belongs to one activity. `copy_id` is the team's
    copy, set by the first member who opens the activity; that copy's `student_id`
    is the member who opened it first (its owner).
    """

    __tablename__ = "teams"
    __table_args__ = STABLE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    copy_id: Mapped[int | None] = mapped_column(
        ForeignKey("copies.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class TeamMember(Base):
    """A student in a team; the unique (activity, student) keeps them in one team per activity."""

    __tablename__ = "team_members"
    __table_args__ = (UniqueConstraint("activity_id", "user_id"),)
    team_id: Mapped[int] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))


class Comment(Base):
    """A teacher's comment on one cell of a copy; the student sees it once the copy is returned.

    The cell is named by its position (and its nbformat id when it has one, so a
    comment still finds its cell if the student later inserts cells above).
    """

    __tablename__ = "comments"
    __table_args__ = STABLE_IDS
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("copies.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    cell_index: Mapped[int] = mapped_column(Integer)
    cell_id: Mapped[str | None] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class SignInSession(Base):
    """A signed-in browser. The cookie holds a secret; the table holds its SHA-256."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Attempt(Base):
    """A failed try (a wrong password, an unknown share code), counted to rate-limit."""

    __tablename__ = "attempts"
    __table_args__ = (Index("ix_attempts_kind_key_at", "kind", "key", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class OidcIdentity(Base):
    """A person as the school's OpenID Connect provider knows them: (issuer, subject).

    The subject is the provider's stable identifier for the person; names and
    emails change, so accounts are never matched on them.
    """

    __tablename__ = "oidc_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class LiveRoom(Base):
    """A copy edited live: which copy version its stored document was last in step with.

    A copy saved at a later version (a PUT while the room was not loaded) is newer
    than the room's document, which then takes the copy's content when it loads.
    """

    __tablename__ = "live_rooms"
    copy_id: Mapped[int] = mapped_column(
        ForeignKey("copies.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)


class LiveUpdate(Base):
    """One Yjs update of a live copy's document, as it arrived (or several compacted into one).

    Applying every row of a copy, in any order, rebuilds its document.
    """

    __tablename__ = "live_updates"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    copy_id: Mapped[int] = mapped_column(ForeignKey("copies.id", ondelete="CASCADE"), index=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=now)
