"""jobs finalisation: who runs a job's final step, and how many times it was started

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 19:30:00

A job with a final step (the ZIP of a PDF export) stays ``finalizing`` while it runs. Recording
the worker running it lets a surviving worker take the step over when that one died, and the
count bounds the take-overs (``JOBS_MAX_ATTEMPTS``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("finalizer_worker", sa.String(length=120), nullable=True))
        batch.add_column(
            sa.Column("finalizer_attempts", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("finalizer_attempts")
        batch.drop_column("finalizer_worker")
