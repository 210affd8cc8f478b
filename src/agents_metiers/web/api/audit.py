"""The audit log (reference ``GET /api/audit-logs``, with more filters)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.fiches.audit import AuditLogPage, list_logs
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import require

router = APIRouter(prefix="/api", tags=["audit"])
Auditor = Annotated[Principal, Depends(require(Permission.VOIR_AUDIT))]


@router.get("/audit-logs")
def audit_logs(
    *,
    session: SessionDep,
    _principal: Auditor,
    limit: Annotated[int, Query(ge=1, le=200)] = 15,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    search: Annotated[str | None, Query(max_length=200)] = None,
    type_evenement: Annotated[str | None, Query(max_length=50)] = None,
    agent: Annotated[str | None, Query(max_length=255)] = None,
    acteur: Annotated[str | None, Query(max_length=10)] = None,
    code_rome: Annotated[str | None, Query(max_length=5)] = None,
    since: datetime | None = None,
) -> AuditLogPage:
    """Events newest first. ``type_evenement`` matches a dotted name or its family
    (``fiche`` → ``fiche.publiee``…); ``acteur`` is humain, ia or systeme."""
    return list_logs(
        session,
        limit=limit,
        offset=offset,
        search=search,
        type_evenement=type_evenement,
        agent=agent,
        acteur=acteur,
        code_rome=code_rome.upper() if code_rome else None,
        since=since,
    )
