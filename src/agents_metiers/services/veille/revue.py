"""Review of one detected change (PRODUCT.md §5.4, issue 12): ``acknowledge``, ``apply``,
``re_enrich`` — for relecteurs and admins.

- ``acknowledge``: the change is seen and the fiche stays as it is (for a code removed from
  the referential, the reviewer confirms it: the fiche keeps its « retiré du ROME » banner).
- ``apply``: the fiche takes the detected version's ROME fields now — conflicting fields a
  person or the AI wrote included (that is the reviewer's decision; the previous content is
  one rollback away). A **meaning change** also sends the fiche back to ``brouillon`` and flags
  its AI- and human-written texts and its variants as written for the previous job; the
  published snapshot stays online until the fiche is published again.
- ``re_enrich``: queues an AI enrichment job for the fiche (503, nothing changed, without an
  AI provider).
Every action is one transaction with its audit event; ``apply`` is a revision whose reason
names the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import ConflictError, InvalidInputError, NotFoundError
from agents_metiers.rome.fiche_builder import ROME_FIELDS
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.ecriture import EcritureFiche, ecrire_fiche
from agents_metiers.services.jobs.lifecycle import JobCreate, creer_job
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.application import (
    SUPPRIME,
    actualiser_attente,
    creer_fiche,
    ecrire_champs,
    fiche_de,
    marquer_revu,
    motif,
    referentiel_cible,
    referentiel_stocke,
)
from agents_metiers.services.veille.consultation import ChangeOut, lister_changements
from agents_metiers.services.veille.fusion import (
    champs_ancien_metier,
    identite,
    marquer_ancien_metier,
    planifier,
)
from agents_metiers.storage import fiches as store
from agents_metiers.storage.referentiel import current_version
from agents_metiers.storage.tables import RomeChangeRow, VarianteRow
from agents_metiers.storage.veille import conflits_de

Action = Literal["acknowledge", "apply", "re_enrich"]
ACTIONS: tuple[str, ...] = ("acknowledge", "apply", "re_enrich")
LIBELLES_ACTIONS = {
    "acknowledge": "pris en compte",
    "apply": "appliqué",
    "re_enrich": "ré-enrichissement demandé",
    "sync": "appliqué par la synchronisation",
}
EVENEMENTS = {
    "acknowledge": "veille.changement_pris_en_compte",
    "apply": "veille.changement_applique",
    "re_enrich": "veille.reenrichissement_demande",
}


class ChangementOut(ChangeOut):
    """A change as the list shows it, with the conflicts the sync left (None before it)."""

    conflits: list[str] | None


class ChangementsPage(BaseModel):
    total: int
    changes: list[ChangementOut]


def changements(
    session: Session,
    *,
    reviewed: bool | None = None,
    code_rome: str | None = None,
    change_type: str | None = None,
    sens_modifie: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ChangementsPage:
    """The list of ``consultation.lister_changements`` with the conflicts of each change."""
    page = lister_changements(
        session=session,
        reviewed=reviewed,
        code_rome=code_rome,
        change_type=change_type,
        sens_modifie=sens_modifie,
        limit=limit,
        offset=offset,
    )
    conflits = conflits_de(session=session, ids=[c.id for c in page.changes])
    return ChangementsPage(
        total=page.total,
        changes=[
            ChangementOut(**c.model_dump(), conflits=conflits.get(c.id)) for c in page.changes
        ],
    )


@dataclass(frozen=True)
class RevueResultat:
    changement: ChangementOut
    job_id: str | None = None


def get_change(session: Session, change_id: int) -> RomeChangeRow:
    change = session.get(RomeChangeRow, change_id)
    if change is None:
        raise NotFoundError(
            f"Changement n° {change_id} inconnu : aucun changement ROME détecté ne porte ce numéro."
        )
    return change


def _verifier(change: RomeChangeRow, action: str) -> None:
    if action not in ACTIONS:
        raise InvalidInputError(
            f"Action inconnue : « {action} ». Actions possibles : {', '.join(ACTIONS)}."
        )
    if change.reviewed:
        quand = f" le {change.reviewed_at:%d/%m/%Y}" if change.reviewed_at else ""
        fait = LIBELLES_ACTIONS.get(change.review_action or "", change.review_action)
        raise ConflictError(
            f"Le changement n° {change.id} a déjà été traité ({fait} par "
            f"{change.reviewed_by}{quand})."
        )


def reviser(
    runtime: Runtime, session: Session, change_id: int, action: str, auteur: Auteur
) -> RevueResultat:
    """Apply one review ``action`` to change ``change_id`` (see the module doc)."""
    auteur.exiger(Permission.RELIRE)
    change = get_change(session, change_id)
    _verifier(change, action)
    job_id = None
    if action == "acknowledge":
        prendre_en_compte(session, change, auteur)
    elif action == "apply":
        appliquer(session, change, auteur)
    else:
        job_id = re_enrichir(runtime, session, change, auteur)
    session.refresh(change)
    return RevueResultat(ChangementOut.model_validate(change, from_attributes=True), job_id)


def _evenement(
    session: Session, change: RomeChangeRow, auteur: Auteur, action: str, **apres: Any
) -> None:
    record_event(
        session,
        type_evenement=EVENEMENTS[action],
        **auteur.signature(),
        code_rome=change.code_rome,
        description=(
            f"Changement ROME n° {change.id} ({change.code_rome}) {LIBELLES_ACTIONS[action]}."
        ),
        donnees_apres={"change_id": change.id, "action": action, **apres},
    )


def prendre_en_compte(session: Session, change: RomeChangeRow, auteur: Auteur) -> None:
    now = datetime.now(UTC)
    if store.get_fiche(session=session, code_rome=change.code_rome) is None:
        marquer_revu(change, "acknowledge", auteur, now)
        _evenement(session, change, auteur, "acknowledge")
        session.commit()
        return
    with ecrire_fiche(session, change.code_rome) as ecriture:
        if change.change_type == SUPPRIME:
            ecriture.row.rome_retire = True
        marquer_revu(change, "acknowledge", auteur, now)
        actualiser_attente(session, ecriture.row)
        _evenement(session, change, auteur, "acknowledge", rome_retire=ecriture.row.rome_retire)


def _nouvelle_fiche(session: Session, change: RomeChangeRow) -> dict[str, Any]:
    if change.change_type == SUPPRIME:
        raise ConflictError(
            f"Le code {change.code_rome} a été retiré du référentiel : il n'y a rien à "
            "appliquer. Prenez-en acte (acknowledge), puis dépubliez la fiche si elle ne doit "
            "plus être en ligne."
        )
    nouveau = fiche_de(referentiel_cible(session, change), change.code_rome)
    if nouveau is None:
        raise ConflictError(
            f"Le code {change.code_rome} n'est pas dans la version {change.version_to} du "
            "ROME : ce changement ne peut pas être appliqué."
        )
    return nouveau


def _champs_revus(
    session: Session, change: RomeChangeRow, row: Any, nouveau: dict[str, Any]
) -> dict[str, Any]:
    """The fields ``apply`` writes: those the sync would write, plus the conflicts."""
    ancien = None
    conflits = change.conflits
    if conflits is None:
        stocke = current_version(session=session)
        if stocke is not None and stocke.numero == change.version_from:
            ancien = fiche_de(referentiel_stocke(session), change.code_rome)
    actuel = {champ: getattr(row, champ) for champ in ROME_FIELDS}
    plan = planifier(actuel, row.provenance or {}, ancien, nouveau)
    retenus = plan.conflits if conflits is None else [c for c in plan.conflits if c in conflits]
    return {**plan.appliques, **{c: nouveau[c] for c in retenus}, **identite(nouveau)}


def appliquer(session: Session, change: RomeChangeRow, auteur: Auteur) -> None:
    """``apply``: the detected version's ROME fields into the fiche (see the module doc)."""
    nouveau = _nouvelle_fiche(session, change)
    if store.get_fiche(session=session, code_rome=change.code_rome) is None:
        creer_fiche(session, change, nouveau, auteur, "apply")
        return
    with ecrire_fiche(session, change.code_rome) as ecriture:
        now = datetime.now(UTC)
        if change.sens_modifie:
            details = _appliquer_sens(ecriture, change, nouveau, auteur)
        else:
            champs = _champs_revus(session, change, ecriture.row, nouveau)
            modifies = ecrire_champs(
                ecriture,
                champs,
                version=change.version_to,
                auteur=auteur,
                motif=motif(change, "apply"),
            )
            details = {"champs": modifies}
        marquer_revu(change, "apply", auteur, now)
        actualiser_attente(session, ecriture.row)
        _evenement(session, change, auteur, "apply", version=ecriture.row.version, **details)


