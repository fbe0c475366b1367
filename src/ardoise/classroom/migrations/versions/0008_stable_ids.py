"""SQLite never gives a deleted row's id to a new row.

Without AUTOINCREMENT, SQLite numbers a new row one past the largest id in
the table: delete the newest copy and the next copy gets its id. Ids leave
the database (pages' addresses, the work a browser keeps for a copy, exports),
so a reused id could show a browser's kept work of one student's deleted copy
in another student's new one. PostgreSQL's sequences never go back; nothing
changes there.

Revision ID: 0008_stable_ids
Revises: 0007_projection
"""

from __future__ import annotations

from alembic import op

revision = "0008_stable_ids"
down_revision = "0007_projection"
branch_labels = None
depends_on = None

#: The tables whose ids are seen outside the database.
TABLES = ("users", "groups", "activities", "copies", "teams", "comments")


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # db.upgrade() turns foreign keys off around the migrations: copying a table
    # and dropping the old one keeps every row that points at it.
    for table in TABLES:
        # SQLite's driver creates the copy outside the transaction that fills it:
        # an earlier attempt that failed may have left it behind.
        op.execute(f"DROP TABLE IF EXISTS _alembic_tmp_{table}")
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
