"""The embedded job worker: claims items from the database and runs them with bounded concurrency.

It runs inside the app process (``JOBS_IN_APP``) or alone (``agents-metiers worker``), in the
one process holding the database lease (``services.jobs.titulaire``); a batch command runs
its own for its job. Several workers may share one database: an item is claimed by one
atomic UPDATE (``FOR UPDATE SKIP LOCKED`` on PostgreSQL). Each worker keeps a heartbeat row;
items held by a worker whose heartbeat is stale, or whose process is gone on this host, go back
to ``pending`` (at most ``JOBS_MAX_ATTEMPTS`` times, then the item fails with a sentence).
The final step of a job (``finalizing``) held by such a worker is taken over the same way: one
surviving worker claims it and runs the finalizer again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import socket
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.orm import Session

from agents_metiers.services.jobs.lifecycle import (
    ABANDONED,
    ACTIVE,
    UNFINISHED_ITEMS,
    ItemStatut,
    JobStatut,
    close_if_finished,
    executer_item,
    finaliser_repris,
    finish_item,
    now_utc,
    reprendre_finalisation,
)
from agents_metiers.services.jobs.lots import avancer_lots
from agents_metiers.storage.tables import JobItemRow, JobRow, JobWorkerRow

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

log = logging.getLogger(__name__)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _aware(moment: datetime) -> datetime:
    """SQLite gives naive datetimes (stored in UTC); PostgreSQL gives aware ones."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class EmbeddedWorker:
    """Claim pending items, run up to ``concurrency`` at once, until stopped or idle."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        concurrency: int | None = None,
        job_id: str | None = None,
        on_item_done: Callable[[], object] | None = None,
    ) -> None:
        self.runtime = runtime
        settings = runtime.settings
        self.concurrency = concurrency or settings.jobs_concurrency
        self.job_id = job_id
        self.on_item_done = on_item_done
        self.id = f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
        self.wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._releve = -math.inf  # last poll of the provider batches (monotonic)
        self._arret = False  # stopping: no new final step taken over

    # --- database ---------------------------------------------------------------------

    def _register(self) -> None:
        now = now_utc()
        with self.runtime.sessions() as session:
            session.add(
                JobWorkerRow(
                    id=self.id,
                    hostname=socket.gethostname()[:255],
                    pid=os.getpid(),
                    started_at=now,
                    heartbeat_at=now,
                )
            )
            session.commit()

    def _unregister(self) -> None:
        with self.runtime.sessions() as session:
            session.execute(delete(JobWorkerRow).where(JobWorkerRow.id == self.id))
            session.commit()

    def beat(self) -> None:
        """Refresh this worker's heartbeat and take back the items of dead workers."""
        with self.runtime.sessions() as session:
            session.execute(
                update(JobWorkerRow)
                .where(JobWorkerRow.id == self.id)
                .values(heartbeat_at=now_utc())
            )
            self._reclaim(session)
            session.commit()

    def _reclaim(self, session: Session) -> None:
        cutoff = now_utc() - timedelta(seconds=self.runtime.settings.jobs_stale_seconds)
        host = socket.gethostname()[:255]
        dead = [
            worker.id
            for worker in session.scalars(select(JobWorkerRow))
            if worker.id != self.id
            and (
                _aware(worker.heartbeat_at) < cutoff
                or (worker.hostname == host and not _process_alive(worker.pid))
            )
        ]
        if dead:
            session.execute(delete(JobWorkerRow).where(JobWorkerRow.id.in_(dead)))
        alive = select(JobWorkerRow.id)
        orphaned = or_(JobItemRow.worker.is_(None), JobItemRow.worker.not_in(alive))
        running = and_(JobItemRow.statut == ItemStatut.RUNNING, orphaned)
        max_attempts = self.runtime.settings.jobs_max_attempts
        session.execute(
            update(JobItemRow)
            .where(running, JobItemRow.attempts >= max_attempts)
            .values(
                statut=ItemStatut.FAILED,
                error=ABANDONED.format(n=max_attempts),
                finished_at=now_utc(),
            )
            .execution_options(synchronize_session=False)
        )
        taken_back = session.execute(
            update(JobItemRow)
            .where(running)
            .values(statut=ItemStatut.PENDING, worker=None)
            .execution_options(synchronize_session=False)
        )
        if taken_back.rowcount:  # type: ignore[attr-defined]
            log.warning("Éléments repris à un worker arrêté : %s", taken_back.rowcount)  # type: ignore[attr-defined]
        for job in session.scalars(select(JobRow).where(JobRow.statut.in_(ACTIVE))):
            close_if_finished(session, job)

    def reprendre_finalisations(self) -> list[str]:
        """Claim the final step of ``finalizing`` jobs whose finalizer is no live worker (dead
        workers were removed by ``beat``); the ids of the jobs this worker must now finalize.

        A job finalized by procrastinate (``procrastinate:<item>``) is left to procrastinate,
        which runs its last item's task again (``procrastinate_backend.run_item``).
        """
        alive = select(JobWorkerRow.id)
        query = select(JobRow).where(
            JobRow.statut == JobStatut.FINALIZING,
            or_(
                JobRow.finalizer_worker.is_(None),
                and_(
                    JobRow.finalizer_worker.not_in(alive),
                    JobRow.finalizer_worker.not_like("procrastinate:%"),
                ),
            ),
        )
        if self.job_id is not None:
            query = query.where(JobRow.id == self.job_id)
        taken: list[str] = []
        with self.runtime.sessions() as session:
            for job in session.scalars(query).all():
                if reprendre_finalisation(
                    session,
                    job,
                    worker=self.id,
                    max_attempts=self.runtime.settings.jobs_max_attempts,
                ):
                    taken.append(job.id)
            session.commit()
        for job_id in taken:
            log.warning("Tâche %s : résultat final repris à un worker arrêté", job_id)
        return taken

    def claim(self, limit: int) -> list[int]:
        """Atomically take up to ``limit`` pending items of active, uncancelled jobs."""
        with self.runtime.sessions() as session:
            candidates = (
                select(JobItemRow.id)
                .join(JobRow, JobRow.id == JobItemRow.job_id)
                .where(
                    JobItemRow.statut == ItemStatut.PENDING,
                    JobRow.statut.in_(ACTIVE),
                    JobRow.cancel_requested.is_(False),
                )
                .order_by(JobRow.created_at, JobItemRow.job_id, JobItemRow.position)
                .limit(limit)
            )
            if self.job_id is not None:
                candidates = candidates.where(JobItemRow.job_id == self.job_id)
            if session.get_bind().dialect.name == "postgresql":
                candidates = candidates.with_for_update(of=JobItemRow, skip_locked=True)
            # A CTE, not ``IN (subquery)``: PostgreSQL may run a LIMIT subquery more than once.
            chosen = candidates.cte("chosen")
            now = now_utc()
            claimed = list(
                session.execute(
                    update(JobItemRow)
                    .where(JobItemRow.id == chosen.c.id, JobItemRow.statut == ItemStatut.PENDING)
                    .values(
                        statut=ItemStatut.RUNNING,
                        worker=self.id,
                        started_at=now,
                        attempts=JobItemRow.attempts + 1,
                    )
                    .returning(JobItemRow.id, JobItemRow.job_id)
                    .execution_options(synchronize_session=False)
                )
            )
            job_ids = {job_id for _, job_id in claimed}
            if job_ids:
                session.execute(
                    update(JobRow)
                    .where(JobRow.id.in_(job_ids), JobRow.statut == JobStatut.QUEUED)
                    .values(statut=JobStatut.RUNNING, started_at=now)
                )
            session.commit()
        return [item_id for item_id, _ in claimed]

    def has_work(self) -> bool:
        """Whether items of active jobs (of ``job_id`` when set) are pending, running or
        waiting on a provider batch."""
        with self.runtime.sessions() as session:
            query = (
                select(JobItemRow.id)
                .join(JobRow, JobRow.id == JobItemRow.job_id)
                .where(
                    JobRow.statut.in_(ACTIVE),
                    JobItemRow.statut.in_(UNFINISHED_ITEMS),
                )
                .limit(1)
            )
            if self.job_id is not None:
                query = query.where(JobItemRow.job_id == self.job_id)
            return session.scalar(query) is not None

    # --- loop -------------------------------------------------------------------------

    async def _run_item(self, item_id: int) -> None:
        try:
            await executer_item(self.runtime, item_id)
        except Exception as exc:
            log.exception("Élément %s : échec de l'enregistrement", item_id)
            with contextlib.suppress(Exception):
                await finish_item(
                    self.runtime,
                    item_id,
                    statut=ItemStatut.FAILED,
                    result=None,
                    error=f"Enregistrement impossible ({type(exc).__name__}).",
                )
        finally:
            if self.on_item_done is not None:
                self.on_item_done()
            self.wake.set()

    async def _lots(self) -> None:
        """Submit and poll provider batches (JOBS_AI_MODE=batch), every
        JOBS_BATCH_POLL_SECONDS; a failure is logged and tried again at the next poll."""
        settings = self.runtime.settings
        if settings.jobs_ai_mode != "batch":
            return
        if time.monotonic() - self._releve < settings.jobs_batch_poll_seconds:
            return
        self._releve = time.monotonic()
        try:
            await avancer_lots(self.runtime)
        except Exception:
            log.exception("Lots du fournisseur d'IA : relevé en échec")

    def _start(self, item_id: int) -> None:
        self._garder(asyncio.create_task(self._run_item(item_id)))

    def _garder(self, task: asyncio.Task[None]) -> None:
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finaliser(self, job_id: str) -> None:
        try:
            await finaliser_repris(self.runtime, job_id, worker=self.id)
        except Exception:  # the job stays held by this worker: taken over when it stops
            log.exception("Tâche %s : reprise du résultat final en échec", job_id)
        finally:
            self.wake.set()

    async def _reprendre(self) -> None:
        """Start the final steps taken over from dead workers (beside the items); none once
        stopping (they would be left to the next worker anyway)."""
        if self._arret:
            return
        for job_id in await asyncio.to_thread(self.reprendre_finalisations):
            self._garder(asyncio.create_task(self._finaliser(job_id)))

    async def _heartbeat(self) -> None:
        interval = max(0.5, min(5.0, self.runtime.settings.jobs_stale_seconds / 3))
        while True:
            await asyncio.sleep(interval)
            try:
                await asyncio.to_thread(self.beat)
                await self._reprendre()
            except Exception:
                log.exception("Battement de cœur du worker %s en échec", self.id)

    async def run(self, stop: asyncio.Event | None = None, *, until_idle: bool = False) -> None:
        """Work until ``stop`` is set, or (``until_idle``) until nothing is left to do."""
        stop = stop or asyncio.Event()
        self._register()
        self.beat()
        heartbeat = asyncio.create_task(self._heartbeat())
        poll = self.runtime.settings.jobs_poll_seconds
        try:
            await self._reprendre()
            while not stop.is_set():
                self.wake.clear()
                free = self.concurrency - len(self._tasks)
                claimed = await asyncio.to_thread(self.claim, free) if free > 0 else []
                for item_id in claimed:
                    self._start(item_id)
                await self._lots()
                if until_idle and not self._tasks and not await asyncio.to_thread(self.has_work):
                    break
                with contextlib.suppress(TimeoutError):
                    waiters = [asyncio.create_task(self.wake.wait())]
                    waiters.append(asyncio.create_task(stop.wait()))
                    try:
                        await asyncio.wait(
                            waiters, timeout=poll, return_when=asyncio.FIRST_COMPLETED
                        )
                    finally:
                        for waiter in waiters:
                            waiter.cancel()
            # Stopping: items in flight are cancelled at their next await (before their
            # single write) and taken back by the next worker; none is half-applied. A final
            # step cancelled so is taken over by the next worker (run again from the start).
            self._arret = True
            for task in list(self._tasks):
                task.cancel()
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            self._unregister()
