"""documents publics: rebuild the public JSON of every published fiche (issue 15)

Revision ID: 0015
Revises: 0008
Create Date: 2026-12-03 16:50:00

The public read model stores each published fiche's JSON as it is sent. Two shapes changed
for the reference contract (REFERENCE_IMPLEMENTATION.md §2): ``profil_riasec`` holds the six
axes only (the ROME codes moved to ``riasec_rome``) and ``perspectives.tendance`` is
``"inconnue"`` instead of ``null``. Fiches published before this revision get the new shape
now, from their published snapshot (no content changes, no new revision).
"""

from __future__ import annotations

from alembic import op
from sqlalchemy.orm import Session

from agents_metiers.services.fiches.publication import reconstruire_lecture_publique

revision = "0015"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with Session(bind=op.get_bind()) as session:
        reconstruire_lecture_publique(session)
        session.flush()


def downgrade() -> None:
    """Nothing to undo: the documents are rebuilt from the snapshots by the code in use."""
