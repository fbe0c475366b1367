"""The database: an engine for the configured URL, migrated to the latest schema.

SQLite is the embedded default (one file, write-ahead log); PostgreSQL is
reached by URL. This module is the one place the two differ.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import ArdoiseError
from .config import ClassroomConfig

__all__ = ["CONNECTIONS", "open_database", "upgrade"]

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
# Database connections one process keeps at most; as many requests are handled at
# once (limits.InFlightLimit), fewer than FastAPI's 40 threads.
POOL_SIZE = 10
MAX_OVERFLOW = 10
CONNECTIONS = POOL_SIZE + MAX_OVERFLOW


def open_database(config: ClassroomConfig) -> sessionmaker[Session]:
    """A session factory on the configured database, its schema brought up to date."""
    engine = _engine(config)
    upgrade(engine)
    return sessionmaker(engine, expire_on_commit=False)


def _engine(config: ClassroomConfig) -> Engine:
    try:
        url = make_url(config.url)
    except ArgumentError:
        raise ArdoiseError(
            f"--database-url {config.url!r} is not a database URL; "
            "use postgresql+psycopg://USER:PASSWORD@HOST/NAME"
        ) from None
    if url.get_backend_name() == "sqlite":
        _check_folder(config.data if not config.database_url else None, url.database)
    elif url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        # psycopg 3 is the driver the `classroom` extra installs.
        url = url.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(
            url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW
        )
    except (NoSuchModuleError, ArgumentError, ImportError) as error:
        raise ArdoiseError(
            f"--database-url: {error}; use sqlite:///FILE or postgresql://USER@HOST/NAME"
        ) from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _check_folder(data: Path | None, database: str | None) -> None:
    folder = data if data is not None else Path(database or ".").parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ArdoiseError(
            f"cannot create the data folder '{folder}': {error.strerror}; "
            "choose another with --data DIR"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ArdoiseError(
            f"the data folder '{folder}' is not writable; "
            "choose another with --data DIR or change its permissions"
        )


def _configure_sqlite(connection: Any, record: Any) -> None:
    """Write-ahead log (readers do not block the writer), foreign keys, and
    synchronous=FULL: a commit is on disk before a save is acknowledged."""
    cursor = connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=10000",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def upgrade(engine: Engine) -> None:
    """Apply the migrations this database lacks (all of them, on a new one)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:
                # SQLite changes a table by copying it, dropping the old one and
                # renaming the copy; with foreign keys on, the drop would delete
                # (or empty the references of) every row that points at it. Off
                # for the migrations, as SQLite's own procedure says; the pragma
                # only takes effect outside a transaction.
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
                connection.commit()
            try:
                with connection.begin():
                    broken = _broken_references(connection) if sqlite else set()
                    config.attributes["connection"] = connection
                    command.upgrade(config, "head")
                    if sqlite:
                        _check_references(connection, broken)
            finally:
                if sqlite:
                    connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                    connection.commit()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error)
        raise ArdoiseError(
            f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
            f"{reason.strip().splitlines()[0]}; check --data or --database-url"
        ) from None
    logger.info("database %s is up to date", engine.url.render_as_string(hide_password=True))


def _broken_references(connection: Any) -> set[tuple[str, int, str]]:
    """The rows that point at a row that is not there: (table, rowid, table pointed at)."""
    rows = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return {(table, rowid, parent) for table, rowid, parent, _ in rows}


def _check_references(connection: Any, before: set[tuple[str, int, str]]) -> None:
    """Fails the migrations (rolled back) if they broke a reference that was sound.

    References already broken before (a file edited by other tools) are not
    theirs to mend, and do not stop the server.
    """
    broken = sorted(_broken_references(connection) - before)
    if broken:
        table, rowid, parent = broken[0]
        raise ArdoiseError(
            f"updating the database would leave {len(broken)} broken reference(s), "
            f"such as row {rowid} of {table} pointing at a missing row of {parent}; "
            "nothing was changed"
        )


def table_names(engine: Engine) -> list[str]:
    """The tables in the database (for checks and tests)."""
    return sorted(inspect(engine).get_table_names())
