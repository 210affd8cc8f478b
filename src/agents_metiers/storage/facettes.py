"""What the facets of the catalogue read: per fiche, its grand domain, domain, sectors,
centres of interest, dominant RIASEC letter and tags — from the ROME referential (the team's
working copies) or from the public read model (what is published)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import (
    FichePubliqueRow,
    FicheRow,
    PubliqueItemRow,
    RomeFicheRow,
    RomeItemRow,
    RomeLienRow,
    RomeVersionRow,
)

LINKED = ("secteur", "centre_interet")
LABELLED = ("grand_domaine", "domaine", *LINKED)


@dataclass(frozen=True)
class RomeFacettes:
    """The referential as the facets see it."""

    libelles: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per kind of ``LABELLED``, code → label (``rome_items``)."""
    fiches: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Per code ROME: grand_domaine, domaine, riasec (major letter), tags (dict) and, for
    each of ``LINKED``, the set of linked codes."""


def version_key(session: Session) -> tuple[int, str] | None:
    """Identifies the current referential import (None before the first one)."""
    row = session.execute(
        select(RomeVersionRow.numero, RomeVersionRow.imported_at).where(
            RomeVersionRow.courante.is_(True)
        )
    ).first()
    return None if row is None else (row[0], str(row[1]))


def load(session: Session) -> RomeFacettes:
    """Every fiche of the referential with its facet values, and the labels of the codes."""
    libelles: dict[str, dict[str, str]] = defaultdict(dict)
    items = select(RomeItemRow.kind, RomeItemRow.code, RomeItemRow.libelle).where(
        RomeItemRow.kind.in_(LABELLED)
    )
    for kind, code, libelle in session.execute(items):
        libelles[kind][code] = libelle
    fiches: dict[str, dict[str, Any]] = {}
    columns = select(
        RomeFicheRow.code_rome,
        RomeFicheRow.code_grand_domaine,
        RomeFicheRow.code_domaine,
        RomeFicheRow.riasec_majeur,
        RomeFicheRow.tags,
    )
    for code, grand_domaine, domaine, riasec, tags in session.execute(columns):
        fiches[code] = {
            "grand_domaine": grand_domaine,
            "domaine": domaine,
            "riasec": riasec,
            "tags": tags if isinstance(tags, dict) else {},
            **{kind: set() for kind in LINKED},
        }
    liens = select(RomeLienRow.code_rome, RomeLienRow.kind, RomeLienRow.code).where(
        RomeLienRow.kind.in_(LINKED)
    )
    for code_rome, kind, code in session.execute(liens):
        if code_rome in fiches and code is not None:
            fiches[code_rome][kind].add(code)
    return RomeFacettes(dict(libelles), fiches)


def visible_codes(session: Session, *, statut: str | None, published_only: bool) -> list[str]:
    """Codes of the fiches a list shows: working copies of status ``statut`` (all when None),
    or, when ``published_only``, the fiches of the public read model."""
    if published_only:
        return list(session.scalars(select(FichePubliqueRow.code_rome)))
    query = select(FicheRow.code_rome)
    if statut:
        query = query.where(FicheRow.statut == statut)
    return list(session.scalars(query))


def public_key(session: Session) -> tuple[int, str]:
    """Changes whenever a fiche is published, republished or withdrawn."""
    count, latest = session.execute(
        select(func.count(), func.max(FichePubliqueRow.date_publication))
    ).one()
    return count, str(latest)


def load_public(session: Session) -> RomeFacettes:
    """The published fiches with their facet values, as the public read model holds them."""
    libelles: dict[str, dict[str, str]] = defaultdict(dict)
    fiches: dict[str, dict[str, Any]] = {}
    for row in session.scalars(select(FichePubliqueRow)):
        for kind, code, libelle in (
            ("grand_domaine", row.code_grand_domaine, row.grand_domaine),
            ("domaine", row.code_domaine, row.domaine),
        ):
            if code and libelle:
                libelles[kind][code] = libelle
        fiches[row.code_rome] = {
            "grand_domaine": row.code_grand_domaine,
            "domaine": row.code_domaine,
            "riasec": row.riasec_majeur,
            "tags": {
                "transition_eco": row.transition_eco,
                "transition_num": row.transition_num,
                "transition_demo": row.transition_demo,
                "emploi_cadre": row.emploi_cadre,
                "emploi_reglemente": row.emploi_reglemente,
            },
            **{kind: set() for kind in LINKED},
        }
    items = select(
        PubliqueItemRow.code_rome,
        PubliqueItemRow.kind,
        PubliqueItemRow.code,
        PubliqueItemRow.libelle,
    ).where(PubliqueItemRow.kind.in_(LINKED), PubliqueItemRow.code.is_not(None))
    for code_rome, kind, code, libelle in session.execute(items):
        if code_rome in fiches and code is not None:
            fiches[code_rome][kind].add(code)
            libelles[kind][code] = libelle
    return RomeFacettes(dict(libelles), fiches)
