"""Batch work as persisted jobs (PRODUCT.md §11): one ``jobs`` row, one ``job_items`` row per fiche.

A job is created with its list of fiches; workers claim items, run the job kind's per-fiche
coroutine and record its result or error. Progress is counted from the items, so a job's state
is always what the database says. Cancelling stops items not yet started; a worker that dies
leaves ``running`` items that another worker (or the same one restarted) takes back: each kind
writes a fiche in one short transaction, so an item is either fully applied or not at all, and
a taken-back item runs again from the start.

Who runs the items is ``services.job_workers`` (embedded: inside the app or ``agents-metiers
worker``) or ``services.job_queue`` (procrastinate on PostgreSQL, for several machines).
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.errors import (
    AgentsMetiersError,
    InvalidInputError,
    NotFoundError,
    ServiceUnavailableError,
)
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.audit import record_event
from agents_metiers.services.fiches.lecture import check_code_rome
from agents_metiers.services.fiches.revue_lot import relire_fiche, selectionner
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.ia.lots import DemandeEnLot, client_lots, en_lot, mode_lot
from agents_metiers.services.indisponible import IA
from agents_metiers.storage.tables import FicheRow, JobItemRow, JobRow

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

ItemFunction = Callable[["Runtime", str, Auteur, dict[str, Any]], Awaitable[dict[str, Any]]]
Finalizer = Callable[["Runtime", JobRow], Awaitable[dict[str, Any] | None]]


class JobStatut(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINALIZING = "finalizing"  # every item ended; the finalizer's result is being stored
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ItemStatut(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    WAITING = "waiting"  # on a provider batch (JOBS_AI_MODE=batch): never reclaimed as stale
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


# The single item of a job on the whole referential (``par_fiche=False``), not a fiche.
ITEM_REFERENTIEL = "ROME"
ACTIVE = (JobStatut.QUEUED, JobStatut.RUNNING)
# Not yet ended: a job with a finalizer stays ``finalizing`` while its result is assembled.
EN_COURS = (JobStatut.QUEUED, JobStatut.RUNNING, JobStatut.FINALIZING)
ABANDONED = (
    "Abandonnée après {n} tentatives : le processus qui la traitait s'est arrêté à chaque fois."
)
FINISHED_ITEMS = (ItemStatut.DONE, ItemStatut.FAILED, ItemStatut.CANCELLED)
UNFINISHED_ITEMS = (ItemStatut.PENDING, ItemStatut.RUNNING, ItemStatut.WAITING)
SANS_FINALISATION = (
    "Le résultat final de la tâche (l'archive) n'a pas été assemblé : son dernier élément a été "
    "abandonné par un worker arrêté. Relancez la tâche."
)
FINALISATION_ABANDONNEE = (
    "Résultat final (l'archive) abandonné après {n} tentatives : le processus qui l'assemblait "
    "s'est arrêté à chaque fois. Relancez la tâche."
)
REPRISE_EN_ECHEC = (
    "Le résultat final (l'archive) n'a pas pu être assemblé à la reprise, après l'arrêt du "
    "worker qui l'assemblait : {raison}"
)


@dataclass(frozen=True)
class JobKind:
    """What a job type does for one fiche, who may start it and what it needs."""

    name: str
    label: str
    permission: Permission
    function: str | ItemFunction  # "module:function", imported when the first item runs
    requires: str | None = None  # "llm" or "marche": checked when the job is created
    finalizer: str | None = None
    # "module:function(params, par_codes=, auteur=) -> params": checks the params and the
    # author's rights when the job is created (None: params are stored as given).
    preparer: str | None = None
    # False for a job on the whole referential (veille-rome), queued by its own route.
    par_fiche: bool = True

    def resolve(self) -> ItemFunction:
        if callable(self.function):
            return self.function
        function: ItemFunction = _import(self.function)
        return function

    def resolve_finalizer(self) -> Finalizer | None:
        finalizer: Finalizer | None = _import(self.finalizer) if self.finalizer else None
        return finalizer


def _import(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


KINDS: dict[str, JobKind] = {
    kind.name: kind
    for kind in (
        JobKind(
            "enrich",
            "Enrichissement IA",
            Permission.ENRICHIR,
            "agents_metiers.services.ia.actions:enrichir",
            requires="llm",
        ),
        JobKind(
            "validate",
            "Validation IA",
            Permission.VALIDER,
            "agents_metiers.services.ia.actions:valider",
            requires="llm",
        ),
        JobKind(
            "variants",
            "Génération de variantes",
            Permission.ENRICHIR,
            "agents_metiers.services.variantes.generation:generer_variantes",
            requires="llm",
        ),
        JobKind(
            "publish",
            "Publication",
            Permission.PUBLIER,
            "agents_metiers.services.jobs.lifecycle:publier_item",
        ),
        JobKind(
            "review",
            "Relecture en lot",
            Permission.RELIRE,
            "agents_metiers.services.jobs.lifecycle:relire_item",
            preparer="agents_metiers.services.fiches.revue_lot:preparer_params",
        ),
        JobKind(
            "veille-marche",
            "Veille métiers et salaires",
            Permission.OPERER,
            "agents_metiers.services.marche.veille:veiller_fiche",
            requires="marche",
        ),
        JobKind(
            "veille-rome",
            "Veille ROME",
            Permission.OPERER,
            "agents_metiers.services.veille.lancement:veiller_rome",
            par_fiche=False,
        ),
        JobKind(
            "export-pdf",
            "Export PDF (ZIP)",
            Permission.EXPORTER,
            "agents_metiers.services.exports_pdf:exporter_item",
            finalizer="agents_metiers.services.exports_pdf:assembler_zip",
        ),
    )
}


class JobCreate(BaseModel):
    """Body of ``POST /api/jobs``: the fiches by code, or every fiche of one status and/or
    one domaine."""

    model_config = {"extra": "forbid"}

    type: str = Field(max_length=50)
    codes: list[str] | None = Field(default=None, max_length=5000)
    statut: str | None = Field(default=None, max_length=20)
    domaine: str | None = Field(
        default=None,
        max_length=3,
        description="grand domaine (M) ou domaine professionnel (M18) des fiches à traiter",
    )
    params: dict[str, Any] = Field(default_factory=dict)


class JobItemOut(BaseModel):
    code_rome: str
    statut: str
    result: dict[str, Any] | None = None
    error: str | None = None
    attempts: int
    started_at: datetime | None = None
    finished_at: datetime | None = None


class JobOut(BaseModel):
    id: str
    type: str
    label: str
    statut: str
    total: int
    done: int
    failed: int
    cancelled: int
    running: int
    pending: int
    waiting: int = Field(default=0, description="fiches en attente d'un lot du fournisseur d'IA")
    progress: float = Field(description="part des fiches terminées, de 0 à 1")
    cancel_requested: bool
    params: dict[str, Any]
    auteur: str | None
    resultat: dict[str, Any] | None
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    items: list[JobItemOut] | None = None


class JobPage(BaseModel):
    total: int
    jobs: list[JobOut]


def now_utc() -> datetime:
    return datetime.now(UTC)


def kind_of(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError:
        raise InvalidInputError(
            f"Type de tâche inconnu : « {name} ». Types possibles : {', '.join(KINDS)}."
        ) from None


def check_requirements(runtime: Runtime, kind: JobKind) -> None:
    """503 before anything is queued when the kind needs an engine this installation lacks."""
    if kind.requires == "llm" and getattr(runtime, "llm", None) is None:
        raise ServiceUnavailableError(IA)
    if en_lot(runtime.settings, kind.name):
        client_lots(runtime.llm)
    if kind.requires == "marche":
        from agents_metiers.services.marche.sources import marche_de  # noqa: PLC0415
        from agents_metiers.sources.offres import OFFRES  # noqa: PLC0415

        if not marche_de(runtime).configure(OFFRES):
            raise ServiceUnavailableError(
                "Veille métiers et salaires indisponible : France Travail n'est pas configuré "
                "(FRANCE_TRAVAIL_CLIENT_ID / FRANCE_TRAVAIL_CLIENT_SECRET)."
            )


def _codes_for(session: Session, body: JobCreate, limit: int) -> list[str]:
    par_criteres = body.statut is not None or body.domaine is not None
    if (body.codes is None) != par_criteres:
        raise InvalidInputError(
            "Indiquez soit « codes » (liste de codes ROME), soit « statut » et/ou « domaine »."
        )
    if body.codes is not None:
        codes = list(dict.fromkeys(check_code_rome(code) for code in body.codes))
        if not codes:
            raise InvalidInputError("La liste « codes » est vide.")
        found = set(
            session.scalars(select(FicheRow.code_rome).where(FicheRow.code_rome.in_(codes)))
        )
        missing = [code for code in codes if code not in found]
        if missing:
            raise NotFoundError(f"Fiches introuvables : {', '.join(missing[:10])}.")
    else:
        codes = selectionner(session, statut=body.statut, domaine=body.domaine)
        if not codes:
            criteres = " et ".join(
                [f"au statut « {body.statut} »"] * (body.statut is not None)
                + [f"du domaine « {body.domaine} »"] * (body.domaine is not None)
            )
            raise InvalidInputError(f"Aucune fiche {criteres} : rien à traiter.")
    if len(codes) > limit:
        raise InvalidInputError(
            f"Trop de fiches pour une tâche : {len(codes)} (au plus {limit}, JOBS_MAX_ITEMS)."
        )
    return codes


def creer_job(runtime: Runtime, session: Session, body: JobCreate, auteur: Auteur) -> JobRow:
    """Check the request, then queue one job with one pending item per fiche."""
    kind = kind_of(body.type)
    if not kind.par_fiche:
        raise InvalidInputError(
            f"Une tâche « {kind.label} » ne porte pas sur des fiches : lancez-la par sa propre "
            "commande (POST /api/veille/rome ou « agents-metiers veille-rome »)."
        )
    auteur.exiger(kind.permission)
    check_requirements(runtime, kind)
    params = body.params
    if kind.preparer:
        params = _import(kind.preparer)(params, par_codes=body.codes is not None, auteur=auteur)
    codes = _codes_for(session, body, runtime.settings.jobs_max_items)
    return _enregistrer(
        session,
        kind,
        auteur,
        codes=codes,
        params=params,
        description=f"Tâche « {kind.label} » créée pour {len(codes)} "
        + ("fiche." if len(codes) < 2 else "fiches."),
    )


def creer_job_referentiel(
    runtime: Runtime,
    session: Session,
    type_: str,
    auteur: Auteur,
    *,
    params: dict[str, Any],
    description: str,
    donnees: dict[str, Any] | None = None,
) -> JobRow:
    """Queue a job of a kind on the whole referential (``par_fiche=False``, e.g.
    ``veille-rome``): one item, ``ITEM_REFERENTIEL``. Its own route checked ``params``; the
    author's permission and the kind's requirements are checked here, as for ``creer_job``.
    ``description`` and ``donnees`` go into the ``job.cree`` audit event."""
    kind = kind_of(type_)
    if kind.par_fiche:
        raise InvalidInputError(
            f"Une tâche « {kind.label} » porte sur des fiches : créez-la avec POST /api/jobs."
        )
    auteur.exiger(kind.permission)
    check_requirements(runtime, kind)
    return _enregistrer(
        session,
        kind,
        auteur,
        codes=[ITEM_REFERENTIEL],
        params=params,
        description=description,
        donnees=donnees,
    )


def _enregistrer(
    session: Session,
    kind: JobKind,
    auteur: Auteur,
    *,
    codes: Sequence[str],
    params: dict[str, Any],
    description: str,
    donnees: dict[str, Any] | None = None,
) -> JobRow:
    """The one place a job is written: its row, one pending item per code, the ``job.cree``
    audit event, in one transaction (committed). The caller checked everything."""
    job = JobRow(
        id=str(uuid.uuid4()),
        type=kind.name,
        statut=JobStatut.QUEUED,
        params=params,
        total=len(codes),
        created_by=auteur.user_id,
        cancel_requested=False,
        created_at=now_utc(),
        auteur={
            "nom": auteur.nom,
            "acteur": auteur.acteur,
            "user_id": auteur.user_id,
            "role": auteur.role.value if auteur.role else None,
        },
    )
    session.add(job)
    session.flush()
    session.add_all(
        JobItemRow(
            job_id=job.id, position=index, code_rome=code, statut=ItemStatut.PENDING, attempts=0
        )
        for index, code in enumerate(codes)
    )
    record_event(
        session,
        type_evenement="job.cree",
        **auteur.signature(),
        description=description,
        donnees_apres={"job_id": job.id, "type": kind.name, "total": len(codes), **(donnees or {})},
    )
    session.commit()
    return job


def auteur_of(job: JobRow) -> Auteur:
    data = job.auteur or {}
    role = data.get("role")
    return Auteur(
        nom=str(data.get("nom") or "systeme"),
        acteur=str(data.get("acteur") or "systeme"),
        user_id=data.get("user_id"),
        role=Role(role) if role else None,
    )


def get_job(session: Session, job_id: str) -> JobRow:
    job = session.get(JobRow, job_id) if len(job_id) <= 36 else None
    if job is None:
        raise NotFoundError(f"Tâche introuvable : « {job_id} ».")
    return job


def _counts(session: Session, job_ids: Sequence[str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {job_id: {} for job_id in job_ids}
    if not job_ids:
        return counts
    rows = session.execute(
        select(JobItemRow.job_id, JobItemRow.statut, func.count())
        .where(JobItemRow.job_id.in_(job_ids))
        .group_by(JobItemRow.job_id, JobItemRow.statut)
    )
    for job_id, statut, count in rows:
        counts[job_id][statut] = count
    return counts


def _out(job: JobRow, counts: dict[str, int], items: list[JobItemRow] | None) -> JobOut:
    finished = sum(counts.get(statut, 0) for statut in FINISHED_ITEMS)
    return JobOut(
        id=job.id,
        type=job.type,
        label=KINDS[job.type].label if job.type in KINDS else job.type,
        statut=job.statut,
        total=job.total,
        done=counts.get(ItemStatut.DONE, 0),
        failed=counts.get(ItemStatut.FAILED, 0),
        cancelled=counts.get(ItemStatut.CANCELLED, 0),
        running=counts.get(ItemStatut.RUNNING, 0),
        pending=counts.get(ItemStatut.PENDING, 0),
        waiting=counts.get(ItemStatut.WAITING, 0),
        progress=round(finished / job.total, 4) if job.total else 1.0,
        cancel_requested=job.cancel_requested,
        params=job.params,
        auteur=(job.auteur or {}).get("nom"),
        resultat=job.resultat,
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        items=None
        if items is None
        else [
            JobItemOut(
                code_rome=item.code_rome,
                statut=item.statut,
                result=item.result,
                error=item.error,
                attempts=item.attempts,
                started_at=item.started_at,
                finished_at=item.finished_at,
            )
            for item in items
        ],
    )


def job_detail(session: Session, job_id: str, *, with_items: bool = True) -> JobOut:
    job = get_job(session, job_id)
    items = (
        list(
            session.scalars(
                select(JobItemRow).where(JobItemRow.job_id == job.id).order_by(JobItemRow.position)
            )
        )
        if with_items
        else None
    )
    return _out(job, _counts(session, [job.id])[job.id], items)


def list_jobs(
    session: Session, *, limit: int = 20, offset: int = 0, statut: str | None = None
) -> JobPage:
    query = select(JobRow)
    total_query = select(func.count()).select_from(JobRow)
    if statut is not None:
        if statut not in set(JobStatut):
            raise InvalidInputError(
                f"Statut de tâche inconnu : « {statut} ». "
                f"Statuts possibles : {', '.join(JobStatut)}."
            )
        query = query.where(JobRow.statut == statut)
        total_query = total_query.where(JobRow.statut == statut)
    jobs = list(
        session.scalars(
            query.order_by(JobRow.created_at.desc(), JobRow.id).limit(limit).offset(offset)
        )
    )
    counts = _counts(session, [job.id for job in jobs])
    return JobPage(
        total=session.scalar(total_query) or 0,
        jobs=[_out(job, counts[job.id], None) for job in jobs],
    )


def annuler(session: Session, job_id: str, auteur: Auteur) -> JobOut:
    """Stop a job: items not started (or waiting on a provider batch) are cancelled, items
    running finish."""
    job = get_job(session, job_id)
    if auteur.user_id != job.created_by:
        auteur.exiger(Permission.OPERER)
    if job.statut in ACTIVE:
        session.refresh(job, with_for_update=True)
        job.cancel_requested = True
        session.execute(
            update(JobItemRow)
            .where(
                JobItemRow.job_id == job.id,
                JobItemRow.statut.in_((ItemStatut.PENDING, ItemStatut.WAITING)),
            )
            .values(statut=ItemStatut.CANCELLED, finished_at=now_utc())
        )
        record_event(
            session,
            type_evenement="job.annule",
            **auteur.signature(),
            description=f"Tâche « {KINDS[job.type].label} » annulée.",
            donnees_apres={"job_id": job.id},
        )
        session.flush()
        close_if_finished(session, job)
        session.commit()
    return job_detail(session, job.id)


def close_if_finished(
    session: Session, job: JobRow, *, finalize: bool = False, worker: str | None = None
) -> bool:
    """Mark the job finished when no item is pending or running; True when it just closed.

    ``finalize`` (the kind has a finalizer, whose caller ``worker`` runs it next): the job goes
    to ``finalizing`` with ``worker`` recorded as its finalizer (taken over by another worker
    if that one dies, ``services.jobs.workers``), and ``_finalize`` makes it ``done`` in the
    transaction that stores the result, so that nobody sees a ``done`` job without its result.
    A job of such a kind closed without its finalizer (a worker's items taken over) is
    ``failed``, saying why.
    """
    unfinished = session.scalar(
        select(func.count())
        .select_from(JobItemRow)
        .where(
            JobItemRow.job_id == job.id,
            JobItemRow.statut.in_(UNFINISHED_ITEMS),
        )
    )
    if unfinished:
        return False
    statut = JobStatut.CANCELLED if job.cancel_requested else JobStatut.DONE
    values: dict[str, Any] = {}
    if finalize:
        statut = JobStatut.FINALIZING
        values = {"finalizer_worker": worker, "finalizer_attempts": 1}
    elif statut is JobStatut.DONE and _has_finalizer(job):
        statut, values = JobStatut.FAILED, {"error": SANS_FINALISATION}
    closed = session.execute(
        update(JobRow)
        .where(JobRow.id == job.id, JobRow.statut.in_(ACTIVE))
        .values(statut=statut, finished_at=now_utc(), **values)
    )
    return bool(closed.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Claimed:
    kind: JobKind
    auteur: Auteur
    code: str
    params: dict[str, Any]
    cancelled: bool
    attente: dict[str, Any] | None  # the provider-batch request and answer (JOBS_AI_MODE)


def _load_item(runtime: Runtime, item_id: int) -> _Claimed | None:
    with runtime.sessions() as session:
        item = session.get(JobItemRow, item_id)
        if item is None or item.statut != ItemStatut.RUNNING:
            return None
        job = session.get_one(JobRow, item.job_id)
        return _Claimed(
            kind=KINDS[job.type],
            auteur=auteur_of(job),
            code=item.code_rome,
            params={**job.params, "job_id": job.id},
            cancelled=job.cancel_requested,
            attente=item.result if item.result and "empreinte" in item.result else None,
        )


async def executer_item(runtime: Runtime, item_id: int) -> None:
    """Run one claimed item to its end: result or error recorded, job closed when last.

    The database work runs in threads, so that the event loop only waits on the slow calls
    (AI provider, sources) of the items in flight.
    """
    claimed = await asyncio.to_thread(_load_item, runtime, item_id)
    if claimed is None:
        return
    result: dict[str, Any] | None = None
    error: str | None = None
    statut = ItemStatut.CANCELLED if claimed.cancelled else ItemStatut.DONE
    if not claimed.cancelled:
        try:
            with mode_lot(runtime.settings, claimed.kind.name, claimed.code, claimed.attente):
                result = await claimed.kind.resolve()(
                    runtime, claimed.code, claimed.auteur, claimed.params
                )
        except DemandeEnLot as demande:  # waits on a provider batch (services/jobs/lots)
            statut, result = ItemStatut.WAITING, demande.en_attente()
        except Exception as exc:  # any failure is this item's result
            statut, error = ItemStatut.FAILED, _sentence(exc)
    await finish_item(runtime, item_id, statut=statut, result=result, error=error)


def _sentence(exc: Exception) -> str:
    if isinstance(exc, AgentsMetiersError):
        return exc.message
    return f"Erreur inattendue ({type(exc).__name__}) : {str(exc)[:300]}"


async def finish_item(
    runtime: Runtime,
    item_id: int,
    *,
    statut: ItemStatut,
    result: dict[str, Any] | None,
    error: str | None,
) -> None:
    closed_job = await asyncio.to_thread(
        _record_item, runtime, item_id, statut=statut, result=result, error=error
    )
    finalizer = (
        KINDS[closed_job.type].resolve_finalizer()
        if closed_job is not None and closed_job.type in KINDS
        else None
    )
    if closed_job is not None and finalizer is not None:
        await _finalize(runtime, closed_job.id, finalizer, worker=closed_job.finalizer_worker)


def _has_finalizer(job: JobRow) -> bool:
    return job.type in KINDS and KINDS[job.type].finalizer is not None


def _record_item(
    runtime: Runtime,
    item_id: int,
    *,
    statut: ItemStatut,
    result: dict[str, Any] | None,
    error: str | None,
) -> JobRow | None:
    """Store the item's end; the job when this item was its last one, else None."""
    with runtime.sessions() as session:
        item = session.get_one(JobItemRow, item_id)
        # The job row is locked first (PostgreSQL), so that of two items ending at once the
        # second one counts the first as finished and exactly one of them closes the job.
        job = session.get_one(JobRow, item.job_id, with_for_update=True)
        item.statut = statut
        item.result = result
        item.error = error
        item.finished_at = now_utc()
        session.flush()
        closed = close_if_finished(session, job, finalize=_has_finalizer(job), worker=item.worker)
        session.commit()
        if closed:
            session.refresh(job)
        return job if closed else None


def _tenu_par(worker: str | None) -> ColumnElement[bool]:
    """The job's final step is held by ``worker`` (None: by nobody recorded)."""
    if worker is None:
        return JobRow.finalizer_worker.is_(None)
    return JobRow.finalizer_worker == worker


async def _finalize(
    runtime: Runtime,
    job_id: str,
    finalizer: Finalizer,
    *,
    worker: str | None,
    reprise: bool = False,
) -> None:
    """Run the finalizer of a ``finalizing`` job held by ``worker``; its result and the final
    status are stored in one transaction, only while ``worker`` still holds the job (a worker
    declared dead meanwhile has been replaced: its late result is dropped).

    ``reprise``: ``worker`` took the step over from a dead one (``reprendre_finalisation``); a
    failure then says so.
    """
    with runtime.sessions() as session:
        job = session.get_one(JobRow, job_id)
        session.expunge(job)
    values: dict[str, Any]
    try:
        resultat = await finalizer(runtime, job)
    except Exception as exc:  # reported on the job
        raison = _sentence(exc)
        error = REPRISE_EN_ECHEC.format(raison=raison) if reprise else raison
        values = {"statut": JobStatut.FAILED, "error": error}
    else:
        statut = JobStatut.CANCELLED if job.cancel_requested else JobStatut.DONE
        values = {"statut": statut, "resultat": resultat}
    with runtime.sessions() as session:
        session.execute(
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.statut == JobStatut.FINALIZING, _tenu_par(worker))
            .values(**values, finished_at=now_utc())
        )
        session.commit()


