"""The Alembic migrations build exactly the schema the tables declare, on both backends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine

from agents_metiers.storage.db import compared_with_metadata, migrate, schema_is_current
from agents_metiers.storage.tables import Base


def test_migrated_schema_has_no_drift_from_the_tables(database: Engine) -> None:
    with database.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"render_as_batch": True, "include_name": compared_with_metadata},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrating_twice_changes_nothing_and_reports_current(database: Engine) -> None:
    migrate(database)
    assert schema_is_current(database)
