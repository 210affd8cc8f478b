"""leases and planificateur: the database lease electing the process that runs the job worker
and the scheduler; one row per scheduled run (unique per entry and planned time)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    op.create_table(
        "planificateur_executions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entree", sa.String(length=50), nullable=False),
        sa.Column("prevue_a", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lancee_a", sa.DateTime(timezone=True), nullable=False),
        sa.Column("job_id", sa.String(length=36), nullable=True),
        sa.Column("erreur", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_planificateur_executions")),
        sa.UniqueConstraint(
            "entree", "prevue_a", name="uq_planificateur_executions_entree_prevue_a"
        ),
    )


def downgrade() -> None:
    op.drop_table("planificateur_executions")
    op.drop_table("leases")
