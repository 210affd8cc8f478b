"""What the product cannot do on this installation yet, said plainly (PRODUCT.md §2).

Actions that need an AI provider or an external source answer 503 with one of these
sentences — never a placeholder result — until those parts are configured.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from agents_metiers.domain.regions import REGIONS
from agents_metiers.errors import InvalidInputError, ServiceUnavailableError
from agents_metiers.services.fiches.lecture import get_detail

IA = (
    "Aucun fournisseur d'IA n'est configuré : cette action (enrichissement, validation, "
    "correction ou variantes) est indisponible, et la fiche n'a pas été modifiée."
)


MARCHE_PUBLIC = "Données du marché du travail indisponibles."
"""What visitors read when a market source cannot answer: the reason (which may name the
setting to configure, ``FRANCE_TRAVAIL_CLIENT_ID``…) is for the editorial team only."""


def marche_pour(donnees: dict[str, Any], *, equipe: bool) -> dict[str, Any]:
    """Market data as the caller may read it: unchanged for the team; for visitors, every
    « indisponible » sentence (top level and per block) becomes ``MARCHE_PUBLIC``."""
    if equipe:
        return donnees
    public: dict[str, Any] = _sans_raison(donnees)
    return public


def _sans_raison(valeur: Any) -> Any:
    if isinstance(valeur, list):
        return [_sans_raison(v) for v in valeur]
    if not isinstance(valeur, dict):
        return valeur
    copie = {k: _sans_raison(v) for k, v in valeur.items()}
    if copie.get("message") and (copie.get("disponible") is False or "sources" in copie):
        copie["message"] = MARCHE_PUBLIC
    return copie


def check_region(region: str | None) -> str | None:
    if region is None:
        return None
    if region not in REGIONS:
        raise InvalidInputError(
            f"Région inconnue : « {region} ». Codes possibles : {', '.join(REGIONS)}."
        )
    return region


def refuser_ia(session: Session, code: str) -> ServiceUnavailableError:
    """The error for an AI action on ``code`` (404/422 first when the code is wrong)."""
    get_detail(session, code, voir_brouillons=True)
    return ServiceUnavailableError(IA)
