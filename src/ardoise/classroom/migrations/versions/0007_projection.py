"""A student's consent to their teacher showing their copy to the class.

Revision ID: 0007_projection
Revises: 0006_teams
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_projection"
down_revision = "0006_teams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing copies were never consented to: they start not shown.
    with op.batch_alter_table("copies") as batch_op:
        batch_op.add_column(
            sa.Column("shown_to_class", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("copies") as batch_op:
        batch_op.drop_column("shown_to_class")
