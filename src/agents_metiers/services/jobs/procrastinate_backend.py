"""Scale-out job backend (``JOBS_BACKEND=procrastinate``): workers on several machines share the
PostgreSQL database through procrastinate.

Each item of a job is one procrastinate task. Procrastinate delivers a task to one worker at a
time, keeps worker heartbeats, and a worker starting (or every minute) puts the tasks of dead
workers back in the queue; the task then runs the item again from the start (the item's write is
one transaction, so nothing was half-applied). The final step of a job (the ZIP of a PDF export)
runs in the task of its last item: when that worker dies during it, the task run again finds its
item ended and its job still ``finalizing`` under its name, takes the step over and runs the
finalizer again. Procrastinate's tables live in their own
PostgreSQL schema, ``procrastinate``, created by ``agents-metiers worker`` on first start.
When a schedule entry is on, a periodic task runs the scheduler once a minute (docs/jobs.md).
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import procrastinate
from procrastinate.types import JSONValue
from sqlalchemy import select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from agents_metiers.errors import ConfigurationError
from agents_metiers.services.jobs.lifecycle import (
    ABANDONED,
    ItemStatut,
    JobStatut,
    close_if_finished,
    executer_item,
    finaliser_repris,
    now_utc,
    reprendre_finalisation,
)
from agents_metiers.services.planificateur.entrees import ENTREES
from agents_metiers.services.planificateur.execution import executer_dues
from agents_metiers.storage.tables import JobItemRow, JobRow

if TYPE_CHECKING:
    from agents_metiers.config import Settings
    from agents_metiers.services.runtime import Runtime

log = logging.getLogger(__name__)

QUEUE = "agents_metiers"
PLANIFICATEUR = "agents_metiers.planificateur"
SCHEMA = "procrastinate"
_state: dict[str, Any] = {}


def conninfo(settings: Settings) -> str:
    url = make_url(settings.sqlalchemy_url)
    if url.get_backend_name() != "postgresql":
        raise ConfigurationError(
            "JOBS_BACKEND=procrastinate demande une base PostgreSQL (DATABASE_URL=postgresql://…)."
        )
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(settings: Settings) -> procrastinate.App:
    connector = procrastinate.PsycopgConnector(
        conninfo=conninfo(settings),
        kwargs={"options": f"-c search_path={SCHEMA}"},
    )
    app = procrastinate.App(connector=connector)
    app.task(name="agents_metiers.run_item", queue=QUEUE, pass_context=False)(run_item)
    if any(entree.actif(settings) for entree in ENTREES):
        # One periodic tick a minute, deferred once per minute whatever the number of workers;
        # the scheduler's own rules (time zone, claims per occurrence) decide what is due.
        tick = app.task(name=PLANIFICATEUR, queue=QUEUE, pass_context=False)(tour_planificateur)
        app.periodic(cron="* * * * *", periodic_id="planificateur")(tick)
    return app


async def tour_planificateur(timestamp: int) -> None:
    """The periodic task: run the schedule entries due at ``timestamp``, defer their jobs."""
    runtime: Runtime = _state["runtime"]
    now = datetime.fromtimestamp(timestamp, UTC)
    job_ids = await asyncio.to_thread(
        executer_dues, runtime, now=now, depuis=now - timedelta(minutes=2)
    )
    for job_id in job_ids:
        await defer_job(runtime, job_id)


def worker_name(item_id: int) -> str:
    """Who runs an item (and its job's final step, when it is the last one): one name per run
    of its task, so that a task run again after a crash is told from the run it replaces."""
    return f"procrastinate:{item_id}:{uuid.uuid4().hex[:12]}"


def _reprendre(runtime: Runtime, session: Session, item: JobItemRow, worker: str) -> bool:
    """The item ended; its job's final step, started by an earlier run of this task whose
    worker died, is taken over by this run. True when it must run the finalizer now."""
    job = session.get(JobRow, item.job_id)
    if (
        job is None
        or job.statut != JobStatut.FINALIZING
        or not (job.finalizer_worker or "").startswith(f"procrastinate:{item.id}:")
    ):
        return False
    taken = reprendre_finalisation(
        session, job, worker=worker, max_attempts=runtime.settings.jobs_max_attempts
    )
    session.commit()
    return taken


def _prendre(session: Session, item: JobItemRow, worker: str, max_attempts: int) -> bool:
    """Mark the item ``running`` under ``worker``; False when it was already started
    ``max_attempts`` times: the item fails, and its job closes if it was the last one (a job
    with a final step is then ``failed``, as with the embedded worker)."""
    if item.attempts >= max_attempts:
        job = session.get_one(JobRow, item.job_id, with_for_update=True)
        item.statut = ItemStatut.FAILED
        item.error = ABANDONED.format(n=max_attempts)
        item.finished_at = now_utc()
        session.flush()
        close_if_finished(session, job)
        session.commit()
        return False
    item.statut = ItemStatut.RUNNING
    item.attempts += 1
    item.worker = worker
    item.started_at = now_utc()
    session.execute(
        update(JobRow)
        .where(JobRow.id == item.job_id, JobRow.statut == "queued")
        .values(statut="running", started_at=now_utc())
    )
    session.commit()
    return True


async def run_item(item_id: int) -> None:
    """The procrastinate task: take the item (again after a crash) and run it; or, the item
    ended, take over its job's final step if an earlier run of this task died during it."""
    runtime: Runtime = _state["runtime"]
    worker = worker_name(item_id)
    with runtime.sessions() as session:
        item = session.get(JobItemRow, item_id)
        if item is None:
            return
        job_id = item.job_id
        if item.statut in (ItemStatut.PENDING, ItemStatut.RUNNING):
            finaliser = False
            if not _prendre(session, item, worker, runtime.settings.jobs_max_attempts):
                return
        else:
            finaliser = _reprendre(runtime, session, item, worker)
            if not finaliser:
                return
    if finaliser:
        log.warning("Tâche %s : résultat final repris à un worker arrêté", job_id)
        await finaliser_repris(runtime, job_id, worker=worker)
    else:
        await executer_item(runtime, item_id)


async def ensure_schema(app: procrastinate.App) -> None:
    async with app.open_async():
        connector = app.connector
        await connector.execute_query_async(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        present = await connector.execute_query_one_async(
            f"SELECT to_regclass('{SCHEMA}.procrastinate_jobs') IS NOT NULL AS present"
        )
        if not present["present"]:
            await app.schema_manager.apply_schema_async()


async def defer_job(runtime: Runtime, job_id: str) -> None:
    """Defer one procrastinate task per pending item of ``job_id``."""
    with runtime.sessions() as session:
        item_ids = list(
            session.scalars(
                select(JobItemRow.id).where(
                    JobItemRow.job_id == job_id, JobItemRow.statut == ItemStatut.PENDING
                )
            )
        )
    app = make_app(runtime.settings)
    await ensure_schema(app)
    async with app.open_async():
        task = app.tasks["agents_metiers.run_item"]
        payloads: list[dict[str, JSONValue]] = [{"item_id": item_id} for item_id in item_ids]
        await task.batch_defer_async(*payloads)


async def _retry_stalled(app: procrastinate.App, seconds: float) -> int:
    stalled = list(
        await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=seconds)
    )
    for job in stalled:
        await app.job_manager.retry_job(job)
    return len(stalled)


async def run_worker(runtime: Runtime, *, concurrency: int, stop: asyncio.Event) -> None:
    """``agents-metiers worker`` on this backend: tasks of dead workers first, then the queue."""
    _state["runtime"] = runtime
    app = make_app(runtime.settings)
    await ensure_schema(app)
    stale = runtime.settings.jobs_stale_seconds
    async with app.open_async():
        retried = await _retry_stalled(app, stale)
        if retried:
            log.warning("Tâches d'un worker arrêté remises en file : %s", retried)
        worker = asyncio.create_task(
            app.run_worker_async(
                queues=[QUEUE],
                concurrency=concurrency,
                update_heartbeat_interval=max(1.0, stale / 3),
                stalled_worker_timeout=stale,
                install_signal_handlers=False,
            )
        )
        while not stop.is_set() and not worker.done():
            try:
                await asyncio.wait_for(stop.wait(), timeout=max(5.0, stale))
            except TimeoutError:
                await _retry_stalled(app, stale)
        worker.cancel()
        await asyncio.gather(worker, return_exceptions=True)
