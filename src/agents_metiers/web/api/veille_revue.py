"""Veille ROME, review and sync side (PRODUCT.md §5.4, issue 12): one change reviewed
(relecteurs and admins), the whole sync (admins)."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.jobs.queue import dispatch
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.revue import Action, ChangementOut, reviser
from agents_metiers.services.veille.sync import SyncResultat, synchroniser
from agents_metiers.web.deps import SessionDep, get_runtime
from agents_metiers.web.security import require, write_rate_limit

router = APIRouter(prefix="/api", tags=["veille"])
Operator = Annotated[Principal, Depends(require(Permission.OPERER))]
Reviewer = Annotated[Principal, Depends(require(Permission.RELIRE))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
WRITE = [Depends(write_rate_limit)]


class ReviewBody(BaseModel):
    model_config = {"extra": "forbid"}

    action: Action


class ChangementRevuOut(ChangementOut):
    """The reviewed change; ``job_id`` is the enrichment job a ``re_enrich`` queued."""

    job_id: str | None = None


@router.post("/veille/rome/changes/{change_id}/review", dependencies=WRITE)
async def review(
    *,
    change_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    body: ReviewBody,
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    principal: Reviewer,
) -> ChangementRevuOut:
    """acknowledge, apply (the detected version's ROME fields) or re_enrich (AI job)."""
    resultat = reviser(runtime, session, change_id, body.action, principal.auteur)
    if resultat.job_id is not None:
        worker = getattr(request.app.state, "job_worker", None)
        await dispatch(runtime, resultat.job_id, worker=worker)
    return ChangementRevuOut(**resultat.changement.model_dump(), job_id=resultat.job_id)


def _synchroniser(runtime: Runtime, principal: Principal) -> SyncResultat:
    with runtime.sessions() as session:
        return synchroniser(session, principal.auteur)


@router.post("/rome/sync", dependencies=WRITE)
async def sync(runtime: RuntimeDep, principal: Operator) -> SyncResultat:
    """Apply every pending change that needs no review; the detected referential becomes
    the stored one. Meaning changes and conflicts are left to reviewers."""
    return await asyncio.to_thread(_synchroniser, runtime, principal)
