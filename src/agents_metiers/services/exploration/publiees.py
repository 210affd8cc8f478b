"""What the explorer, the transitions and the comparison may show of the fiches.

Readers see published fiches only: which fiches are public, and their names, come from the
public read model (``fiches_publiques``, written at publication); their RIASEC profile,
interests and domaine from the same publication's snapshot (``fiches.contenu_publie``, read
through JSON paths, never whole). Editors see the working copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import FichePubliqueRow, FicheRow


@dataclass(frozen=True)
class FicheVisible:
    code_rome: str
    nom: str
    profil_riasec: dict[str, Any] | None
    preferences_interets: dict[str, Any] | None
    domaine_professionnel: dict[str, Any] | None


def _colonnes(voir_brouillons: bool) -> tuple[Any, ...]:
    if voir_brouillons:
        return (
            FicheRow.code_rome,
            FicheRow.nom_masculin,
            FicheRow.profil_riasec,
            FicheRow.preferences_interets,
            FicheRow.domaine_professionnel,
        )
    contenu = FicheRow.contenu_publie
    return (
        FichePubliqueRow.code_rome,
        FichePubliqueRow.nom_masculin,
        contenu["profil_riasec"],
        contenu["preferences_interets"],
        contenu["domaine_professionnel"],
    )


def fiches_visibles(
    session: Session, *, voir_brouillons: bool, codes: Iterable[str] | None = None
) -> dict[str, FicheVisible]:
    """The fiches the reader may see (all of them, or those among ``codes``), by code."""
    query = select(*_colonnes(voir_brouillons))
    if not voir_brouillons:
        query = query.select_from(FichePubliqueRow).join(
            FicheRow, FicheRow.code_rome == FichePubliqueRow.code_rome
        )
    if codes is not None:
        query = query.where(FicheRow.code_rome.in_(list(codes)))
    return {
        row[0]: FicheVisible(row[0], row[1] or row[0], *(_objet(value) for value in row[2:]))
        for row in session.execute(query)
    }


def noms_visibles(
    session: Session, *, voir_brouillons: bool, codes: Iterable[str]
) -> dict[str, str]:
    """The names of the fiches among ``codes`` the reader may see, by code."""
    table = FicheRow if voir_brouillons else FichePubliqueRow
    query = select(table.code_rome, table.nom_masculin).where(table.code_rome.in_(list(codes)))
    return {code: texte or code for code, texte in session.execute(query)}


def _objet(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None
