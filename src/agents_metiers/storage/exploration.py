"""Queries for the explorer, the skills-based transitions and the comparison.

The referential (``rome_*``) is official data, read directly; the precomputed nearest
fiches live in ``rome_transitions`` (rebuilt as a whole after each import or sync).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import (
    RomeAppellationRow,
    RomeFicheRow,
    RomeItemRow,
    RomeLienRow,
    RomeMobiliteRow,
    RomeTransitionRow,
)

BATCH = 5000


@dataclass(frozen=True)
class FicheReferentiel:
    code_rome: str
    libelle: str
    code_domaine: str | None
    code_grand_domaine: str | None
    code_rome_parent: str | None
    riasec_majeur: str | None
    riasec_mineur: str | None
    emploi_cadre: bool = False
    definition: str = ""  # its paragraphs, joined
    acces: str = ""  # « accès à l'emploi »


@dataclass(frozen=True)
class LienTrait:
    code_rome: str
    kind: str
    code: str
    coeur_metier: str | None
    principal: bool | None


@dataclass(frozen=True)
class TransitionStockee:
    code_rome_cible: str
    rang: int
    score: float
    mobilite_rome: bool


def fiches_referentiel(*, session: Session) -> list[FicheReferentiel]:
    rows = session.execute(
        select(
            RomeFicheRow.code_rome,
            RomeFicheRow.libelle,
            RomeFicheRow.code_domaine,
            RomeFicheRow.code_grand_domaine,
            RomeFicheRow.code_rome_parent,
            RomeFicheRow.riasec_majeur,
            RomeFicheRow.riasec_mineur,
            RomeFicheRow.tags,
            RomeFicheRow.definition,
            RomeFicheRow.acces,
        ).order_by(RomeFicheRow.code_rome)
    )
    return [
        FicheReferentiel(
            row.code_rome,
            row.libelle,
            row.code_domaine,
            row.code_grand_domaine,
            row.code_rome_parent,
            row.riasec_majeur,
            row.riasec_mineur,
            emploi_cadre=bool((row.tags or {}).get("emploi_cadre")),
            definition=" ".join(str(p) for p in row.definition or []),
            acces=row.acces or "",
        )
        for row in rows
    ]


def liens_traits(
    *, session: Session, kinds: Sequence[str], codes: Sequence[str] | None = None
) -> list[LienTrait]:
    """Links of the given kinds, for all fiches or the given ones, in ROME order."""
    query = select(
        RomeLienRow.code_rome,
        RomeLienRow.kind,
        RomeLienRow.code,
        RomeLienRow.coeur_metier,
        RomeLienRow.principal,
    ).where(RomeLienRow.kind.in_(kinds))
    if codes is not None:
        query = query.where(RomeLienRow.code_rome.in_(codes))
    return [LienTrait(*row) for row in session.execute(query.order_by(RomeLienRow.position))]


def attributs_items(*, session: Session, kind: str) -> dict[str, dict[str, Any]]:
    rows = session.execute(
        select(RomeItemRow.code, RomeItemRow.attributs).where(RomeItemRow.kind == kind)
    )
    return {code: attributs or {} for code, attributs in rows}


def libelles_competences(*, session: Session) -> dict[tuple[str, str], str]:
    """Labels of every savoir-faire and savoir, keyed by their link kind and code."""
    rows = session.execute(
        select(RomeItemRow.kind, RomeItemRow.code, RomeItemRow.libelle).where(
            RomeItemRow.kind.in_(("competence", "savoir"))
        )
    )
    return {
        ("savoir_faire" if kind == "competence" else kind, code): libelle
        for kind, code, libelle in rows
    }


def libelles_competences_de(
    *, session: Session, cles: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], str]:
    """Labels of the given savoir-faire and savoirs, keyed (link kind, code)."""
    codes = list(dict.fromkeys(code for _, code in cles))
    if not codes:
        return {}
    rows = session.execute(
        select(RomeItemRow.kind, RomeItemRow.code, RomeItemRow.libelle).where(
            RomeItemRow.kind.in_(("competence", "savoir")), RomeItemRow.code.in_(codes)
        )
    )
    return {
        ("savoir_faire" if kind == "competence" else kind, code): libelle
        for kind, code, libelle in rows
    }


def items_par_kind(*, session: Session, kind: str) -> list[tuple[str, str]]:
    """(code, libellé) of every item of a kind, by label."""
    rows = session.execute(
        select(RomeItemRow.code, RomeItemRow.libelle)
        .where(RomeItemRow.kind == kind)
        .order_by(RomeItemRow.libelle)
    )
    return [(code, libelle) for code, libelle in rows]


def libelles_appellations(*, session: Session) -> list[tuple[str, str]]:
    """(code ROME, libellé) of every appellation in use (the rarely used ones left out)."""
    rows = session.execute(
        select(RomeAppellationRow.code_rome, RomeAppellationRow.libelle_long).where(
            RomeAppellationRow.peu_usite.is_(False)
        )
    )
    return [(code, libelle) for code, libelle in rows]


def mobilites(*, session: Session) -> dict[str, set[str]]:
    """The ROME-listed mobilities: code → target codes."""
    cibles: dict[str, set[str]] = {}
    rows = session.execute(select(RomeMobiliteRow.code_rome, RomeMobiliteRow.code_rome_cible))
    for code, cible in rows:
        cibles.setdefault(code, set()).add(cible)
    return cibles


def remplacer_transitions(*, session: Session, rows: list[dict[str, Any]]) -> None:
    """Replace the whole ``rome_transitions`` table (caller's transaction)."""
    session.execute(delete(RomeTransitionRow))
    for start in range(0, len(rows), BATCH):
        session.execute(insert(RomeTransitionRow), rows[start : start + BATCH])


def transitions_de(*, session: Session, code_rome: str) -> list[TransitionStockee]:
    rows = session.execute(
        select(
            RomeTransitionRow.code_rome_cible,
            RomeTransitionRow.rang,
            RomeTransitionRow.score,
            RomeTransitionRow.mobilite_rome,
        )
        .where(RomeTransitionRow.code_rome == code_rome)
        .order_by(RomeTransitionRow.rang)
    )
    return [TransitionStockee(*row) for row in rows]
