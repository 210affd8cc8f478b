"""What the product cannot do on this installation yet, said plainly (PRODUCT.md §2).

Actions that need an AI provider or an external source answer 503 with one of these
sentences — never a placeholder result — until those parts are configured.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from agents_metiers.domain.regions import REGIONS
from agents_metiers.errors import InvalidInputError, ServiceUnavailableError
from agents_metiers.services.fiches.lecture import get_detail

IA = (
    "Aucun fournisseur d'IA n'est configuré : cette action (enrichissement, validation, "
    "correction ou variantes) est indisponible, et la fiche n'a pas été modifiée."
)


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
