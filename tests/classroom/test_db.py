"""The database: created by the shipped migrations, in WAL mode, kept across restarts."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, inspect, text

from ardoise.classroom import ClassroomConfig, create_app
from ardoise.classroom.db import MIGRATIONS
from ardoise.classroom.models import Base, Role

from .conftest import Classroom


def an_old_database(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> tuple[Engine, Callable[[str, str], None]]:
    """An empty database of that kind, and `migrate("upgrade"|"downgrade", revision)`."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    if database == "postgresql":
        url = request.getfixturevalue("a_postgres_cluster").new_database()
    engine = create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))

    def migrate(step: str, target: str) -> None:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            getattr(command, step)(config, target)

    return engine, migrate


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
    assert revision == "0007_projection"


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


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_0004_keeps_existing_activities_as_they_were_and_goes_back_down(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine, migrate = an_old_database(database, tmp_path, request)

    migrate("upgrade", "0003_oidc")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, display_name, role, created_at) "
                "VALUES (1, 'Tina', 'teacher', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO activities (id, teacher_id, share_code, title, instructions, "
                "late_accepted, guests_allowed, closed, notebook_name, notebook, created_at) "
                "VALUES (1, 1, 'ABCDE23456', 'Loops', '', true, true, false, 'a.ipynb', '{}', "
                "CURRENT_TIMESTAMP)"
            )
        )
    migrate("upgrade", "head")
    with engine.connect() as connection:
        kept = connection.execute(text("SELECT keep_working FROM activities")).scalar_one()
    assert kept in (True, 1)  # students kept working after handing in before this setting
    migrate("downgrade", "0003_oidc")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM activities")).keys()
        assert "keep_working" not in columns
        assert connection.execute(text("SELECT title FROM activities")).scalar_one() == "Loops"
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_0006_makes_existing_activities_individual_work_and_goes_back_down(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine, migrate = an_old_database(database, tmp_path, request)

    migrate("upgrade", "0005_live_rooms")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, display_name, role, created_at) VALUES "
                "(1, 'Tina', 'teacher', CURRENT_TIMESTAMP), "
                "(2, 'Ada', 'student', CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO activities (id, teacher_id, share_code, title, instructions, "
                "late_accepted, guests_allowed, closed, notebook_name, notebook, created_at) "
                "VALUES (1, 1, 'ABCDE23456', 'Loops', '', true, true, false, 'a.ipynb', '{}', "
                "CURRENT_TIMESTAMP)"
            )
        )
    migrate("upgrade", "head")
    with engine.begin() as connection:
        size = connection.execute(text("SELECT team_size FROM activities")).scalar_one()
        connection.execute(
            text("INSERT INTO teams (id, activity_id, created_at) VALUES (1, 1, CURRENT_TIMESTAMP)")
        )
        connection.execute(
            text("INSERT INTO team_members (team_id, user_id, activity_id) VALUES (1, 2, 1)")
        )
    assert size == 1  # work alone, as every activity was before teams
    migrate("downgrade", "0005_live_rooms")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM activities")).keys()
        assert "team_size" not in columns
        assert connection.execute(text("SELECT title FROM activities")).scalar_one() == "Loops"
        tables = inspect(connection).get_table_names()
    assert "teams" not in tables and "team_members" not in tables
    engine.dispose()


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_0007_starts_existing_copies_not_shown_to_the_class_and_goes_back_down(
    database: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    engine, migrate = an_old_database(database, tmp_path, request)

    migrate("upgrade", "0005_live_rooms")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO users (id, display_name, role, created_at) "
            "VALUES (1, 'Tina', 'teacher', CURRENT_TIMESTAMP), "
            "(2, 'Sam', 'student', CURRENT_TIMESTAMP)",
            "INSERT INTO activities (id, teacher_id, share_code, title, instructions, "
            "late_accepted, guests_allowed, closed, keep_working, notebook_name, notebook, "
            "created_at) VALUES (1, 1, 'ABCDE23456', 'Loops', '', true, true, false, true, "
            "'a.ipynb', '{}', CURRENT_TIMESTAMP)",
            "INSERT INTO copies (id, activity_id, student_id, content, version, status, "
            "cells_run, created_at, updated_at) VALUES (1, 1, 2, '{}', 3, 'in_progress', 0, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        ):
            connection.execute(text(statement))
    migrate("upgrade", "head")
    with engine.connect() as connection:
        shown = connection.execute(text("SELECT shown_to_class FROM copies")).scalar_one()
    assert shown in (False, 0)  # nobody consented to what was there before
    migrate("downgrade", "0005_live_rooms")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM copies")).keys()
        assert "shown_to_class" not in columns
        assert connection.execute(text("SELECT version FROM copies")).scalar_one() == 3
    engine.dispose()
