"""Engine, sessions and migrations.

SQLite (the embedded default) gets foreign keys and WAL; PostgreSQL goes through psycopg 3.
Migrations are Alembic's, run programmatically so that ``agents-metiers init`` and the tests
apply exactly the same scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from agents_metiers.errors import ConfigurationError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Tables the search index owns (FTS5 tables and their shadow tables, vocabulary, forms):
# migration 0003 creates them per backend; they are not in ``Base.metadata``.
SEARCH_TABLE_PREFIX = "search_"


def make_engine(url: str) -> Engine:
    """Create the engine for ``url``; a malformed URL is a configuration error."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigurationError(f"DATABASE_URL invalide : « {url} ».") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def compared_with_metadata(name: str | None, type_: str, _parents: Any) -> bool:
    """Alembic ``include_name`` filter: leave the search tables out of schema comparisons."""
    return not (type_ == "table" and (name or "").startswith(SEARCH_TABLE_PREFIX))


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def _alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (idempotent)."""
    command.upgrade(_alembic_config(engine), "head")


def schema_is_current(engine: Engine) -> bool:
    """True when the database carries the latest migration."""
    head = ScriptDirectory.from_config(_alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current == head