def _appliquer_sens(
    ecriture: EcritureFiche, change: RomeChangeRow, nouveau: dict[str, Any], auteur: Auteur
) -> dict[str, Any]:
    """A meaning change: the new job's ROME fields, back to brouillon, old texts flagged."""
    row = ecriture.row
    marque = {
        "change_id": change.id,
        "version_rome": change.version_from,
        "ancien_libelle": row.nom_masculin,
    }
    ancien_statut = row.statut
    row.statut = Statut.BROUILLON.value
    row.provenance, _ = marquer_ancien_metier(row.provenance or {}, marque)
    champs = {**{c: nouveau[c] for c in ROME_FIELDS}, **identite(nouveau)}
    modifies = ecrire_champs(
        ecriture,
        champs,
        version=change.version_to,
        auteur=auteur,
        motif=motif(change, "apply, changement de sens"),
    )
    variantes = _marquer_variantes(ecriture.session, row.code_rome, marque)
    return {
        "champs": modifies,
        "sens_modifie": True,
        "ancien_statut": ancien_statut,
        "champs_a_reecrire": champs_ancien_metier(row.provenance or {}),
        "variantes_a_reecrire": variantes,
    }


def _marquer_variantes(session: Session, code: str, marque: dict[str, Any]) -> int:
    variantes = session.query(VarianteRow).filter(VarianteRow.code_rome == code).all()
    for variante in variantes:
        variante.provenance = {**(variante.provenance or {}), "ancien_metier": marque}
    return len(variantes)


def re_enrichir(runtime: Runtime, session: Session, change: RomeChangeRow, auteur: Auteur) -> str:
    """Queue an AI enrichment of the fiche (503 first without an AI provider)."""
    auteur.exiger(Permission.ENRICHIR)
    if change.change_type == SUPPRIME or change.sens_modifie:
        raise ConflictError(
            f"Le changement n° {change.id} ne se traite pas par un ré-enrichissement : "
            + (
                "le code a été retiré du référentiel."
                if change.change_type == SUPPRIME
                else "le code désigne désormais un autre métier, appliquez d'abord le changement."
            )
        )
    job = creer_job(runtime, session, JobCreate(type="enrich", codes=[change.code_rome]), auteur)
    with ecrire_fiche(session, change.code_rome) as ecriture:
        marquer_revu(change, "re_enrich", auteur, datetime.now(UTC))
        actualiser_attente(session, ecriture.row)
        _evenement(session, change, auteur, "re_enrich", job_id=job.id)
    return job.id
