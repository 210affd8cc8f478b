"""Read side of the veille ROME: status of the runs and the list of detected changes.

Shapes follow the reference (REFERENCE_IMPLEMENTATION.md §2), extended: ``derniere_details``
carries the versions and the relabel and meaning-change counts, a change its ``run_id`` and
``sens_modifie``; ``execution_en_cours`` tells that a run (or its job) is still working.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.errors import InvalidInputError
from agents_metiers.storage import veille as store
from agents_metiers.storage.tables import RomeChangeRow, RomeVeilleRunRow

NON_PLANIFIEE = "Non planifiée"
TYPES = ("new", "modified", "deleted")
DETAILS = (
    "version_stockee",
    "version_detectee",
    "nouvelles",
    "modifiees",
    "supprimees",
    "inchangees",
    "relibellees",
    "sens_modifies",
    "erreurs",
)


class VeilleDetails(BaseModel):
    version_stockee: int
    version_detectee: int
    nouvelles: int
    modifiees: int
    supprimees: int
    inchangees: int
    relibellees: int
    sens_modifies: int
    erreurs: int


class ExecutionEnCours(BaseModel):
    id: int
    started_at: datetime
    source: str
    job_id: str | None


class VeilleStatus(BaseModel):
    derniere_execution: datetime | None
    derniere_succes: datetime | None
    derniere_details: VeilleDetails | None
    derniere_erreur: str | None
    fiches_pending: int
    changements_non_revues: int
    prochaine_execution: str
    execution_en_cours: ExecutionEnCours | None


class ChangeOut(BaseModel):
    id: int
    code_rome: str
    nom_metier: str
    detected_at: datetime
    change_type: str
    fields_changed: list[str]
    details: dict[str, Any]
    sens_modifie: bool
    reviewed: bool
    reviewed_at: datetime | None
    reviewed_by: str | None
    review_action: str | None
    run_id: int | None
    version_from: int | None
    version_to: int


class ChangePage(BaseModel):
    total: int
    changes: list[ChangeOut]


def statut_veille(*, session: Session, prochaine_execution: str = NON_PLANIFIEE) -> VeilleStatus:
    """Last run, last success with its counts, pending fiches and unreviewed changes."""
    derniere = store.derniere_execution(session=session)
    succes = store.derniere_execution(session=session, statut=store.TERMINEE)
    en_cours = store.derniere_execution(session=session, statut=store.EN_COURS)
    return VeilleStatus(
        derniere_execution=derniere.started_at if derniere else None,
        derniere_succes=succes.finished_at if succes else None,
        derniere_details=_details(succes) if succes else None,
        derniere_erreur=derniere.erreur if derniere and derniere.statut == store.ECHOUEE else None,
        fiches_pending=store.compter_fiches_pending(session=session),
        changements_non_revues=store.compter_non_revus(session=session),
        prochaine_execution=prochaine_execution,
        execution_en_cours=(
            ExecutionEnCours(
                id=en_cours.id,
                started_at=en_cours.started_at,
                source=en_cours.source,
                job_id=en_cours.job_id,
            )
            if en_cours
            else None
        ),
    )


def _details(run: RomeVeilleRunRow) -> VeilleDetails:
    return VeilleDetails(**{key: int(run.compteurs.get(key) or 0) for key in DETAILS})


def lister_changements(
    *,
    session: Session,
    reviewed: bool | None = None,
    code_rome: str | None = None,
    change_type: str | None = None,
    sens_modifie: bool | None = None,
    limit: int = 50,
    offset: int = 0,
) -> ChangePage:
    """Detected changes, newest first, filtered."""
    if change_type is not None and change_type not in TYPES:
        raise InvalidInputError(
            f"Type de changement inconnu : « {change_type} ». Types possibles : {', '.join(TYPES)}."
        )
    filtres = {
        "reviewed": reviewed,
        "code_rome": code_rome.strip().upper() if code_rome else None,
        "change_type": change_type,
        "sens_modifie": sens_modifie,
    }
    total, rows = store.lister_changements(
        session=session, filtres=filtres, limit=limit, offset=offset
    )
    return ChangePage(total=total, changes=[change_out(row) for row in rows])


def change_out(row: RomeChangeRow) -> ChangeOut:
    return ChangeOut(
        id=row.id,
        code_rome=row.code_rome,
        nom_metier=row.nom_metier,
        detected_at=row.detected_at,
        change_type=row.change_type,
        fields_changed=list(row.fields_changed or []),
        details=row.details or {},
        sens_modifie=row.sens_modifie,
        reviewed=row.reviewed,
        reviewed_at=row.reviewed_at,
        reviewed_by=row.reviewed_by,
        review_action=row.review_action,
        run_id=row.run_id,
        version_from=row.version_from,
        version_to=row.version_to,
    )
