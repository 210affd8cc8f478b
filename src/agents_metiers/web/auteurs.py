"""From the request's principal to what the services need: an author, a reading right."""

from __future__ import annotations

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.acteurs import Auteur
from agents_metiers.services.auth import Principal


def auteur_de(principal: Principal) -> Auteur:
    return Auteur(
        nom=principal.name, acteur="humain", user_id=principal.user_id, role=principal.role
    )


def voit_brouillons(principal: Principal | None) -> bool:
    """Editors and above read working copies; everyone else reads published snapshots."""
    return principal is not None and principal.can(Permission.LIRE_BROUILLONS)
