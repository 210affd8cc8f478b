"""Batch jobs (PRODUCT.md §11): create, follow, cancel; the ZIP of a PDF export job."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import NotFoundError
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.jobs.lifecycle import (
    JobCreate,
    JobOut,
    JobPage,
    annuler,
    creer_job,
    get_job,
    job_detail,
    list_jobs,
)
from agents_metiers.services.jobs.queue import dispatch
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.deps import SessionDep, get_runtime
from agents_metiers.web.security import require, write_rate_limit

router = APIRouter(prefix="/api/jobs", tags=["jobs"])
Reader = Annotated[Principal, Depends(require(Permission.LIRE_BROUILLONS))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.post("", status_code=202, dependencies=[Depends(write_rate_limit)])
async def create(
    body: JobCreate, request: Request, session: SessionDep, runtime: RuntimeDep, principal: Reader
) -> JobOut:
    """Queue a batch (enrich, validate, variants, publish, veille-marche, export-pdf)."""
    job = creer_job(runtime, session, body, principal.auteur)
    await dispatch(runtime, job.id, worker=getattr(request.app.state, "job_worker", None))
    return job_detail(session, job.id, with_items=False)


@router.get("")
def index(
    session: SessionDep,
    _principal: Reader,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    statut: Annotated[str | None, Query(max_length=20)] = None,
) -> JobPage:
    """Recent jobs, newest first, with their counts."""
    return list_jobs(session, limit=limit, offset=offset, statut=statut)


@router.get("/{job_id}")
def detail(job_id: str, session: SessionDep, _principal: Reader) -> JobOut:
    """One job with the result or error of each fiche."""
    return job_detail(session, job_id)


@router.post("/{job_id}/cancel", dependencies=[Depends(write_rate_limit)])
def cancel(job_id: str, session: SessionDep, principal: Reader) -> JobOut:
    """Stop a job: fiches not started are cancelled; those in progress finish."""
    return annuler(session, job_id, principal.auteur)


@router.get("/{job_id}/artefact", response_class=FileResponse)
def artefact(job_id: str, session: SessionDep, runtime: RuntimeDep, _p: Reader) -> FileResponse:
    """The file a finished job produced (the ZIP of a PDF export)."""
    job = get_job(session, job_id)
    name = (job.resultat or {}).get("fichier")
    path = runtime.settings.data_dir / "exports" / str(name) if name else None
    if path is None or not Path(path).is_file():
        raise NotFoundError("Cette tâche n'a pas produit de fichier (ou il a été supprimé).")
    return FileResponse(path, media_type="application/zip", filename=str(name))
