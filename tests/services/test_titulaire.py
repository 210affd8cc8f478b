"""Several app processes: only the holder of the lease runs the job worker and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from sqlalchemy import select

from agents_metiers.config import Settings
from agents_metiers.services.jobs.bail import LEASE_NAME
from agents_metiers.services.jobs.titulaire import embedded_jobs
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import JobWorkerRow, LeaseRow

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _process(db: Runtime, **settings: Any) -> Runtime:
    """What one app process opens: its own settings and sessions on the shared database."""
    values = {**db.settings.model_dump(), "jobs_in_app": True, "jobs_lease_seconds": 1.5}
    updated = Settings(**{**values, **settings, "_env_file": None})
    return Runtime(settings=updated, engine=db.engine, sessions=db.sessions)


def _workers(db: Runtime) -> list[str]:
    with db.sessions() as session:
        return list(session.scalars(select(JobWorkerRow.id)))


def _holder(db: Runtime) -> str | None:
    with db.sessions() as session:
        return session.scalar(select(LeaseRow.holder).where(LeaseRow.name == LEASE_NAME))


async def _until(condition: Any, seconds: float = 15) -> None:
    for _ in range(int(seconds * 10)):
        if await asyncio.to_thread(condition):
            return
        await asyncio.sleep(0.1)
    pytest.fail("condition jamais remplie")


async def test_one_process_of_three_runs_the_worker_and_another_takes_over(db: Runtime) -> None:
    processes = [_process(db) for _ in range(3)]
    async with (
        embedded_jobs(processes[0]),
        embedded_jobs(processes[1]),
        embedded_jobs(processes[2]),
    ):
        await _until(lambda: len(_workers(db)) == 1)
        await asyncio.sleep(2)  # several renewal rounds later, still one worker
        assert len(_workers(db)) == 1
        first_holder = _holder(db)
    assert _workers(db) == [] and _holder(db) is None  # released on shutdown

    holder_stack = contextlib.AsyncExitStack()
    await holder_stack.enter_async_context(embedded_jobs(_process(db)))
    await _until(lambda: len(_workers(db)) == 1)
    leaving = _holder(db)
    async with embedded_jobs(_process(db)):
        await asyncio.sleep(1)
        assert _holder(db) == leaving  # the holder keeps it while it lives
        await holder_stack.aclose()  # the holder stops: the other process takes over
        await _until(lambda: len(_workers(db)) == 1 and _holder(db) not in (None, leaving))
    assert first_holder is not None


async def test_a_dead_holder_is_replaced_after_the_lease_expires(db: Runtime) -> None:
    from datetime import UTC, datetime, timedelta

    with db.sessions.begin() as session:  # a holder that died without releasing
        session.add(
            LeaseRow(
                name=LEASE_NAME,
                holder="ailleurs:1:mort",
                expires_at=datetime.now(UTC) + timedelta(seconds=1),
            )
        )
    async with embedded_jobs(_process(db)):
        await asyncio.sleep(0.3)
        assert _workers(db) == []  # not before the expiry
        await _until(lambda: len(_workers(db)) == 1)
        assert _holder(db) != "ailleurs:1:mort"


async def test_a_holder_dead_on_this_host_is_replaced_at_once(db: Runtime) -> None:
    import subprocess
    import sys
    from datetime import UTC, datetime, timedelta

    from agents_metiers.services.jobs.bail import process_identity

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True)  # fmt: skip
    host = process_identity().split(":")[0]
    dead = f"{host}:{gone.stdout.strip()}:mort"
    with db.sessions.begin() as session:
        session.add(
            LeaseRow(
                name=LEASE_NAME, holder=dead, expires_at=datetime.now(UTC) + timedelta(hours=1)
            )
        )
    async with embedded_jobs(_process(db)):
        await _until(lambda: len(_workers(db)) == 1, seconds=5)  # long before the expiry
        assert _holder(db) != dead
