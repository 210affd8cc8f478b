"""Revisions of a fiche: list, read one, diff two, roll back (§4)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.fiches import edition, revisions
from agents_metiers.services.fiches import lecture as fiches
from agents_metiers.services.fiches.edition import EditionResult
from agents_metiers.services.fiches.inputs import RollbackBody
from agents_metiers.services.fiches.revisions import RevisionDetail, RevisionDiff, RevisionPage
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import require, write_rate_limit

router = APIRouter(prefix="/api/fiches/{code_rome}/revisions", tags=["revisions"])
Reader = Annotated[Principal, Depends(require(Permission.LIRE_BROUILLONS))]
Editor = Annotated[Principal, Depends(require(Permission.MODIFIER))]
Numero = Annotated[int, Query(ge=1, le=1_000_000)]
NumeroPath = Annotated[int, Path(ge=1, le=1_000_000)]


@router.get("")
def list_revisions(
    code_rome: str,
    session: SessionDep,
    _principal: Reader,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RevisionPage:
    """Revisions newest first (author, reason, date, status)."""
    code = fiches.get_row(session, code_rome).code_rome
    return revisions.list_page(session, code, limit=limit, offset=offset)


@router.get("/diff")
def diff_revisions(
    code_rome: str, session: SessionDep, _principal: Reader, de: Numero, a: Numero
) -> RevisionDiff:
    """Field-by-field differences from revision ``de`` to revision ``a``."""
    code = fiches.get_row(session, code_rome).code_rome
    return revisions.diff(session, code, de, a)


@router.get("/{numero}")
def get_revision(
    code_rome: str,
    numero: NumeroPath,
    session: SessionDep,
    _principal: Reader,
) -> RevisionDetail:
    code = fiches.get_row(session, code_rome).code_rome
    return revisions.detail(session, code, numero)


@router.post("/{numero}/rollback", dependencies=[Depends(write_rate_limit)])
def rollback(
    code_rome: str,
    numero: NumeroPath,
    session: SessionDep,
    principal: Editor,
    body: RollbackBody | None = None,
) -> EditionResult:
    """Bring back the content of revision ``numero``; this creates a new revision."""
    return edition.restaurer(session, code_rome, numero, body or RollbackBody(), principal.auteur)
