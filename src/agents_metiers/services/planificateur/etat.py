"""What the scheduler did and will do, per entry (for ``GET /api/veille/rome/status`` & co)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy import select

from agents_metiers.services.planificateur.entrees import ENTREES
from agents_metiers.storage.tables import JobRow, PlanificateurExecutionRow

if TYPE_CHECKING:
    from agents_metiers.config import Settings
    from agents_metiers.services.runtime import Runtime

NON_PLANIFIEE = "Non planifiée"


class DerniereExecution(BaseModel):
    prevue_a: datetime
    lancee_a: datetime
    job_id: str | None
    statut: str  # the job's (queued, running, done…), or "echec" when no job could be created
    erreur: str | None


class EtatEntree(BaseModel):
    nom: str
    libelle: str
    type_tache: str
    actif: bool
    cron: str
    fuseau: str
    derniere_execution: DerniereExecution | None
    prochaine_execution: datetime | None
    prochaine: str  # ISO date of the next run, or "Non planifiée"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def etat_planificateur(runtime: Runtime, *, now: datetime | None = None) -> list[EtatEntree]:
    """Per entry: on/off, cron, last run (job, time, status) and next run."""
    settings = runtime.settings
    now = now or datetime.now(UTC)
    etats = []
    with runtime.sessions() as session:
        for entree in ENTREES:
            row = session.scalars(
                select(PlanificateurExecutionRow)
                .where(PlanificateurExecutionRow.entree == entree.nom)
                .order_by(PlanificateurExecutionRow.prevue_a.desc())
                .limit(1)
            ).first()
            derniere = None
            if row is not None:
                job = session.get(JobRow, row.job_id) if row.job_id else None
                statut = job.statut if job is not None else ("echec" if row.erreur else "inconnu")
                derniere = DerniereExecution(
                    prevue_a=_aware(row.prevue_a),
                    lancee_a=_aware(row.lancee_a),
                    job_id=row.job_id,
                    statut=statut,
                    erreur=row.erreur,
                )
            actif = entree.actif(settings)
            suivante = entree.suivante(settings, now) if actif else None
            etats.append(
                EtatEntree(
                    nom=entree.nom,
                    libelle=entree.libelle,
                    type_tache=entree.type_tache,
                    actif=actif,
                    cron=entree.cron(settings),
                    fuseau=settings.schedule_timezone,
                    derniere_execution=derniere,
                    prochaine_execution=suivante,
                    prochaine=suivante.isoformat() if suivante else NON_PLANIFIEE,
                )
            )
    return etats


def prochaine_execution(settings: Settings, nom: str, *, now: datetime | None = None) -> str:
    """The next planned run of entry ``nom`` (ISO date), or « Non planifiée » when it is off."""
    entree = next(e for e in ENTREES if e.nom == nom)
    if not entree.actif(settings):
        return NON_PLANIFIEE
    return entree.suivante(settings, now or datetime.now(UTC)).isoformat()
