"""What the search index holds for one fiche: built from its stored columns (working copy)
or from the public read model (published content), plus the appellations ROME marks "peu
usité" (left off the fiche, still found by the search)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from agents_metiers.storage.search.terms import form
from agents_metiers.storage.tables import (
    FichePubliqueRow,
    FicheRow,
    PubliqueAppellationRow,
    RomeAppellationRow,
)

# Kinds of forms, in the order the ranking prefers them.
RANG_NOM = 1
RANG_APPELLATION = 2
RANG_PEU_USITE = 3

_APPELLATION_KEYS = ("libelle", "nom_masculin", "nom_feminin", "nom_epicene")


@dataclass(frozen=True)
class IndexDocument:
    """One fiche as indexed: every form normalised with ``terms.form``."""

    code_rome: str
    noms: tuple[str, ...]
    appellations: tuple[str, ...]
    texte: str
    peu_usites: tuple[str, ...] = ()
    """Forms of the appellations ROME marks "peu usité" that are not current ones."""

    @property
    def code(self) -> str:
        return form(self.code_rome)

    def forms(self) -> Iterator[tuple[int, str]]:
        """(kind, form) for every name form and every appellation form."""
        yield from ((RANG_NOM, nom) for nom in self.noms)
        yield from ((RANG_APPELLATION, appellation) for appellation in self.appellations)
        yield from ((RANG_PEU_USITE, appellation) for appellation in self.peu_usites)

    @property
    def toutes_appellations(self) -> tuple[str, ...]:
        """Current and "peu usité" appellation forms: the indexed appellations field."""
        return self.appellations + self.peu_usites


def _distinct_forms(values: Sequence[Any]) -> tuple[str, ...]:
    forms = (form(v) for v in values if isinstance(v, str))
    return tuple(dict.fromkeys(f for f in forms if f))


def _appellation_values(appellations: Any) -> list[Any]:
    if not isinstance(appellations, list):
        return []
    return [a.get(k) for a in appellations if isinstance(a, dict) for k in _APPELLATION_KEYS]


def source_rows(codes: Sequence[str] | None) -> Select[tuple[str, str, str, str, Any, str | None]]:
    """The columns the index is built from, for ``codes`` (every fiche when None)."""
    query = select(
        FicheRow.code_rome,
        FicheRow.nom_masculin,
        FicheRow.nom_feminin,
        FicheRow.nom_epicene,
        FicheRow.appellations,
        FicheRow.description_courte,
    ).order_by(FicheRow.code_rome)
    return query if codes is None else query.where(FicheRow.code_rome.in_(codes))


def document(row: tuple[str, str, str, str, Any, str | None]) -> IndexDocument:
    """The index document of one row of ``source_rows``."""
    code_rome, masculin, feminin, epicene, appellations, description_courte = row
    return IndexDocument(
        code_rome=code_rome,
        noms=_distinct_forms([masculin, feminin, epicene]),
        appellations=_distinct_forms(_appellation_values(appellations)),
        texte=form(description_courte or ""),
    )


_PEU_USITE_KEYS = ("libelle_long", "nom_masculin", "nom_feminin", "nom_epicene")


def with_peu_usites(session: Session, documents: list[IndexDocument]) -> list[IndexDocument]:
    """``documents`` with the "peu usité" appellations ROME gives their codes."""
    codes = [d.code_rome for d in documents]
    if not codes:
        return documents
    columns = [getattr(RomeAppellationRow, key) for key in _PEU_USITE_KEYS]
    rows = session.execute(
        select(RomeAppellationRow.code_rome, *columns)
        .where(RomeAppellationRow.peu_usite.is_(True), RomeAppellationRow.code_rome.in_(codes))
        .order_by(RomeAppellationRow.code_rome, RomeAppellationRow.code_ogr)
    )
    values: dict[str, list[Any]] = defaultdict(list)
    for code_rome, *labels in rows:
        values[code_rome] += labels
    return [
        _with(d, _distinct_forms(values[d.code_rome])) if d.code_rome in values else d
        for d in documents
    ]


def _with(document: IndexDocument, peu_usites: tuple[str, ...]) -> IndexDocument:
    current = set(document.appellations)
    return replace(document, peu_usites=tuple(f for f in peu_usites if f not in current))


def public_documents(session: Session, codes: Sequence[str] | None) -> list[IndexDocument]:
    """The index documents of the published content (public read model) of ``codes``
    (every published fiche when None): never a working copy."""
    fiches = select(
        FichePubliqueRow.code_rome,
        FichePubliqueRow.nom_masculin,
        FichePubliqueRow.nom_feminin,
        FichePubliqueRow.nom_epicene,
        FichePubliqueRow.description_courte,
    ).order_by(FichePubliqueRow.code_rome)
    appellations = select(
        PubliqueAppellationRow.code_rome,
        PubliqueAppellationRow.libelle,
        PubliqueAppellationRow.nom_masculin,
        PubliqueAppellationRow.nom_feminin,
        PubliqueAppellationRow.nom_epicene,
    ).order_by(PubliqueAppellationRow.code_rome, PubliqueAppellationRow.position)
    if codes is not None:
        fiches = fiches.where(FichePubliqueRow.code_rome.in_(codes))
        appellations = appellations.where(PubliqueAppellationRow.code_rome.in_(codes))
    par_code: dict[str, list[Any]] = defaultdict(list)
    for code, *valeurs in session.execute(appellations):
        par_code[code] += valeurs
    return [
        IndexDocument(
            code_rome=code,
            noms=_distinct_forms([masculin, feminin, epicene]),
            appellations=_distinct_forms(par_code[code]),
            texte=form(description_courte or ""),
        )
        for code, masculin, feminin, epicene, description_courte in session.execute(fiches)
    ]
