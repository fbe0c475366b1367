"""Teams: pairs or groups of students who work on one copy of an activity.

Existing activities are individual work (`team_size` 1) and have no teams.

Revision ID: 0006_teams
Revises: 0005_live_rooms
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_teams"
down_revision = "0005_live_rooms"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("team_size", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["copy_id"], ["copies.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("copy_id"),
    )
    op.create_index("ix_teams_activity_id", "teams", ["activity_id"])
    op.create_table(
        "team_members",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["teams.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["activity_id"], ["activities.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("team_id", "user_id"),
        sa.UniqueConstraint("activity_id", "user_id"),
    )
    op.create_index("ix_team_members_user_id", "team_members", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_team_members_user_id", table_name="team_members")
    op.drop_table("team_members")
    op.drop_index("ix_teams_activity_id", table_name="teams")
    op.drop_table("teams")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("team_size")
