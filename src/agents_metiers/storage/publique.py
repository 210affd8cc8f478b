"""The public read model: what the public may read of each published fiche (keyword-only).

One row per live publication in ``fiches_publiques`` (names, domaine, RIASEC, transitions,
tags, the list line ``resume`` and the serialised JSON ``document`` with its ``etag``), plus
its appellations (``publiques_appellations``) and coded items (``publiques_items``: secteurs,
centres d'intérêt, savoir-faire, savoirs, savoir-être). Only
``services.fiches.publication.rafraichir_lecture_publique`` writes here, at publish,
unpublish and delete: nothing of a working copy ever reaches these tables.
docs/lecture-publique.md describes the model for the features reading it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import (
    FichePubliqueRow,
    FicheRow,
    PubliqueAppellationRow,
    PubliqueItemRow,
    VarianteRow,
)

# Kinds of ``publiques_items``.
KINDS = ("secteur", "centre_interet", "savoir_faire", "savoir", "savoir_etre")
# Sort keys of public lists (``-`` first for descending order).
TRIS = ("code_rome", "nom_epicene")


@dataclass(frozen=True)
class LecturePublique:
    """Everything the read model holds for one fiche, ready to be written."""

    fiche: Mapping[str, Any]
    appellations: Sequence[Mapping[str, Any]]
    items: Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class DocumentPublic:
    """The public JSON of one fiche with what HTTP validators need."""

    code_rome: str
    document: str
    etag: str
    date_publication: datetime
    nb_variantes: int
    variantes_maj: datetime | None
    rome_retire: bool

    @property
    def corps(self) -> str:
        """The JSON body: the stored document with the live facts (number of variants,
        whether the referential withdrew the code)."""
        retire = "true" if self.rome_retire else "false"
        return f'{self.document[:-1]},"nb_variantes":{self.nb_variantes},"rome_retire":{retire}}}'

    @property
    def validateur(self) -> str:
        """The strong ``ETag`` value (quoted) of ``corps``."""
        return f'"{self.etag}-{self.nb_variantes}-{int(self.rome_retire)}"'

    @property
    def derniere_modification(self) -> datetime:
        """``Last-Modified``: the publication, or the latest variant change if later."""
        moments = [_utc(self.date_publication)]
        if self.variantes_maj is not None:
            moments.append(_utc(self.variantes_maj))
        return max(moments)


def _utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes: every stored time is UTC.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- writes (services.fiches.publication only) -----------------------------------------------


def supprimer(*, session: Session, code_rome: str) -> None:
    """Remove a fiche from the read model (its appellations and items go with it)."""
    for table in (PubliqueItemRow, PubliqueAppellationRow):
        session.execute(delete(table).where(table.code_rome == code_rome))
    session.execute(delete(FichePubliqueRow).where(FichePubliqueRow.code_rome == code_rome))


def remplacer(*, session: Session, lecture: LecturePublique) -> None:
    """Write the read model of one fiche, replacing what was there."""
    code = lecture.fiche["code_rome"]
    supprimer(session=session, code_rome=code)
    session.execute(insert(FichePubliqueRow), [dict(lecture.fiche)])
    if lecture.appellations:
        rows = [{"code_rome": code, **a} for a in lecture.appellations]
        session.execute(insert(PubliqueAppellationRow), rows)
    if lecture.items:
        session.execute(insert(PubliqueItemRow), [{"code_rome": code, **i} for i in lecture.items])


# --- reads -----------------------------------------------------------------------------------


def get_document(*, session: Session, code_rome: str) -> DocumentPublic | None:
    """The public JSON of ``code_rome`` and its validators, in one query (None when the
    fiche is not published)."""
    variantes = select(VarianteRow).where(VarianteRow.code_rome == FichePubliqueRow.code_rome)
    query = select(
        FichePubliqueRow.document,
        FichePubliqueRow.etag,
        FichePubliqueRow.date_publication,
        variantes.with_only_columns(func.count()).scalar_subquery(),
        variantes.with_only_columns(func.max(VarianteRow.date_maj)).scalar_subquery(),
        FicheRow.rome_retire,
    )
    query = query.join(FicheRow, FicheRow.code_rome == FichePubliqueRow.code_rome).where(
        FichePubliqueRow.code_rome == code_rome
    )
    row = session.execute(query).first()
    if row is None:
        return None
    document, etag, date_publication, nb, variantes_maj, retire = row
    return DocumentPublic(
        code_rome, document, etag, date_publication, nb, variantes_maj, bool(retire)
    )


def marqueur(*, session: Session) -> str:
    """Changes whenever any fiche is published, republished, unpublished or deleted: for
    validators of pages that show other fiches' published content (career transitions…)."""
    query = select(func.count(), func.max(FichePubliqueRow.date_publication))
    count, latest = session.execute(query).one()
    return f"{count}:{latest.isoformat() if latest else ''}"


