"""Human review of generated variants, and their deletion (PRODUCT.md §6.5).

A person (role relecteur or above) approves a variant — it becomes ``relue`` and public — or
rejects it (``rejetee``, kept for the record, never public). Approval is refused for a stale
variant (generated from an older version of the fiche) and, for a FALC variant, without the
explicit « relecture FALC » confirmation. Regenerating a variant resets its review.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.variantes import REJETEE, RELUE, Combinaison
from agents_metiers.errors import ConflictError, NotFoundError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import ecrire_fiche, empreinte_contenu
from agents_metiers.services.variantes.contenu import est_perimee
from agents_metiers.storage import variantes as store
from agents_metiers.storage.tables import FicheRow, VarianteRow


def _combinaison(row: VarianteRow) -> Combinaison:
    return Combinaison(row.langue, row.tranche_age, row.format_contenu, row.genre)


class RelectureBody(BaseModel):
    """A person's decision on a generated variant."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    relecture_falc: bool = Field(
        default=False,
        description="Obligatoire pour approuver une variante FALC : une personne a relu le "
        "texte selon les règles FALC.",
    )
    commentaire: str | None = Field(default=None, max_length=2000)
    version: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="Version de la variante relue"
    )


class RelectureResult(BaseModel):
    message: str
    id: int
    code_rome: str
    decision: str
    statut: str
    relecture_falc: bool
    relu_par: str
    relu_le: datetime


def _variante(session: Session, fiche: FicheRow, variante_id: int) -> VarianteRow:
    row = store.get_variante(session=session, code_rome=fiche.code_rome, variante_id=variante_id)
    if row is None:
        raise NotFoundError(f"La fiche {fiche.code_rome} n'a pas de variante n° {variante_id}.")
    return row


def _verifier_approbation(row: VarianteRow, body: RelectureBody, fiche: FicheRow) -> None:
    if body.version is not None and body.version != row.version:
        raise ConflictError(
            f"La variante n° {row.id} a été régénérée entre-temps (version {row.version}, "
            f"vous avez relu la version {body.version}) : relisez la nouvelle version."
        )
    if body.decision != "approve":
        return
    if est_perimee(row, empreinte=empreinte_contenu(fiche), version=fiche.version):
        raise ConflictError(
            f"La variante n° {row.id} est périmée : le contenu de la fiche a changé depuis "
            f"la version {row.fiche_version}, dont elle a été générée. "
            "Régénérez-la avant de l'approuver."
        )
    if row.format_contenu == "falc" and not body.relecture_falc:
        raise ConflictError(
            "Une variante FALC ne peut être approuvée qu'après une relecture FALC par une "
            "personne : confirmez la relecture (« relecture_falc »: true)."
        )


def relire_variante(
    session: Session, code: str, variante_id: int, body: RelectureBody, auteur: Auteur
) -> RelectureResult:
    """Approve (status ``relue``, public) or reject (``rejetee``) a variant; audited."""
    auteur.exiger(Permission.RELIRE)
    # The fiche is locked (single write path): its content cannot change, nor the variant be
    # regenerated, between the staleness check and the commit.
    with ecrire_fiche(session, code) as ecriture:
        fiche = ecriture.row
        row = _variante(session, fiche, variante_id)
        _verifier_approbation(row, body, fiche)
        avant = {"statut": row.statut, "relecture_falc": row.relecture_falc}
        now = datetime.now(UTC)
        row.statut = RELUE if body.decision == "approve" else REJETEE
        row.relecture_falc = body.decision == "approve" and row.format_contenu == "falc"
        row.relu_par, row.relu_par_id, row.relu_le = auteur.nom, auteur.user_id, now
        row.commentaire_relecture = body.commentaire
        approuvee = body.decision == "approve"
        record_event(
            session,
            type_evenement="variante.relue" if approuvee else "variante.rejetee",
            **auteur.signature(),
            code_rome=row.code_rome,
            description=(
                f"Variante {_combinaison(row).libelle()} "
                f"de la fiche {row.code_rome} {'approuvée' if approuvee else 'rejetée'}"
                + (" (relecture FALC faite)." if row.relecture_falc else ".")
            ),
            donnees_avant=avant,
            donnees_apres={
                "statut": row.statut,
                "relecture_falc": row.relecture_falc,
                "commentaire": (body.commentaire or "")[:500] or None,
            },
        )
    return RelectureResult(
        message="Variante approuvée" if approuvee else "Variante rejetée",
        id=row.id,
        code_rome=row.code_rome,
        decision=body.decision,
        statut=row.statut,
        relecture_falc=row.relecture_falc,
        relu_par=auteur.nom,
        relu_le=now,
    )


def supprimer_variante(session: Session, code: str, variante_id: int, auteur: Auteur) -> int:
    """Delete one variant (the audit trail keeps the event)."""
    auteur.exiger(Permission.SUPPRIMER)
    with ecrire_fiche(session, code) as ecriture:
        row = _variante(session, ecriture.row, variante_id)
        c = _combinaison(row)
        record_event(
            session,
            type_evenement="variante.supprimee",
            **auteur.signature(),
            code_rome=row.code_rome,
            description=f"Variante {c.libelle()} de la fiche {row.code_rome} supprimée.",
            donnees_avant={**c.cle(), "statut": row.statut, "version": row.version},
        )
        store.delete_variante(session=session, row=row)
    return variante_id
