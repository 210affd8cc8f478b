"""Provider batches of the job items waiting on them (``JOBS_AI_MODE=batch``).

The embedded worker calls :func:`avancer_lots` every ``JOBS_BATCH_POLL_SECONDS``:

- **submit**: once every item of a job has been collected (none pending or running), its
  waiting items without a batch go to the provider as one Message Batch (``custom_id`` =
  the item id); the batch id is kept on each item. A refused submission fails those items
  with a sentence.
- **poll**: each batch holding waiting items is retrieved; once it has ended, its results are
  read and each item goes back to ``pending`` with its answer, to be replayed through the
  direct code path (``services/ia/lots``). An item the results do not mention fails.

Waiting items are not held by a worker: a stale or dead worker never causes them to be taken
back, and any worker of the installation can poll and replay them — a batch may take hours.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from anthropic import APIError, AsyncAnthropic
from sqlalchemy import select, update

from agents_metiers.services.ia.lots import client_lots
from agents_metiers.services.jobs.lifecycle import ItemStatut, close_if_finished, now_utc
from agents_metiers.storage.tables import JobItemRow, JobRow

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

log = logging.getLogger(__name__)
PREFIXE = "item-"


def _attente(runtime: Runtime, job_id: str | None = None) -> list[JobItemRow]:
    with runtime.sessions() as session:
        query = select(JobItemRow).where(JobItemRow.statut == ItemStatut.WAITING)
        if job_id is not None:
            query = query.where(JobItemRow.job_id == job_id)
        items = list(session.scalars(query.order_by(JobItemRow.id)))
        session.expunge_all()
        return items


def _jobs_collectes(runtime: Runtime, job_ids: set[str]) -> set[str]:
    """Jobs of ``job_ids`` with no item left pending or running (collection finished)."""
    with runtime.sessions() as session:
        occupes = set(
            session.scalars(
                select(JobItemRow.job_id).where(
                    JobItemRow.job_id.in_(job_ids),
                    JobItemRow.statut.in_((ItemStatut.PENDING, ItemStatut.RUNNING)),
                )
            )
        )
    return job_ids - occupes


def _terminer(runtime: Runtime, ids: list[int], *, error: str) -> None:
    with runtime.sessions() as session:
        session.execute(
            update(JobItemRow)
            .where(JobItemRow.id.in_(ids), JobItemRow.statut == ItemStatut.WAITING)
            .values(statut=ItemStatut.FAILED, error=error, finished_at=now_utc())
        )
        jobs = session.scalars(
            select(JobRow)
            .join(JobItemRow, JobItemRow.job_id == JobRow.id)
            .where(JobItemRow.id.in_(ids))
        )
        for job in set(jobs):
            close_if_finished(session, job)
        session.commit()


def _noter_lot(runtime: Runtime, items: list[JobItemRow], lot_id: str) -> None:
    with runtime.sessions() as session:
        for item in items:
            session.execute(
                update(JobItemRow)
                .where(JobItemRow.id == item.id, JobItemRow.statut == ItemStatut.WAITING)
                .values(result={**(item.result or {}), "lot": lot_id})
            )
        session.commit()


async def _soumettre(runtime: Runtime, client: AsyncAnthropic, items: list[JobItemRow]) -> None:
    requetes: Any = [
        {"custom_id": f"{PREFIXE}{item.id}", "params": (item.result or {})["requete"]}
        for item in items
    ]
    try:
        lot = await client.messages.batches.create(requests=requetes)
    except APIError as exc:
        log.warning("Envoi d'un lot refusé : %s", exc)
        _terminer(
            runtime,
            [i.id for i in items],
            error=(
                f"Le fournisseur d'IA a refusé le lot ({type(exc).__name__}) : "
                "la fiche n'a pas été modifiée."
            ),
        )
        return
    _noter_lot(runtime, items, lot.id)


def _rendre(runtime: Runtime, items: dict[int, JobItemRow], reponses: dict[int, Any]) -> None:
    """Waiting items with an answer go back to ``pending`` (answer kept), for a replay."""
    with runtime.sessions() as session:
        for ident, reponse in reponses.items():
            session.execute(
                update(JobItemRow)
                .where(JobItemRow.id == ident, JobItemRow.statut == ItemStatut.WAITING)
                .values(
                    statut=ItemStatut.PENDING,
                    worker=None,
                    result={**(items[ident].result or {}), "reponse": reponse},
                )
            )
        session.commit()


async def _relever(
    runtime: Runtime, client: AsyncAnthropic, lot_id: str, items: dict[int, JobItemRow]
) -> None:
    lot = await client.messages.batches.retrieve(lot_id)
    if lot.processing_status != "ended":
        return
    reponses: dict[int, Any] = {}
    async for entree in await client.messages.batches.results(lot_id):
        ident = int(entree.custom_id.removeprefix(PREFIXE))
        if ident in items:
            reponses[ident] = entree.result.model_dump(mode="json")
    _rendre(runtime, items, reponses)
    if absents := [i for i in items if i not in reponses]:
        _terminer(runtime, absents, error="Le lot du fournisseur d'IA ne contient pas cette fiche.")


async def avancer_lots(runtime: Runtime) -> None:
    """Submit the collected items of each job, then poll the batches they wait on."""
    attente = _attente(runtime)
    if not attente:
        return
    client = client_lots(runtime.llm)
    a_soumettre: dict[str, list[JobItemRow]] = defaultdict(list)
    par_lot: dict[str, dict[int, JobItemRow]] = defaultdict(dict)
    for item in attente:
        lot_id = (item.result or {}).get("lot")
        if lot_id:
            par_lot[str(lot_id)][item.id] = item
        else:
            a_soumettre[item.job_id].append(item)
    for job_id in _jobs_collectes(runtime, set(a_soumettre)):
        # Read again: an item may have finished collecting since the first read.
        nouveaux = [i for i in _attente(runtime, job_id) if not (i.result or {}).get("lot")]
        if nouveaux:
            await _soumettre(runtime, client, nouveaux)
    for lot_id, items in par_lot.items():
        try:
            await _relever(runtime, client, lot_id, items)
        except APIError as exc:  # tried again at the next poll
            log.warning("Lot %s illisible pour l'instant : %s", lot_id, exc)
