"""The database lease that elects, among every process of an installation, the one that runs
the job worker and the scheduler (docs/deploy.md).

Each contender tries to take the lease every third of ``JOBS_LEASE_SECONDS``; the holder renews
it at that pace. When the holder stops, it releases the lease at once; when it dies, another
process takes over at once if the holder ran on the same host (its pid is gone), else when the
lease expires after ``JOBS_LEASE_SECONDS``. So ``JOBS_CONCURRENCY`` is
a total for the installation, not a figure per process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from agents_metiers.storage.leases import (
    lease_holder,
    release_lease,
    take_lease,
    take_over_lease,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from agents_metiers.services.runtime import Runtime

log = logging.getLogger(__name__)

LEASE_NAME = "travaux"
"""One lease for both roles: the job worker and the scheduler always run in the same process."""

Roles = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
"""What the holder runs until the event is set."""


def process_identity() -> str:
    """``host:pid:random``: unique per process, readable in the ``leases`` table."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _dead_here(holder: str) -> bool:
    """Whether ``holder`` (``host:pid:…``) was a process of this host that no longer exists."""
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:60] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Bail:
    """One process's side of the lease ``name``."""

    def __init__(self, runtime: Runtime, *, name: str = LEASE_NAME, holder: str | None = None):
        self.runtime = runtime
        self.name = name
        self.holder = holder or process_identity()

    @property
    def ttl(self) -> float:
        return self.runtime.settings.jobs_lease_seconds

    def prendre(self) -> bool:
        """Take or renew the lease (committed); False when another live process holds it."""
        now = datetime.now(UTC)
        with self.runtime.sessions() as session:
            held = take_lease(
                session=session, name=self.name, holder=self.holder, ttl_seconds=self.ttl, now=now
            ) or self._reprendre(session, now)
            session.commit()
        return held

    def _reprendre(self, session: Session, now: datetime) -> bool:
        """Take the lease at once from a holder that died on this host."""
        current = lease_holder(session=session, name=self.name, now=now)
        if current is None or not _dead_here(current):
            return False
        taken = take_over_lease(
            session=session,
            name=self.name,
            holder=self.holder,
            previous=current,
            ttl_seconds=self.ttl,
            now=now,
        )
        if taken:
            log.warning("Bail « %s » repris à %s, processus arrêté", self.name, current)
        return taken

    def rendre(self) -> None:
        """Release the lease if this process holds it."""
        with self.runtime.sessions() as session:
            release_lease(session=session, name=self.name, holder=self.holder)
            session.commit()

    def titulaire(self) -> str | None:
        with self.runtime.sessions() as session:
            return lease_holder(session=session, name=self.name, now=datetime.now(UTC))

    async def _essayer(self) -> bool:
        try:
            return await asyncio.to_thread(self.prendre)
        except Exception:  # a database hiccup: treated as "not held" until the next try
            log.exception("Bail « %s » : prise impossible", self.name)
            return False

    async def diriger(self, roles: Roles, stop: asyncio.Event) -> None:
        """Run ``roles`` while this process holds the lease, until ``stop`` is set."""
        interval = self.ttl / 3
        role_stop = asyncio.Event()
        running: asyncio.Task[None] | None = None
        try:
            while not stop.is_set():
                held = await self._essayer()
                if running is not None and (not held or running.done()):
                    role_stop.set()
                    await asyncio.gather(running, return_exceptions=True)
                    running = None
                    log.warning("Bail « %s » perdu : worker et planificateur arrêtés", self.name)
                if held and running is None:
                    role_stop = asyncio.Event()
                    running = asyncio.create_task(roles(role_stop))
                    log.info("Bail « %s » pris par %s", self.name, self.holder)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=interval)
        finally:
            role_stop.set()
            if running is not None:
                await asyncio.gather(running, return_exceptions=True)
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self.rendre)
