"""Who may do what (PRODUCT.md §10): one permission table, checked by every caller.

Roles are cumulative: ``lecteur`` < ``editeur`` < ``relecteur`` < ``admin``. Anonymous visitors
and ``lecteur`` accounts read published content only.
"""

from __future__ import annotations

from enum import StrEnum

from agents_metiers.domain.users import Role


class Permission(StrEnum):
    LIRE_PUBLIE = "lire_publie"  # published content (also granted to anonymous visitors)
    LIRE_BROUILLONS = "lire_brouillons"  # working copies, drafts, revisions, variants in progress
    CREER = "creer"
    MODIFIER = "modifier"  # PATCH, rollback, mark ready (brouillon → enrichi)
    SUPPRIMER = "supprimer"
    ENRICHIR = "enrichir"  # AI actions that write content (enrich, auto-correct, variants)
    VALIDER = "valider"  # AI validation report
    RELIRE = "relire"  # human review: validate, approve, reject, request changes
    PUBLIER = "publier"  # publish, publish-batch, unpublish
    FORCER_PUBLICATION = "forcer_publication"  # publish from any status, with a reason
    VOIR_AUDIT = "voir_audit"
    EXPORTER = "exporter"  # exports of working copies (published exports are public)
    GERER_UTILISATEURS = "gerer_utilisateurs"
    OPERER = "operer"  # jobs, veille, sync, detailed health


ROLE_RANK: dict[Role, int] = {
    Role.LECTEUR: 0,
    Role.EDITEUR: 1,
    Role.RELECTEUR: 2,
    Role.ADMIN: 3,
}

# The lowest role that holds each permission; ``None`` means anonymous visitors hold it too.
MINIMUM_ROLE: dict[Permission, Role | None] = {
    Permission.LIRE_PUBLIE: None,
    Permission.LIRE_BROUILLONS: Role.EDITEUR,
    Permission.CREER: Role.EDITEUR,
    Permission.MODIFIER: Role.EDITEUR,
    Permission.SUPPRIMER: Role.EDITEUR,
    Permission.ENRICHIR: Role.EDITEUR,
    Permission.VALIDER: Role.EDITEUR,
    Permission.VOIR_AUDIT: Role.EDITEUR,
    Permission.EXPORTER: Role.EDITEUR,
    Permission.RELIRE: Role.RELECTEUR,
    Permission.PUBLIER: Role.RELECTEUR,
    Permission.FORCER_PUBLICATION: Role.ADMIN,
    Permission.GERER_UTILISATEURS: Role.ADMIN,
    Permission.OPERER: Role.ADMIN,
}


def can(role: Role | None, permission: Permission) -> bool:
    """Whether ``role`` (``None`` for an anonymous visitor) holds ``permission``."""
    needed = MINIMUM_ROLE[permission]
    if needed is None:
        return True
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def permissions_of(role: Role | None) -> list[Permission]:
    """Every permission ``role`` holds, in table order (shown by ``/api/auth/me``)."""
    return [permission for permission in Permission if can(role, permission)]
