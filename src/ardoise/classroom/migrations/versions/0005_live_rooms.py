"""Live rooms: the Yjs document of a copy edited by several people at once.

Revision ID: 0005_live_rooms
Revises: 0004_classes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_live_rooms"
down_revision = "0004_classes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "live_rooms",
        sa.Column("copy_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["copy_id"], ["copies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("copy_id"),
    )
    op.create_table(
        "live_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("copy_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["copy_id"], ["copies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_live_updates_copy_id", "live_updates", ["copy_id"])


def downgrade() -> None:
    op.drop_index("ix_live_updates_copy_id", table_name="live_updates")
    op.drop_table("live_updates")
    op.drop_table("live_rooms")
