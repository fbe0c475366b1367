"""The database: created by the shipped migrations, in WAL mode, kept across restarts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.models import Base, Role

from .conftest import Classroom


def test_a_new_data_folder_gets_a_migrated_sqlite_database_in_wal_mode(tmp_path: Path) -> None:
    config = ClassroomConfig(data=tmp_path / "new" / "data")
    create_app(config).state.sessions.kw["bind"].dispose()
    path = config.data / "classroom.sqlite3"
    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert {"users", "groups", "group_members", "activities", "copies", "sessions"} <= tables
    assert mode == "wal"
    assert revision == "0003_oidc"


def test_the_migrations_create_exactly_the_tables_the_models_describe_on_both_databases(
    a_classroom: Classroom,
) -> None:
    engine = a_classroom.app.state.sessions.kw["bind"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_accounts_are_kept_when_the_server_starts_again(tmp_path: Path) -> None:
    config = ClassroomConfig(data=tmp_path / "data")
    first = create_app(config)
    Classroom(first, config).account("tina", Role.TEACHER)
    first.state.sessions.kw["bind"].dispose()
    again = Classroom(create_app(config), config)
    client = again.signed_in("tina")
    assert client.get("/teacher").status_code == 200
    again.app.state.sessions.kw["bind"].dispose()
