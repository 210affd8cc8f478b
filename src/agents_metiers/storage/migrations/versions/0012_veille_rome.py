"""veille ROME: detection runs, staged referential, run and meaning flag on changes (issue 12)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "rome_veille_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("version_stockee", sa.Integer(), nullable=True),
        sa.Column("version_detectee", sa.Integer(), nullable=True),
        sa.Column("compteurs", JSON_TYPE, nullable=False),
        sa.Column("avertissements", JSON_TYPE, nullable=False),
        sa.Column("erreur", sa.Text(), nullable=True),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rome_veille_runs")),
    )
    op.create_index(
        op.f("ix_rome_veille_runs_statut"), "rome_veille_runs", ["statut"], unique=False
    )
    op.create_table(
        "rome_veille_staging",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("contenu", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["rome_veille_runs.id"],
            name=op.f("fk_rome_veille_staging_run_id_rome_veille_runs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_rome_veille_staging")),
    )
    with op.batch_alter_table("rome_changes") as batch:
        batch.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("sens_modifie", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_index(batch.f("ix_rome_changes_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rome_changes") as batch:
        batch.drop_index(batch.f("ix_rome_changes_run_id"))
        batch.drop_column("sens_modifie")
        batch.drop_column("run_id")
    op.drop_table("rome_veille_staging")
    op.drop_index(op.f("ix_rome_veille_runs_statut"), table_name="rome_veille_runs")
    op.drop_table("rome_veille_runs")
