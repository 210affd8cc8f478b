"""Queries on fiches (keyword-only, explicit session)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import FicheRow, VarianteRow


def get_fiche(*, session: Session, code_rome: str) -> FicheRow | None:
    return session.scalar(select(FicheRow).where(FicheRow.code_rome == code_rome))


def list_fiches(
    *, session: Session, statut: str | None = None, limit: int = 50, offset: int = 0
) -> list[FicheRow]:
    query = select(FicheRow).order_by(FicheRow.code_rome).limit(limit).offset(offset)
    if statut:
        query = query.where(FicheRow.statut == statut)
    return list(session.scalars(query))


def iter_fiches(*, session: Session, batch: int = 200) -> Iterator[FicheRow]:
    """Every fiche in code order, loaded in batches (bounded memory for exports)."""
    offset = 0
    while rows := list_fiches(session=session, limit=batch, offset=offset):
        yield from rows
        session.expunge_all()
        offset += batch


def count_fiches(*, session: Session, statut: str | None = None) -> int:
    query = select(func.count()).select_from(FicheRow)
    if statut:
        query = query.where(FicheRow.statut == statut)
    return session.scalar(query) or 0


def count_by_statut(*, session: Session) -> dict[str, int]:
    rows = session.execute(select(FicheRow.statut, func.count()).group_by(FicheRow.statut))
    return {statut: count for statut, count in rows}


def search_candidates(
    *, session: Session, tokens: Iterable[str], statut: str | None = None
) -> list[FicheRow]:
    """Fiches whose normalised names (every form, appellations included) hold every token."""
    query = select(FicheRow).order_by(FicheRow.code_rome)
    if statut:
        query = query.where(FicheRow.statut == statut)
    for token in tokens:
        query = query.where(FicheRow.search_text.contains(token, autoescape=True))
    return list(session.scalars(query))


def count_all_variantes(*, session: Session) -> dict[str, int]:
    rows = session.execute(
        select(VarianteRow.code_rome, func.count()).group_by(VarianteRow.code_rome)
    )
    return {code: count for code, count in rows}


def count_variantes(*, session: Session, codes: Iterable[str]) -> dict[str, int]:
    codes = list(codes)
    if not codes:
        return {}
    rows = session.execute(
        select(VarianteRow.code_rome, func.count())
        .where(VarianteRow.code_rome.in_(codes))
        .group_by(VarianteRow.code_rome)
    )
    return {code: count for code, count in rows}
