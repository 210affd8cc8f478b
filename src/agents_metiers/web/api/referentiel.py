"""Facets of the catalogue: values and counts (issue 13)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from agents_metiers.services.facettes import catalogue
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import OptionalPrincipal, voit_brouillons

router = APIRouter(prefix="/api/referentiel", tags=["referentiel"])


class ValeurFacette(BaseModel):
    code: str
    libelle: str
    total: int


def selection(request: Request) -> dict[str, list[str]]:
    """The facet values of the query string (each facet may be repeated)."""
    params = request.query_params
    return {f: params.getlist(f) for f in catalogue.FACETTES if f in params}


SelectionDep = Annotated[dict[str, list[str]], Depends(selection)]


@router.get("/facettes")
def facettes(
    *,
    session: SessionDep,
    principal: OptionalPrincipal,
    choix: SelectionDep,
    search: Annotated[str | None, Query(max_length=200)] = None,
    statut: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, list[ValeurFacette]]:
    """Per facet, its values among the fiches ``GET /api/fiches`` lists with the same
    parameters (``search``, ``statut``, facets), each with how many, most first."""
    found = catalogue.du_resultat(
        session,
        search=search,
        statut=statut,
        voir_brouillons=voit_brouillons(principal),
        selection=choix,
    )
    return {
        facette: [ValeurFacette(code=v.code, libelle=v.libelle, total=v.total) for v in values]
        for facette, values in found.items()
    }
