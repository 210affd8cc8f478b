"""JSON API on fiches (reference paths and shapes, PRODUCT.md §8)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from agents_metiers.services import fiches as fiche_service
from agents_metiers.services.schemas import FicheDetail, FicheSummary
from agents_metiers.web.deps import SessionDep

router = APIRouter(prefix="/api", tags=["fiches"])


class FicheList(BaseModel):
    total: int
    limit: int
    offset: int
    results: list[FicheSummary]


@router.get("/stats")
def get_stats(session: SessionDep) -> dict[str, Any]:
    """Counts per status (reference keys) plus the imported referential."""
    figures = fiche_service.stats(session)
    return {
        "total": figures["total"],
        "brouillons": figures["statut_brouillon"],
        "enrichis": figures["statut_enrichi"],
        "valides": figures["statut_valide"],
        "publiees": figures["statut_publiee"],
        "rome_version": figures["rome_version"],
        "referentiel": figures["referentiel"],
    }


@router.get("/fiches")
def list_fiches(
    session: SessionDep,
    statut: str | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> FicheList:
    if search:
        total, rows = fiche_service.search(
            session, search, statut=statut, limit=limit, offset=offset
        )
        return FicheList(total=total, limit=limit, offset=offset, results=rows)
    total, rows = fiche_service.list_summaries(session, statut=statut, limit=limit, offset=offset)
    return FicheList(total=total, limit=limit, offset=offset, results=rows)


@router.get("/fiches/{code_rome}")
def get_fiche(code_rome: str, session: SessionDep) -> FicheDetail:
    return fiche_service.get_detail(session, code_rome)