def reprendre_finalisation(
    session: Session, job: JobRow, *, worker: str, max_attempts: int
) -> bool:
    """Take over the final step of a ``finalizing`` job whose finalizer is gone (the caller
    decided so); True when ``worker`` now holds it and must run it (``finaliser_repris``).

    The take-over is one compare-and-set on the recorded finalizer, so that of two workers
    taking over at once exactly one wins. A job whose final step was already started
    ``max_attempts`` times is ``failed`` instead, with a sentence. The caller commits.
    """
    previous = job.finalizer_worker
    still = (JobRow.id == job.id, JobRow.statut == JobStatut.FINALIZING, _tenu_par(previous))
    if job.finalizer_attempts >= max_attempts:
        session.execute(
            update(JobRow)
            .where(*still)
            .values(
                statut=JobStatut.FAILED,
                error=FINALISATION_ABANDONNEE.format(n=job.finalizer_attempts),
                finished_at=now_utc(),
            )
            .execution_options(synchronize_session=False)
        )
        return False
    taken = session.execute(
        update(JobRow)
        .where(*still)
        .values(finalizer_worker=worker, finalizer_attempts=JobRow.finalizer_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return bool(taken.rowcount)  # type: ignore[attr-defined]


async def finaliser_repris(runtime: Runtime, job_id: str, *, worker: str) -> None:
    """Run again the final step of a job taken over by ``worker`` (``reprendre_finalisation``).

    Finalizers are written to be run again (the PDF export rebuilds its ZIP from the rendered
    files, or finds the ZIP already built).
    """
    with runtime.sessions() as session:
        job_type = session.get_one(JobRow, job_id).type
    finalizer = KINDS[job_type].resolve_finalizer() if job_type in KINDS else None
    if finalizer is None:  # a kind no longer known here: nothing can assemble its result
        with runtime.sessions() as session:
            session.execute(
                update(JobRow)
                .where(
                    JobRow.id == job_id,
                    JobRow.statut == JobStatut.FINALIZING,
                    JobRow.finalizer_worker == worker,
                )
                .values(
                    statut=JobStatut.FAILED,
                    error=REPRISE_EN_ECHEC.format(
                        raison=f"type de tâche « {job_type} » inconnu de ce worker."
                    ),
                    finished_at=now_utc(),
                )
            )
            session.commit()
        return
    await _finalize(runtime, job_id, finalizer, worker=worker, reprise=True)


async def publier_item(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Job kind ``publish``: publish one fiche in its own transaction."""
    with runtime.sessions() as session:
        result = transitionner(
            session,
            code,
            Action.PUBLIER,
            auteur,
            motif=str(params.get("motif") or "Publication en lot (tâche)"),
        )
    return {"statut": result.nouveau_statut, "version": result.version}


async def relire_item(
    runtime: Runtime, code: str, auteur: Auteur, params: dict[str, Any]
) -> dict[str, Any]:
    """Job kind ``review``: a reviewer validates (and publishes) one fiche, in its own
    transaction (``services.fiches.revue_lot``)."""

    def relire() -> dict[str, Any]:
        with runtime.sessions() as session:
            motif = params.get("motif") or f"Relecture en lot (tâche {params['job_id']})"
            return relire_fiche(session, code, auteur, {**params, "motif": motif})

    return await asyncio.to_thread(relire)
