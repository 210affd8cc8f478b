"""What the process holding the database lease runs: the job worker and the scheduler.

Every app process (``JOBS_IN_APP``) and every ``agents-metiers worker`` contends for the lease
(``services.jobs.bail``); exactly one runs the roles at a time, so ``JOBS_CONCURRENCY`` is the
total number of items running on the installation and each scheduled run happens once.
With ``JOBS_BACKEND=procrastinate`` neither runs here: procrastinate workers run the items
and the schedule (periodic tasks).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from agents_metiers.services.jobs.bail import Bail
from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.planificateur.execution import Planificateur

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime


class TravauxLocaux:
    """This process's door to the jobs: ``wake`` reaches the worker when it runs here."""

    def __init__(self) -> None:
        self.wake = asyncio.Event()


async def roles(
    runtime: Runtime, travaux: TravauxLocaux, stop: asyncio.Event, *, concurrency: int | None
) -> None:
    """Run the job worker and the scheduler until ``stop`` (the lease was lost or released)."""
    worker = EmbeddedWorker(runtime, concurrency=concurrency)
    worker.wake = travaux.wake
    planificateur = Planificateur(runtime, on_job=travaux.wake.set)
    await asyncio.gather(worker.run(stop), planificateur.run(stop))


async def tenir(
    runtime: Runtime, stop: asyncio.Event, travaux: TravauxLocaux, *, concurrency: int | None
) -> None:
    """Contend for the lease until ``stop``; run the roles whenever this process holds it."""
    run = functools.partial(roles, runtime, travaux, concurrency=concurrency)
    await Bail(runtime).diriger(run, stop)


@contextlib.asynccontextmanager
async def embedded_jobs(runtime: Runtime) -> AsyncIterator[TravauxLocaux | None]:
    """Beside the app while it serves (``JOBS_IN_APP`` with the embedded backend)."""
    settings = runtime.settings
    if not settings.jobs_in_app or settings.jobs_backend != "embedded":
        yield None
        return
    travaux = TravauxLocaux()
    stop = asyncio.Event()
    task = asyncio.create_task(tenir(runtime, stop, travaux, concurrency=None))
    try:
        yield travaux
    finally:
        stop.set()
        await task
