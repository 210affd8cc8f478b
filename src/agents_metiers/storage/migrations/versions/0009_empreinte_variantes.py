"""variantes.empreinte_source: the fingerprint of the fiche content a variant comes from
(issue 11: a variant is out of date when that content changed, not at every version bump)

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("variantes") as batch:
        batch.add_column(sa.Column("empreinte_source", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("variantes") as batch:
        batch.drop_column("empreinte_source")
