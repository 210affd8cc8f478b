"""jobs: job items for batch runs, live workers (issue 4, §11)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 09:00:00

Progress is counted from ``job_items`` (one row per fiche), so ``jobs.done`` and
``jobs.results`` go; ``jobs.auteur`` records on whose behalf the items run.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("done")
        batch.drop_column("results")
        batch.add_column(sa.Column("auteur", JSON_TYPE, server_default="{}", nullable=False))
        batch.add_column(sa.Column("resultat", JSON_TYPE, nullable=True))
    with op.batch_alter_table("jobs") as batch:
        batch.alter_column("auteur", server_default=None)

    op.create_table(
        "job_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("result", JSON_TYPE, nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("worker", sa.String(length=120), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_id"], ["jobs.id"], name=op.f("fk_job_items_job_id_jobs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_items")),
    )
    with op.batch_alter_table("job_items") as batch:
        batch.create_index("ix_job_items_job_statut", ["job_id", "statut"], unique=False)
        batch.create_index(batch.f("ix_job_items_statut"), ["statut"], unique=False)

    op.create_table(
        "job_workers",
        sa.Column("id", sa.String(length=120), nullable=False),
        sa.Column("hostname", sa.String(length=255), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_workers")),
    )
    with op.batch_alter_table("job_workers") as batch:
        batch.create_index(batch.f("ix_job_workers_heartbeat_at"), ["heartbeat_at"], unique=False)


def downgrade() -> None:
    op.drop_table("job_workers")
    op.drop_table("job_items")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("resultat")
        batch.drop_column("auteur")
        batch.add_column(sa.Column("results", JSON_TYPE, server_default="[]", nullable=False))
        batch.add_column(sa.Column("done", sa.Integer(), server_default="0", nullable=False))
