"""Alembic's entry point: migrations run on the connection `db.upgrade()` passes in."""

from __future__ import annotations

from alembic import context

from ardoise.classroom.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters tables by copying them; batch mode does that for us.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
