"""A bounded pool of PDF renderings (issue 11, item 4).

A WeasyPrint rendering holds the laid-out document in memory (tens of MB for a fiche); left
to the web server's thread pool, a flood of PDF requests renders dozens at once and the
memory grows with them. Here at most ``PDF_WORKERS`` renderings run at a time in threads of
their own, at most ``PDF_QUEUE_MAX`` more wait, and any request beyond is refused at once with
a French sentence and ``Retry-After`` (503) instead of queueing without bound.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from agents_metiers.errors import RateLimitedError

T = TypeVar("T")
ATTENTE_CONSEILLEE_S = 5
HTML_CHAUFFE = "<!DOCTYPE html><html lang='fr'><body><h1>Préchauffage</h1><p>é</p></body></html>"


class AtelierSatureError(RateLimitedError):
    """Every rendering slot and queue place is taken (503 with Retry-After)."""

    status_code = 503


class AtelierPdf:
    """``PDF_WORKERS`` rendering threads and a queue of ``PDF_QUEUE_MAX`` places."""

    def __init__(self, *, workers: int, file_max: int) -> None:
        self.capacite = workers + file_max
        self._executeur = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pdf")
        self._verrou = threading.Lock()
        self._en_cours = 0

    @property
    def en_cours(self) -> int:
        """Renderings running or waiting."""
        return self._en_cours

    def _reserver(self) -> None:
        with self._verrou:
            if self._en_cours >= self.capacite:
                raise AtelierSatureError(
                    "Trop de PDF sont en cours de préparation : réessayez dans quelques secondes.",
                    ATTENTE_CONSEILLEE_S,
                )
            self._en_cours += 1

    def _liberer(self, _future: Future[Any]) -> None:
        with self._verrou:
            self._en_cours -= 1

    def soumettre(self, travail: Callable[[], T]) -> Future[T]:
        """Queue ``travail``; raises AtelierSatureError when the pool and its queue are full."""
        self._reserver()
        try:
            future = self._executeur.submit(travail)
        except RuntimeError:  # shut down
            self._liberer(Future())
            raise
        future.add_done_callback(self._liberer)
        return future

    async def executer(self, travail: Callable[[], T]) -> T:
        """Run ``travail`` in the pool and wait for it without blocking the event loop."""
        return await asyncio.wrap_future(self.soumettre(travail))

    def prechauffer(self, rendre: Callable[[str], bytes]) -> Future[bytes]:
        """Render a tiny document in the pool (fonts, stylesheet, layout code loaded), so
        that the first visitor does not pay for it; readiness does not wait for it."""
        return self.soumettre(lambda: rendre(HTML_CHAUFFE))

    def fermer(self) -> None:
        self._executeur.shutdown(wait=True, cancel_futures=True)
