"""Queries on fiches (keyword-only, explicit session)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy import delete as sa_delete
from sqlalchemy.orm import Session, load_only

from agents_metiers.storage.tables import FicheRow, VarianteRow


def get_fiche(*, session: Session, code_rome: str) -> FicheRow | None:
    return session.scalar(select(FicheRow).where(FicheRow.code_rome == code_rome))


def _only(columns: Sequence[str] | None) -> list[Any]:
    """Loader options: load only ``columns`` (lists need a few of the ~50 columns)."""
    if columns is None:
        return []
    return [load_only(*(getattr(FicheRow, name) for name in columns), raiseload=True)]


def _filters(statut: str | None, codes: Collection[str] | None = None) -> list[ColumnElement[bool]]:
    filters = [FicheRow.statut == statut] if statut else []
    if codes is not None:
        filters.append(FicheRow.code_rome.in_(sorted(codes)))
    return filters


# Sort keys of lists (``tri``): a column name, ``-`` first for descending order.
TRIS = ("code_rome", "nom_epicene", "statut", "score_completude", "date_maj")


def _ordre(tri: str) -> list[Any]:
    descendant = tri.startswith("-")
    column = getattr(FicheRow, tri.lstrip("-"))
    first = column.desc() if descendant else column.asc()
    return [first, FicheRow.code_rome] if column is not FicheRow.code_rome else [first]


def list_fiches(
    *,
    session: Session,
    statut: str | None = None,
    limit: int = 50,
    offset: int = 0,
    columns: Sequence[str] | None = None,
    tri: str = "code_rome",
    codes: Collection[str] | None = None,
) -> list[FicheRow]:
    """Fiches in ``tri`` order (one of ``TRIS``, ``-`` for descending; code order by default);
    the public reads published fiches from ``storage.publique``."""
    query = (
        select(FicheRow)
        .options(*_only(columns))
        .where(*_filters(statut, codes))
        .order_by(*_ordre(tri))
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def iter_fiches(*, session: Session, batch: int = 200) -> Iterator[FicheRow]:
    """Every fiche in code order, loaded in batches (bounded memory for exports)."""
    offset = 0
    while rows := list_fiches(session=session, limit=batch, offset=offset):
        yield from rows
        session.expunge_all()
        offset += batch


def count_fiches(
    *, session: Session, statut: str | None = None, codes: Collection[str] | None = None
) -> int:
    query = select(func.count()).select_from(FicheRow).where(*_filters(statut, codes))
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


# Columns that are bookkeeping, not part of a fiche's content snapshot.
_NOT_CONTENT = frozenset(
    {"id", "search_text", "contenu_publie", "version_publiee", "date_publication"}
)
SNAPSHOT_COLUMNS: tuple[str, ...] = tuple(
    column.key for column in FicheRow.__table__.columns if column.key not in _NOT_CONTENT
)


def _json_safe(value: Any) -> Any:
    if isinstance(value, datetime):
        # SQLite hands back naive datetimes: every stored time is UTC.
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(row: FicheRow | Mapping[str, Any]) -> dict[str, Any]:
    """The full content of a fiche as JSON-ready values (revisions, published snapshot)."""
    if isinstance(row, FicheRow):
        return {name: _json_safe(getattr(row, name)) for name in SNAPSHOT_COLUMNS}
    return {name: _json_safe(row.get(name)) for name in SNAPSHOT_COLUMNS}


def get_fiches_by_codes(
    *, session: Session, codes: Iterable[str], columns: Sequence[str] | None = None
) -> dict[str, FicheRow]:
    codes = list(codes)
    if not codes:
        return {}
    query = select(FicheRow).options(*_only(columns)).where(FicheRow.code_rome.in_(codes))
    rows = session.scalars(query)
    return {row.code_rome: row for row in rows}


def delete_fiche(*, session: Session, code_rome: str) -> None:
    """Delete a fiche; its revisions and variants go with it (ON DELETE CASCADE)."""
    session.execute(sa_delete(FicheRow).where(FicheRow.code_rome == code_rome))