def get_fiches(*, session: Session, codes: Iterable[str]) -> dict[str, FichePubliqueRow]:
    """The read-model rows of ``codes`` that are published, by code."""
    codes = list(codes)
    if not codes:
        return {}
    query = select(FichePubliqueRow).where(FichePubliqueRow.code_rome.in_(codes))
    return {row.code_rome: row for row in session.scalars(query)}


def _ordre(tri: str) -> list[Any]:
    column = getattr(FichePubliqueRow, tri.lstrip("-"))
    first = column.desc() if tri.startswith("-") else column.asc()
    return [first, FichePubliqueRow.code_rome]


def _among(codes: Collection[str] | None) -> list[ColumnElement[bool]]:
    return [] if codes is None else [FichePubliqueRow.code_rome.in_(sorted(codes))]


def list_fiches(
    *,
    session: Session,
    limit: int,
    offset: int,
    tri: str = "code_rome",
    codes: Collection[str] | None = None,
) -> list[FichePubliqueRow]:
    """A page of published fiches in ``tri`` order (one of ``TRIS``, ``-`` for descending),
    among ``codes`` when given (a facet selection)."""
    query = (
        select(FichePubliqueRow)
        .where(*_among(codes))
        .order_by(*_ordre(tri))
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query))


def count_fiches(*, session: Session, codes: Collection[str] | None = None) -> int:
    query = select(func.count()).select_from(FichePubliqueRow).where(*_among(codes))
    return session.scalar(query) or 0


def codes_with_item(*, session: Session, kind: str, code: str) -> list[str]:
    """Published fiches holding the item ``kind``/``code`` (a secteur, a savoir…), in code
    order."""
    query = (
        select(PubliqueItemRow.code_rome)
        .where(PubliqueItemRow.kind == kind, PubliqueItemRow.code == code)
        .distinct()
        .order_by(PubliqueItemRow.code_rome)
    )
    return list(session.scalars(query))


def items_of(
    *, session: Session, codes: Iterable[str], kind: str
) -> dict[str, list[PubliqueItemRow]]:
    """The items of ``kind`` of each of ``codes``, in their fiche's order."""
    query = (
        select(PubliqueItemRow)
        .where(PubliqueItemRow.code_rome.in_(list(codes)), PubliqueItemRow.kind == kind)
        .order_by(PubliqueItemRow.code_rome, PubliqueItemRow.position)
    )
    result: dict[str, list[PubliqueItemRow]] = {}
    for row in session.scalars(query):
        result.setdefault(row.code_rome, []).append(row)
    return result


def appellations_of(*, session: Session, code_rome: str) -> list[PubliqueAppellationRow]:
    query = (
        select(PubliqueAppellationRow)
        .where(PubliqueAppellationRow.code_rome == code_rome)
        .order_by(PubliqueAppellationRow.position)
    )
    return list(session.scalars(query))
