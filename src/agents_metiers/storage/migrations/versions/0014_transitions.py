"""transitions: precomputed nearest fiches by skills (issue 13, explorer)

Revision ID: 0014
Revises: 0007
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rome_transitions",
        sa.Column("code_rome", sa.String(length=5), nullable=False),
        sa.Column("code_rome_cible", sa.String(length=5), nullable=False),
        sa.Column("rang", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("mobilite_rome", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code_rome", "code_rome_cible", name=op.f("pk_rome_transitions")),
    )


def downgrade() -> None:
    op.drop_table("rome_transitions")
