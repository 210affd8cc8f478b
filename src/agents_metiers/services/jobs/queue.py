"""How a queued job reaches a worker: the embedded worker polls the database (and is woken at
once when the job was created in its own process); with ``JOBS_BACKEND=procrastinate`` each item
is deferred as a procrastinate task on PostgreSQL, for workers on several machines."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agents_metiers.services.jobs.workers import EmbeddedWorker
    from agents_metiers.services.runtime import Runtime


async def dispatch(runtime: Runtime, job_id: str, *, worker: EmbeddedWorker | None) -> None:
    """Hand a freshly created job to whoever runs jobs on this installation."""
    if runtime.settings.jobs_backend == "procrastinate":
        from agents_metiers.services.jobs.procrastinate_backend import defer_job  # noqa: PLC0415

        await defer_job(runtime, job_id)
    elif worker is not None:
        worker.wake.set()
