"""Queries on variants (keyword-only, explicit session)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import RomeFicheRow, VarianteRow


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


def get_variante_par_axes(
    *,
    session: Session,
    code_rome: str,
    langue: str,
    tranche_age: str,
    format_contenu: str,
    genre: str,
) -> VarianteRow | None:
    """The variant of one combination (the unique key), if it exists."""
    query = select(VarianteRow).where(
        VarianteRow.code_rome == code_rome,
        VarianteRow.langue == langue,
        VarianteRow.tranche_age == tranche_age,
        VarianteRow.format_contenu == format_contenu,
        VarianteRow.genre == genre,
    )
    return session.scalar(query)


def delete_variante(*, session: Session, row: VarianteRow) -> None:
    session.delete(row)


def libelle_rome(*, session: Session, code_rome: str) -> str | None:
    """The fiche's label in the stored referential ("Masc / Fém"), if it is a ROME fiche."""
    return session.scalar(select(RomeFicheRow.libelle).where(RomeFicheRow.code_rome == code_rome))
