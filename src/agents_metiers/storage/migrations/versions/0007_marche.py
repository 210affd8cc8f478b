"""marche: market snapshots and veille history (issue 5, §6.6, §7)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "marche_historique",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("territoire", sa.String(length=3), nullable=False),
        sa.Column("figures", JSON_TYPE, nullable=False),
        sa.Column("sources", JSON_TYPE, nullable=False),
        sa.Column("champs_modifies", JSON_TYPE, nullable=False),
        sa.Column("fiche_version", sa.Integer(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_marche_historique")),
    )
    op.create_index(
        op.f("ix_marche_historique_run_id"), "marche_historique", ["run_id"], unique=False
    )
    op.create_index(
        "ix_marche_historique_code_rome_fetched_at",
        "marche_historique",
        ["code_rome", "fetched_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_marche_historique_code_rome_fetched_at", table_name="marche_historique")
    op.drop_index(op.f("ix_marche_historique_run_id"), table_name="marche_historique")
    op.drop_table("marche_historique")
