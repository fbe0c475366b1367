"""Classes: whether students may keep working on a copy once it is handed in.

The `groups` and `group_members` tables exist since 0001; this adds the
activity's setting. Existing activities keep today's behaviour (students may).

Revision ID: 0004_classes
Revises: 0003_oidc
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_classes"
down_revision = "0003_oidc"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("keep_working", sa.Boolean(), server_default=sa.true(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_column("keep_working")
