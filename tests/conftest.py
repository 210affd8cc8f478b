"""Shared fixtures: a migrated database per backend, the hand-made ROME fixture export.

Every test that takes ``db`` runs on SQLite (a file) and on PostgreSQL
(server of ``TEST_POSTGRES_URL``; each run creates and drops its own database there).
PostgreSQL tests are skipped with a message when the server is unreachable, unless
``REQUIRE_POSTGRES=1`` (CI), where an unreachable server is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from agents_metiers.config import Settings
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.db import make_engine, make_sessionmaker, migrate
from agents_metiers.storage.search import index_tables
from agents_metiers.storage.tables import Base

FIXTURES = Path(__file__).parent / "fixtures"
ROME_MINI = FIXTURES / "rome_mini"
SHARED_ROME = Path(__file__).resolve().parents[2] / "shared" / "rome"
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@contextmanager
def _postgres_engine() -> Iterator[Engine]:
    """A throwaway database on the server of ``POSTGRES_URL``, dropped after the run.

    Each run gets its own database so that simultaneous runs never share tables.
    """
    admin = make_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    name = f"am_test_{os.getpid()}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            connection.execute(text(f"CREATE DATABASE {name}"))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL requis mais injoignable ({POSTGRES_URL}) : {exc.orig}")
        pytest.skip(f"PostgreSQL injoignable ({POSTGRES_URL}) : tests PostgreSQL ignorés")
    engine = make_engine(admin.url.set(database=name).render_as_string(hide_password=False))
    yield engine
    engine.dispose()
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated database for the whole session, one per backend."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.db"
        engine = make_engine(f"sqlite:///{path}")
        migrate(engine)
        yield engine
        engine.dispose()
    else:
        with _postgres_engine() as engine:
            migrate(engine)
            yield engine


def truncate(engine: Engine) -> None:
    """Empty every table, the search index (outside ``Base.metadata``) included."""
    search = index_tables(engine.dialect.name)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join([*(t.name for t in Base.metadata.sorted_tables), *search])
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(table.delete())
            for name in search:
                connection.execute(text(f"DELETE FROM {name}"))


@pytest.fixture(scope="session")
def truncate_tables() -> Callable[[Engine], None]:
    """The truncation helper, for fixtures of wider scope than ``db``."""
    return truncate


@pytest.fixture
def db(database: Engine, tmp_path: Path) -> Runtime:
    """An empty, migrated database (on each backend) wrapped as the app runtime."""
    truncate(database)
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=str(database.url),
        environment="test",
        jobs_in_app=False,
        _env_file=None,
    )  # type: ignore[call-arg]
    return Runtime(settings=settings, engine=database, sessions=make_sessionmaker(database))


@pytest.fixture
def rome_mini() -> Path:
    return ROME_MINI


@pytest.fixture
def shared_rome() -> Path:
    if not (SHARED_ROME / "v460").is_dir():
        pytest.skip(f"export ROME réel absent ({SHARED_ROME / 'v460'}) : test d'intégration ignoré")
    return SHARED_ROME
