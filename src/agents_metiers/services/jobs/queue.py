"""How a queued job reaches a worker: the embedded worker polls the database (and is woken at
once when the job was created in its own process); with ``JOBS_BACKEND=procrastinate`` each item
is deferred as a procrastinate task on PostgreSQL, for workers on several machines. Another
process may hold the lease (docs/deploy.md): its worker finds the job at its next poll."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime


class Wakeable(Protocol):
    """The local worker (or the door to it, ``TravauxLocaux``)."""

    wake: asyncio.Event


async def dispatch(runtime: Runtime, job_id: str, *, worker: Wakeable | None) -> None:
    """Hand a freshly created job to whoever runs jobs on this installation."""
    if runtime.settings.jobs_backend == "procrastinate":
        from agents_metiers.services.jobs.procrastinate_backend import defer_job  # noqa: PLC0415

        await defer_job(runtime, job_id)
    elif worker is not None:
        worker.wake.set()
