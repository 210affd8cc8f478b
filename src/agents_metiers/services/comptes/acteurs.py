"""Who performs an action: a signed-in person, an AI agent or the system itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agents_metiers.domain.permissions import MINIMUM_ROLE, Permission, can
from agents_metiers.domain.users import Role
from agents_metiers.errors import PermissionDeniedError

NOMS_ROLES = {
    Role.LECTEUR: "lecteur",
    Role.EDITEUR: "éditeur",
    Role.RELECTEUR: "relecteur",
    Role.ADMIN: "administrateur",
}


@dataclass(frozen=True)
class Auteur:
    """The author recorded on revisions and audit events.

    ``acteur`` is ``humain``, ``ia`` or ``systeme``; only people carry a role and are
    checked against the permission table (agents and the system act on a person's behalf
    or on their own schedule, and their callers are checked).
    """

    nom: str
    acteur: str = "humain"
    user_id: int | None = None
    role: Role | None = None

    def signature(self) -> dict[str, Any]:
        """Who to record on an audit event: ``record_event(session, **auteur.signature(), …)``."""
        return {"agent": self.nom, "acteur": self.acteur, "user_id": self.user_id}

    def exiger(self, permission: Permission) -> None:
        """Raise 403 with a sentence naming the role needed when ``permission`` is missing."""
        if self.acteur != "humain" or can(self.role, permission):
            return
        needed = MINIMUM_ROLE[permission]
        role = NOMS_ROLES[needed] if needed else "visiteur"
        compte = f" ({NOMS_ROLES[self.role]})" if self.role else ""
        raise PermissionDeniedError(
            f"Action réservée au rôle {role} ou supérieur : votre compte{compte} ne le permet pas."
        )


SYSTEME = Auteur(nom="systeme", acteur="systeme")
