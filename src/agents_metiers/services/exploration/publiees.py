"""What the explorer, the transitions and the comparison may show of the fiches.

Readers see the published snapshot only (``fiches.contenu_publie``); editors see the working
copy. Only the few fields these features need are read, through JSON paths, never the whole
snapshot. This is the single place to switch to the shared public read model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from agents_metiers.storage.tables import FicheRow


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
        FicheRow.code_rome,
        contenu["nom_masculin"].as_string(),
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
        query = query.where(FicheRow.contenu_publie.is_not(None))
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
    nom = FicheRow.nom_masculin if voir_brouillons else FicheRow.contenu_publie["nom_masculin"]
    query = select(FicheRow.code_rome, nom if voir_brouillons else nom.as_string()).where(
        FicheRow.code_rome.in_(list(codes))
    )
    if not voir_brouillons:
        query = query.where(FicheRow.contenu_publie.is_not(None))
    return {code: texte or code for code, texte in session.execute(query)}


def _objet(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None
