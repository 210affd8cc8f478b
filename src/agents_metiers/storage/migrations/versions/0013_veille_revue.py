"""veille ROME review and sync: retired codes, conflicts kept on changes (issue 12)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

JSON_TYPE = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("fiches") as batch:
        batch.add_column(
            sa.Column("rome_retire", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("rome_changes") as batch:
        batch.add_column(sa.Column("conflits", JSON_TYPE, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("rome_changes") as batch:
        batch.drop_column("conflits")
    with op.batch_alter_table("fiches") as batch:
        batch.drop_column("rome_retire")
