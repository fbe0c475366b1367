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
    database: str, tmp_path: Path, request: pytest.FixtureRequest | None = None
) -> tuple[Engine, Callable[[str, str], None]]:
    """An empty database of that kind, and `migrate("upgrade"|"downgrade", revision)`."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    if database == "postgresql":
        assert request is not None, "a PostgreSQL database needs the test's request"
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
    assert revision == "0008_stable_ids"


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


def an_old_data_folder_with_references(tmp_path: Path) -> tuple[ClassroomConfig, Path]:
    """A data folder whose database is at 0007, with rows pointing at copies, users, activities."""
    config = ClassroomConfig(data=tmp_path / "data")
    config.data.mkdir(parents=True)
    path = config.data / "classroom.sqlite3"
    engine, migrate = an_old_database("sqlite", tmp_path)
    migrate("upgrade", "0007_projection")
    with engine.begin() as connection:
        for statement in (
            "INSERT INTO users (id, display_name, role, created_at) VALUES "
            "(1, 'Tina', 'teacher', CURRENT_TIMESTAMP), (2, 'Sam', 'student', CURRENT_TIMESTAMP), "
            "(3, 'Zoé', 'student', CURRENT_TIMESTAMP)",
            "INSERT INTO activities (id, teacher_id, share_code, title, instructions, "
            "late_accepted, guests_allowed, closed, keep_working, notebook_name, notebook, "
            "created_at, team_size) VALUES (1, 1, 'ABCDE23456', 'Loops', '', true, true, false, "
            "true, 'a.ipynb', '{}', CURRENT_TIMESTAMP, 2)",
            "INSERT INTO copies (id, activity_id, student_id, content, version, status, "
            "cells_run, created_at, updated_at, shown_to_class) VALUES "
            "(1, 1, 2, '{}', 1, 'in_progress', 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false), "
            "(2, 1, 3, '{\"by\": \"Zoé\"}', 4, 'in_progress', 0, CURRENT_TIMESTAMP, "
            "CURRENT_TIMESTAMP, false)",
            "INSERT INTO comments (id, copy_id, author_id, cell_index, body, created_at) "
            "VALUES (1, 2, 1, 0, 'Well done', CURRENT_TIMESTAMP)",
            "INSERT INTO live_rooms (copy_id, version, updated_at) "
            "VALUES (2, 4, CURRENT_TIMESTAMP)",
            "INSERT INTO live_updates (id, copy_id, data, created_at) "
            "VALUES (1, 2, x'0102', CURRENT_TIMESTAMP)",
            "INSERT INTO teams (id, activity_id, copy_id, created_at) "
            "VALUES (1, 1, 2, CURRENT_TIMESTAMP)",
            "INSERT INTO team_members (team_id, user_id, activity_id) VALUES (1, 3, 1)",
        ):
            connection.execute(text(statement))
    engine.dispose()
    (tmp_path / "old.sqlite3").rename(path)
    return config, path


REFERENCES = (
    "SELECT count(*) FROM comments WHERE copy_id = 2",
    "SELECT count(*) FROM live_rooms WHERE copy_id = 2",
    "SELECT count(*) FROM live_updates WHERE copy_id = 2",
    "SELECT count(*) FROM teams WHERE copy_id = 2",
    "SELECT count(*) FROM team_members WHERE team_id = 1",
    "SELECT count(*) FROM copies WHERE activity_id = 1",
)


def test_0008_keeps_every_row_and_reference_and_a_deleted_rows_id_is_never_given_again(
    tmp_path: Path,
) -> None:
    config, path = an_old_data_folder_with_references(tmp_path)

    # The server starts on the old folder: the migration runs with its engine
    # (foreign keys on, as always), as a school's upgrade would.
    create_app(config).state.sessions.kw["bind"].dispose()

    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys=ON")
        counts = [connection.execute(query).fetchone()[0] for query in REFERENCES]
        assert counts == [1, 1, 1, 1, 1, 2]
        assert connection.execute("SELECT content FROM copies WHERE id = 2").fetchone() == (
            '{"by": "Zoé"}',
        )
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision == "0008_stable_ids"
        assert connection.execute("PRAGMA foreign_keys").fetchone() == (1,)
        # The newest copy, user and comment go; new ones get new ids, not theirs.
        connection.execute("DELETE FROM copies WHERE id = 2")
        connection.execute("DELETE FROM users WHERE id = 3")
        assert connection.execute("SELECT count(*) FROM comments").fetchone() == (0,)
        connection.execute(
            "INSERT INTO users (display_name, role, created_at) "
            "VALUES ('Ana', 'student', CURRENT_TIMESTAMP)"
        )
        new_user = connection.execute("SELECT max(id) FROM users").fetchone()[0]
        connection.execute(
            "INSERT INTO copies (activity_id, student_id, content, version, status, cells_run, "
            "created_at, updated_at, shown_to_class) VALUES (1, ?, '{}', 1, 'in_progress', 0, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false)",
            (new_user,),
        )
        new_copy = connection.execute("SELECT max(id) FROM copies").fetchone()[0]
    assert (new_user, new_copy) == (4, 3)


def test_a_new_sqlite_databases_ids_are_never_given_again(tmp_path: Path) -> None:
    config = ClassroomConfig(data=tmp_path / "data")
    create_app(config).state.sessions.kw["bind"].dispose()
    with sqlite3.connect(config.data / "classroom.sqlite3") as connection:
        tables = dict(
            connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        )
    for table in ("users", "groups", "activities", "copies", "teams", "comments"):
        assert "AUTOINCREMENT" in tables[table], table


def test_0008_goes_back_down_keeping_every_row(tmp_path: Path) -> None:
    config, path = an_old_data_folder_with_references(tmp_path)
    create_app(config).state.sessions.kw["bind"].dispose()
    engine = create_engine(f"sqlite:///{path}")
    alembic = Config()
    alembic.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        alembic.attributes["connection"] = connection
        command.downgrade(alembic, "0007_projection")
    engine.dispose()
    with sqlite3.connect(path) as connection:
        counts = [connection.execute(query).fetchone()[0] for query in REFERENCES]
        sql = connection.execute("SELECT sql FROM sqlite_master WHERE name = 'copies'").fetchone()
    assert counts == [1, 1, 1, 1, 1, 2]
    assert "AUTOINCREMENT" not in sql[0]


def test_a_reference_broken_before_the_update_does_not_stop_the_server(tmp_path: Path) -> None:
    config, path = an_old_data_folder_with_references(tmp_path)
    with sqlite3.connect(path) as connection:  # foreign keys off: another tool's edit
        connection.execute(
            "INSERT INTO comments (id, copy_id, author_id, cell_index, body, created_at) "
            "VALUES (7, 99, 1, 0, 'orphan', CURRENT_TIMESTAMP)"
        )

    create_app(config).state.sessions.kw["bind"].dispose()

    with sqlite3.connect(path) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        orphan = connection.execute("SELECT body FROM comments WHERE copy_id = 99").fetchone()
        counts = [connection.execute(query).fetchone()[0] for query in REFERENCES]
    assert (revision, orphan, counts) == ("0008_stable_ids", ("orphan",), [1, 1, 1, 1, 1, 2])


def test_0008_runs_again_after_an_attempt_that_left_its_copy_of_a_table(tmp_path: Path) -> None:
    config, path = an_old_data_folder_with_references(tmp_path)
    with sqlite3.connect(path) as connection:  # what a failed attempt leaves behind
        connection.execute("CREATE TABLE _alembic_tmp_copies (id INTEGER PRIMARY KEY)")

    create_app(config).state.sessions.kw["bind"].dispose()

    with sqlite3.connect(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        counts = [connection.execute(query).fetchone()[0] for query in REFERENCES]
    assert "_alembic_tmp_copies" not in tables
    assert counts == [1, 1, 1, 1, 1, 2]
