"""variantes: review and readability (issue 4, §6.5)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("variantes") as batch:
        batch.add_column(sa.Column("relu_par", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("relu_par_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("relu_le", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("relecture_falc", sa.Boolean(), server_default="0", nullable=False)
        )
        batch.add_column(sa.Column("commentaire_relecture", sa.Text(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_variantes_relu_par_id_users"),
            "users",
            ["relu_par_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("variantes") as batch:
        batch.drop_constraint(batch.f("fk_variantes_relu_par_id_users"), type_="foreignkey")
        batch.drop_column("commentaire_relecture")
        batch.drop_column("relecture_falc")
        batch.drop_column("relu_le")
        batch.drop_column("relu_par_id")
        batch.drop_column("relu_par")
