"""Alembic environment: the engine is handed over by ``storage.db.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from agents_metiers.storage.db import compared_with_metadata
from agents_metiers.storage.tables import Base

engine = context.config.attributes.get("engine")
if not isinstance(engine, Engine):  # pragma: no cover - only reached when misused
    raise RuntimeError("Les migrations se lancent avec « agents-metiers init ».")

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=compared_with_metadata,
    )
    context.run_migrations()
