"""Run the schedule entries that are due.

An occurrence is claimed by inserting its ``planificateur_executions`` row (unique per entry
and planned time) before its job is created: a second process — or a procrastinate periodic
task deferred twice — finds the row and creates nothing. At start-up, only occurrences after
the last recorded run are due (the most recent one once, when the process was down at that
time); an entry never run waits for its next occurrence after the scheduler starts.
A job that cannot be created (source not configured, no network, kind absent) leaves its
sentence in ``erreur``: the scheduler goes on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from agents_metiers.errors import AgentsMetiersError
from agents_metiers.services.planificateur.entrees import ENTREES, Entree
from agents_metiers.storage.tables import PlanificateurExecutionRow

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

log = logging.getLogger(__name__)

POLL_SECONDS = 30.0


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def derniere_prevue(session: Session, nom: str) -> datetime | None:
    latest = session.scalar(
        select(func.max(PlanificateurExecutionRow.prevue_a)).where(
            PlanificateurExecutionRow.entree == nom
        )
    )
    return _aware(latest) if latest is not None else None


def _reserver(session: Session, nom: str, prevue_a: datetime, now: datetime) -> int | None:
    """Claim the occurrence (committed); None when another process already has."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    claimed: int | None = session.scalar(
        dialect.insert(PlanificateurExecutionRow)
        .values(entree=nom, prevue_a=prevue_a.astimezone(UTC), lancee_a=now)
        .on_conflict_do_nothing(index_elements=["entree", "prevue_a"])
        .returning(PlanificateurExecutionRow.id)
    )
    session.commit()
    return claimed


def lancer(runtime: Runtime, entree: Entree, prevue_a: datetime, now: datetime) -> str | None:
    """Run one occurrence once: its job id, or None (claimed elsewhere, or refused)."""
    with runtime.sessions() as session:
        run_id = _reserver(session, entree.nom, prevue_a, now)
        if run_id is None:
            return None
        job_id: str | None = None
        erreur: str | None = None
        try:
            job_id = entree.lancer(runtime, session)
        except AgentsMetiersError as exc:
            session.rollback()
            erreur = exc.message
        except Exception as exc:  # recorded with a sentence; the scheduler must go on
            session.rollback()
            log.exception("Planificateur : lancement de « %s » en échec", entree.nom)
            erreur = f"Lancement impossible ({type(exc).__name__}) : voir le journal du serveur."
        session.execute(
            update(PlanificateurExecutionRow)
            .where(PlanificateurExecutionRow.id == run_id)
            .values(job_id=job_id, erreur=erreur)
        )
        session.commit()
    if erreur:
        log.warning("Planificateur : « %s » non lancée : %s", entree.nom, erreur)
    return job_id


def executer_dues(runtime: Runtime, *, now: datetime, depuis: datetime) -> list[str]:
    """Run every enabled entry with an occurrence due since its last run (or ``depuis``)."""
    settings = runtime.settings
    jobs: list[str] = []
    for entree in ENTREES:
        if not entree.actif(settings):
            continue
        prevue = entree.precedente(settings, now)
        with runtime.sessions() as session:
            derniere = derniere_prevue(session, entree.nom)
        if prevue <= (derniere or depuis):
            continue
        job_id = lancer(runtime, entree, prevue, now)
        if job_id is not None:
            jobs.append(job_id)
    return jobs


class Planificateur:
    """The embedded scheduler loop (run by the holder of the database lease)."""

    def __init__(self, runtime: Runtime, *, on_job: Callable[[], object] | None = None) -> None:
        self.runtime = runtime
        self.on_job = on_job

    def _tour(self, depuis: datetime) -> None:
        if executer_dues(self.runtime, now=datetime.now(UTC), depuis=depuis) and self.on_job:
            self.on_job()

    async def run(self, stop: asyncio.Event) -> None:
        depuis = datetime.now(UTC)
        while not stop.is_set():
            try:
                await asyncio.to_thread(self._tour, depuis)
            except Exception:  # a database hiccup: next round
                log.exception("Planificateur : tour en échec")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=POLL_SECONDS)
