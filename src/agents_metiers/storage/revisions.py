"""Queries on revisions (keyword-only, explicit session)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import RevisionRow


def list_revisions(
    *, session: Session, code_rome: str, limit: int = 50, offset: int = 0
) -> list[RevisionRow]:
    query = (
        select(RevisionRow)
        .where(RevisionRow.code_rome == code_rome)
        .order_by(RevisionRow.numero.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_revisions(*, session: Session, code_rome: str) -> int:
    query = select(func.count()).where(RevisionRow.code_rome == code_rome)
    return session.scalar(query) or 0


def get_revision(*, session: Session, code_rome: str, numero: int) -> RevisionRow | None:
    query = select(RevisionRow).where(
        RevisionRow.code_rome == code_rome, RevisionRow.numero == numero
    )
    return session.scalar(query)
