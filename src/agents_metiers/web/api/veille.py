"""Veille ROME, detection side (PRODUCT.md §5.4, issue 12): run it, its status, its changes.

Review and sync routes live in ``indisponibles.py`` until their engine lands.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from agents_metiers.domain.permissions import Permission
from agents_metiers.rome.download import is_url
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.jobs.lifecycle import JobOut, job_detail
from agents_metiers.services.jobs.queue import dispatch
from agents_metiers.services.planificateur.etat import prochaine_execution
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.consultation import (
    ChangePage,
    VeilleStatus,
    lister_changements,
    statut_veille,
)
from agents_metiers.services.veille.lancement import (
    VeilleDemande,
    VeilleExecution,
    creer_tache_veille,
    executer_maintenant,
    source_veille,
)
from agents_metiers.web.deps import SessionDep, get_runtime
from agents_metiers.web.security import require, write_rate_limit

router = APIRouter(prefix="/api/veille/rome", tags=["veille"])
Operator = Annotated[Principal, Depends(require(Permission.OPERER))]
Reviewer = Annotated[Principal, Depends(require(Permission.RELIRE))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


@router.post(
    "",
    dependencies=[Depends(write_rate_limit)],
    responses={202: {"model": JobOut, "description": "Téléchargement mis en file (tâche)"}},
)
async def lancer(
    *,
    request: Request,
    response: Response,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: Operator,
    body: VeilleDemande | None = None,
) -> VeilleExecution | JobOut:
    """Run the veille on a folder or zip now, or queue it as a job when a download is needed."""
    source = source_veille(runtime.settings, body.source if body else None)
    if not is_url(source):
        return await asyncio.to_thread(executer_maintenant, runtime, source)
    job = creer_tache_veille(runtime, session, source, principal.auteur)
    await dispatch(runtime, job.id, worker=getattr(request.app.state, "job_worker", None))
    response.status_code = 202
    return job_detail(session, job.id, with_items=False)


@router.get("/status")
def status(session: SessionDep, runtime: RuntimeDep, _p: Reviewer) -> VeilleStatus:
    """Last run, last success and its counts, pending fiches, unreviewed changes, next run."""
    prochaine = prochaine_execution(runtime.settings, "veille-rome")
    return statut_veille(session=session, prochaine_execution=prochaine)


@router.get("/changes")
def changes(
    *,
    session: SessionDep,
    _p: Reviewer,
    reviewed: bool | None = None,
    code_rome: Annotated[str | None, Query(max_length=5)] = None,
    change_type: Annotated[str | None, Query(max_length=20)] = None,
    sens_modifie: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ChangePage:
    """Detected changes, newest first, filtered by review state, code, type or meaning."""
    return lister_changements(
        session=session,
        reviewed=reviewed,
        code_rome=code_rome,
        change_type=change_type,
        sens_modifie=sens_modifie,
        limit=limit,
        offset=offset,
    )
