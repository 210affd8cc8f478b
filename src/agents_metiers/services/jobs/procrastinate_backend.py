"""Scale-out job backend (``JOBS_BACKEND=procrastinate``): workers on several machines share the
PostgreSQL database through procrastinate.

Each item of a job is one procrastinate task. Procrastinate delivers a task to one worker at a
time, keeps worker heartbeats, and a worker starting (or every minute) puts the tasks of dead
workers back in the queue; the task then runs the item again from the start (the item's write is
one transaction, so nothing was half-applied). Procrastinate's tables live in their own
PostgreSQL schema, ``procrastinate``, created by ``agents-metiers worker`` on first start.
When a schedule entry is on, a periodic task runs the scheduler once a minute (docs/jobs.md).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import procrastinate
from procrastinate.types import JSONValue
from sqlalchemy import select, update
from sqlalchemy.engine import make_url

from agents_metiers.errors import ConfigurationError
from agents_metiers.services.jobs.lifecycle import ABANDONED, ItemStatut, executer_item, now_utc
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


async def run_item(item_id: int) -> None:
    """The procrastinate task: take the item (again after a crash) and run it."""
    runtime: Runtime = _state["runtime"]
    max_attempts = runtime.settings.jobs_max_attempts
    with runtime.sessions() as session:
        item = session.get(JobItemRow, item_id)
        if item is None or item.statut not in (ItemStatut.PENDING, ItemStatut.RUNNING):
            return
        if item.attempts >= max_attempts:
            item.statut = ItemStatut.FAILED
            item.error = ABANDONED.format(n=max_attempts)
            item.finished_at = now_utc()
            session.commit()
            return
        item.statut = ItemStatut.RUNNING
        item.attempts += 1
        item.worker = "procrastinate"
        item.started_at = now_utc()
        session.execute(
            update(JobRow)
            .where(JobRow.id == item.job_id, JobRow.statut == "queued")
            .values(statut="running", started_at=now_utc())
        )
        session.commit()
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
            log.warning("%s tâche(s) d'un worker arrêté remise(s) en file", retried)
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
