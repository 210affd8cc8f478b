"""agents: validation reports and AI usage (issue 4, §6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 09:00:00

``validation_reports`` keeps every AI quality report (the reference lost them, §10.1);
``ia_usages`` records each AI call with its cost, for the daily AI budget.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "validation_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("fiche_version", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("rapport", JSON_TYPE, nullable=False),
        sa.Column("controles", JSON_TYPE, nullable=False),
        sa.Column("modele", sa.String(length=200), nullable=False),
        sa.Column("usage", JSON_TYPE, nullable=False),
        sa.Column("cout_micro_usd", sa.BigInteger(), nullable=True),
        sa.Column("auteur", sa.String(length=255), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["code_rome"],
            ["fiches.code_rome"],
            name=op.f("fk_validation_reports_code_rome_fiches"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_validation_reports_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_validation_reports")),
    )
    with op.batch_alter_table("validation_reports") as batch:
        batch.create_index(batch.f("ix_validation_reports_code_rome"), ["code_rome"], unique=False)

    op.create_table(
        "ia_usages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("code_rome", sa.String(length=5), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("modele", sa.String(length=200), nullable=False),
        sa.Column("succes", sa.Boolean(), nullable=False),
        sa.Column("requetes", sa.Integer(), nullable=False),
        sa.Column("tokens_entree", sa.Integer(), nullable=False),
        sa.Column("tokens_sortie", sa.Integer(), nullable=False),
        sa.Column("cout_micro_usd", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_ia_usages_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ia_usages")),
    )
    with op.batch_alter_table("ia_usages") as batch:
        batch.create_index(batch.f("ix_ia_usages_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_table("ia_usages")
    op.drop_table("validation_reports")
