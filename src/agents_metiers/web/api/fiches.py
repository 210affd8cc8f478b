"""JSON API on fiches: read, create, edit, delete (reference paths and shapes, PRODUCT.md §8)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.fiches import edition
from agents_metiers.services.fiches import lecture as fiche_service
from agents_metiers.services.fiches.inputs import FicheCreate, FicheUpdate
from agents_metiers.services.fiches.lecture import AutocompleteItem
from agents_metiers.services.fiches.schemas import FicheDetail, FicheSummary
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import (
    OptionalPrincipal,
    require,
    voit_brouillons,
    write_rate_limit,
)

router = APIRouter(prefix="/api", tags=["fiches"])
Editor = Annotated[Principal, Depends(require(Permission.CREER))]
WRITE = [Depends(write_rate_limit)]


class FicheList(BaseModel):
    total: int
    limit: int
    offset: int
    results: list[FicheSummary]


class FicheCreated(BaseModel):
    message: str
    code_rome: str
    nom_masculin: str
    statut: str
    version: int


class FicheUpdated(BaseModel):
    message: str
    code_rome: str
    version: int
    statut: str
    champs_modifies: list[str]


class FicheDeleted(BaseModel):
    message: str
    code_rome: str


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
    *,
    session: SessionDep,
    principal: OptionalPrincipal,
    statut: Annotated[str | None, Query(max_length=20)] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> FicheList:
    """A page of fiches, ranked by relevance when ``search`` is given, else by code.

    Visitors and readers see published fiches (their published content) only.
    """
    brouillons = voit_brouillons(principal)
    if search and search.strip():
        total, rows = fiche_service.search(
            session, search, statut=statut, limit=limit, offset=offset, voir_brouillons=brouillons
        )
    else:
        total, rows = fiche_service.list_summaries(
            session, statut=statut, limit=limit, offset=offset, voir_brouillons=brouillons
        )
    return FicheList(total=total, limit=limit, offset=offset, results=rows)


@router.get("/fiches/autocomplete")
def autocomplete(
    session: SessionDep,
    principal: OptionalPrincipal,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 8,
) -> list[AutocompleteItem]:
    """Suggestions while typing (reference shape)."""
    return fiche_service.autocomplete(
        session, q, limit=limit, voir_brouillons=voit_brouillons(principal)
    )


@router.get("/fiches/{code_rome}")
def get_fiche(code_rome: str, session: SessionDep, principal: OptionalPrincipal) -> FicheDetail:
    """The fiche: its working copy for editors, its published content for everyone else."""
    return fiche_service.get_detail(session, code_rome, voir_brouillons=voit_brouillons(principal))


@router.post("/fiches", status_code=201, dependencies=WRITE)
def create_fiche(body: FicheCreate, session: SessionDep, principal: Editor) -> FicheCreated:
    result = edition.creer(session, body, principal.auteur)
    return FicheCreated(
        message="Fiche créée avec succès",
        code_rome=result.code_rome,
        nom_masculin=body.nom_masculin,
        statut=result.statut,
        version=result.version,
    )


@router.patch("/fiches/{code_rome}", dependencies=WRITE)
def update_fiche(
    code_rome: str, body: FicheUpdate, session: SessionDep, principal: Editor
) -> FicheUpdated:
    """Edit fields (a new revision); send ``version`` to be warned of concurrent edits."""
    result = edition.modifier(session, code_rome, body, principal.auteur)
    return FicheUpdated(message="Fiche mise à jour", **result.model_dump())


@router.delete("/fiches/{code_rome}", dependencies=WRITE)
def delete_fiche(
    code_rome: str,
    session: SessionDep,
    principal: Editor,
    motif: Annotated[str, Query(max_length=500)] = "",
) -> FicheDeleted:
    """Delete a fiche; a published one needs a relecteur and a ``motif`` (it is unpublished
    first)."""
    code = edition.supprimer(session, code_rome, principal.auteur, motif=motif)
    return FicheDeleted(message=f"Fiche {code} supprimée", code_rome=code)
