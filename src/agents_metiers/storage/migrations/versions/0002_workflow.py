"""workflow: published snapshot on fiches, author of revisions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("fiches") as batch:
        batch.add_column(sa.Column("contenu_publie", JSON_TYPE, nullable=True))
        batch.add_column(sa.Column("version_publiee", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("date_publication", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(
            sa.Column("acteur", sa.String(length=10), server_default="systeme", nullable=False)
        )
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_revisions_user_id"), ["user_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_revisions_user_id_users"), "users", ["user_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.drop_constraint(batch.f("fk_revisions_user_id_users"), type_="foreignkey")
        batch.drop_index(batch.f("ix_revisions_user_id"))
        batch.drop_column("user_id")
        batch.drop_column("acteur")
    with op.batch_alter_table("fiches") as batch:
        batch.drop_column("date_publication")
        batch.drop_column("version_publiee")
        batch.drop_column("contenu_publie")
