"""Queries on variants (keyword-only, explicit session)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import VarianteRow


def list_variantes(*, session: Session, code_rome: str) -> list[VarianteRow]:
    query = (
        select(VarianteRow)
        .where(VarianteRow.code_rome == code_rome)
        .order_by(
            VarianteRow.langue,
            VarianteRow.tranche_age,
            VarianteRow.format_contenu,
            VarianteRow.genre,
        )
    )
    return list(session.scalars(query))


def get_variante(*, session: Session, code_rome: str, variante_id: int) -> VarianteRow | None:
    query = select(VarianteRow).where(
        VarianteRow.code_rome == code_rome, VarianteRow.id == variante_id
    )
    return session.scalar(query)
