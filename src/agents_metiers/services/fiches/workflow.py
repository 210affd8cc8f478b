"""Workflow actions (PRODUCT.md §4): one guarded transition function used by every caller.

Each action is one transaction with one revision and one audit event, through the single
write path (``ecriture.ecrire_fiche``: the fiche locked, the revision numbered under the
lock). Publishing stores the published snapshot that the public sees; later edits stay drafts
until the next publication.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.workflow import (
    ACTION_DE_DECISION,
    PUBLIANTES,
    TRANSITIONS,
    Action,
    Decision,
    EtatFiche,
    cible,
    refus,
)
from agents_metiers.errors import (
    AgentsMetiersError,
    ConflictError,
    InvalidInputError,
)
from agents_metiers.rendering import libelles
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import EcritureFiche, ecrire_fiche, nouvelle_revision
from agents_metiers.services.fiches.lecture import check_code_rome
from agents_metiers.services.fiches.publication import rafraichir_lecture_publique
from agents_metiers.storage import fiches as store
from agents_metiers.storage.tables import FicheRow


class TransitionResult(BaseModel):
    code_rome: str
    action: str
    ancien_statut: str
    nouveau_statut: str
    version: int
    version_publiee: int | None


def etat(row: FicheRow) -> EtatFiche:
    publiee = row.version_publiee is not None
    return EtatFiche(
        statut=Statut(row.statut),
        publiee=publiee,
        brouillon_en_attente=publiee and row.version != row.version_publiee,
    )


def _publier_snapshot(row: FicheRow, now: datetime) -> None:
    row.contenu_publie = store.snapshot(row)
    row.version_publiee = row.version
    row.date_publication = now


def _depublier_snapshot(row: FicheRow) -> None:
    row.contenu_publie = None
    row.version_publiee = None
    row.date_publication = None


def appliquer_transition(
    ecriture: EcritureFiche,
    action: Action,
    auteur: Auteur,
    *,
    motif: str = "",
    force: bool = False,
    score: int | None = None,
    cout: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> TransitionResult:
    """Check and apply ``action`` to the fiche taken by ``ecrire_fiche`` (no commit).

    ``cout`` (AI usage and cost) and ``details`` (added to ``donnees_apres``) go to the audit
    event, for AI actions.
    """
    session, row = ecriture.session, ecriture.row
    transition = TRANSITIONS[action]
    auteur.exiger(Permission.FORCER_PUBLICATION if force else transition.permission)
    if force and not motif:
        raise InvalidInputError("Une publication forcée doit indiquer un motif.")
    avant = etat(row)
    if raison := refus(action, avant, force=force):
        raise ConflictError(raison)
    now = datetime.now(UTC)
    ancien = row.statut
    row.statut = cible(action, avant, score=score).value
    revision = nouvelle_revision(ecriture, auteur, motif=motif, now=now)
    if action in PUBLIANTES:
        _publier_snapshot(row, now)
        revision.publiee = True
        rafraichir_lecture_publique(session, row)
    elif action is Action.DEPUBLIER:
        _depublier_snapshot(row)
        rafraichir_lecture_publique(session, row)
    _audit(
        session,
        row,
        action,
        auteur,
        ancien=ancien,
        motif=motif,
        force=force,
        cout=cout,
        details=details,
    )
    return TransitionResult(
        code_rome=row.code_rome,
        action=action.value,
        ancien_statut=ancien,
        nouveau_statut=row.statut,
        version=row.version,
        version_publiee=row.version_publiee,
    )


def _audit(
    session: Session,
    row: FicheRow,
    action: Action,
    auteur: Auteur,
    *,
    ancien: str,
    motif: str,
    force: bool,
    cout: dict[str, Any] | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    transition = TRANSITIONS[action]
    description = (
        f"{transition.libelle.capitalize()} de la fiche {row.code_rome} : "
        f"{libelles.transition(ancien, row.statut)}"
        + (" (publication forcée)" if force else "")
        + (f" — {motif[:200]}" if motif else "")
    )
    record_event(
        session,
        type_evenement=transition.evenement,
        **auteur.signature(),
        code_rome=row.code_rome,
        description=description + ".",
        donnees_avant={"statut": ancien, "version": row.version - 1},
        donnees_apres={
            "statut": row.statut,
            "version": row.version,
            "motif": motif or None,
            **({"force": True} if force else {}),
            **(details or {}),
        },
        cout=cout,
    )


def transitionner(
    session: Session,
    code: str,
    action: Action,
    auteur: Auteur,
    *,
    motif: str = "",
    version: int | None = None,
    force: bool = False,
) -> TransitionResult:
    """One workflow action on one fiche, in its own transaction (the single write path)."""
    with ecrire_fiche(session, code, version=version) as ecriture:
        return appliquer_transition(ecriture, action, auteur, motif=motif, force=force)


def relire(
    session: Session,
    code: str,
    decision: str,
    auteur: Auteur,
    *,
    commentaire: str = "",
    version: int | None = None,
) -> TransitionResult:
    """Human review: approve (publish), validate, reject or request changes."""
    try:
        action = ACTION_DE_DECISION[Decision(decision)]
    except ValueError:
        raise InvalidInputError(
            "Décision invalide : approve, validate, reject ou request_changes."
        ) from None
    return transitionner(session, code, action, auteur, motif=commentaire, version=version)


class LotItem(BaseModel):
    code_rome: str
    status: str  # published | error (reference values)
    message: str


def publier_lot(session: Session, codes: list[str], auteur: Auteur) -> list[LotItem]:
    """Publish each code in its own transaction; one failure does not stop the others."""
    auteur.exiger(Permission.PUBLIER)
    codes = [check_code_rome(code) for code in codes]
    results = []
    for code in dict.fromkeys(codes):
        try:
            transitionner(session, code, Action.PUBLIER, auteur, motif="Publication en lot")
        except AgentsMetiersError as exc:
            results.append(LotItem(code_rome=code, status="error", message=exc.message))
        else:
            results.append(LotItem(code_rome=code, status="published", message="Fiche publiée."))
    return results
