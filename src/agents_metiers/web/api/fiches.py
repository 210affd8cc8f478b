"""JSON API on fiches: read, create, edit, delete (reference paths and shapes, PRODUCT.md §8)."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, TypeAdapter

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.facettes import catalogue as facettes
from agents_metiers.services.fiches import edition
from agents_metiers.services.fiches import lecture as fiche_service
from agents_metiers.services.fiches.inputs import FicheCreate, FicheUpdate
from agents_metiers.services.fiches.lecture import AutocompleteItem
from agents_metiers.services.fiches.schemas import FicheDetail, FicheSummary
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.api.referentiel import SelectionDep
from agents_metiers.web.caching import anonyme, reponse_publique
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import (
    BearerCredentials,
    CookieCredentials,
    OptionalPrincipal,
    get_principal,
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


class FicheSearchList(FicheList):
    """A list answering ``search``: the reference shape plus what the search adds."""

    suggestion: str | None = None
    """A spelling to try, when ``search`` matched nothing at all ("did you mean")."""
    mots_ignores: list[str] = []
    """Words of ``search`` left out: no fiche held them all, the best partial matches are
    listed."""


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


@router.get("/fiches", response_model=FicheSearchList | FicheList)
def list_fiches(
    *,
    request: Request,
    session: SessionDep,
    principal: OptionalPrincipal,
    choix: SelectionDep,
    statut: Annotated[str | None, Query(max_length=20)] = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Autre nom de « search » (pages).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """A page of fiches, ranked by relevance when ``search`` (or ``q``, the pages' name) is
    given, else by code.

    Visitors and readers see published fiches (their published content) only; anonymous
    answers are cacheable (``ETag``, 304). Facets (``grand_domaine``, ``domaine``,
    ``secteur``, ``centre_interet``, ``riasec``, ``transition``, ``emploi_cadre``,
    ``emploi_reglemente``; see ``/api/referentiel/facettes``) narrow the list; a facet may be
    repeated (any of them). Search answers add ``suggestion`` and ``mots_ignores``.
    """
    brouillons = voit_brouillons(principal)
    codes = facettes.retained(session, facettes.check(session, choix), publique=not brouillons)
    search = search or q
    if search and search.strip():
        found = fiche_service.rechercher(
            session,
            search,
            statut=statut,
            limit=limit,
            offset=offset,
            voir_brouillons=brouillons,
            codes=codes,
        )
        page: FicheList = FicheSearchList(
            total=found.total,
            limit=limit,
            offset=offset,
            results=found.fiches,
            suggestion=found.suggestion,
            mots_ignores=list(found.ignores),
        )
    else:
        total, rows = fiche_service.list_summaries(
            session,
            statut=statut,
            limit=limit,
            offset=offset,
            voir_brouillons=brouillons,
            codes=codes,
        )
        page = FicheList(total=total, limit=limit, offset=offset, results=rows)
    return reponse_publique(
        request, page.model_dump_json().encode(), public=principal is None and anonyme(request)
    )


_SUGGESTIONS = TypeAdapter(list[AutocompleteItem])


@router.get("/fiches/autocomplete", response_model=list[AutocompleteItem])
def autocomplete(
    request: Request,
    session: SessionDep,
    principal: OptionalPrincipal,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Annotated[int, Query(ge=1, le=50)] = 8,
) -> Response:
    """Suggestions while typing (reference shape)."""
    items = fiche_service.autocomplete(
        session, q, limit=limit, voir_brouillons=voit_brouillons(principal)
    )
    return reponse_publique(
        request, _SUGGESTIONS.dump_json(items), public=principal is None and anonyme(request)
    )


@router.get("/fiches/{code_rome}", response_model=FicheDetail)
async def get_fiche(
    code_rome: str, request: Request, bearer: BearerCredentials, cookie: CookieCredentials
) -> Response:
    """The fiche: its working copy for editors, its published content for everyone else.

    The published content is the JSON serialised at publication (no validation per
    request), with ``ETag`` / ``Last-Modified`` and 304 for anonymous callers. The whole read
    (session, caller, query) runs in one worker thread: the most requested public route.
    """
    return await anyio.to_thread.run_sync(_get_fiche, code_rome, request, bearer, cookie)


def _get_fiche(
    code_rome: str,
    request: Request,
    bearer: HTTPAuthorizationCredentials | None,
    cookie: str | None,
) -> Response:
    runtime: Runtime = request.app.state.runtime
    with runtime.sessions() as session:
        principal = get_principal(request, session, bearer, cookie)
        if voit_brouillons(principal):
            detail = fiche_service.get_detail(session, code_rome)
            return reponse_publique(request, detail.model_dump_json().encode(), public=False)
        document = fiche_service.document_public(session, code_rome)
    return reponse_publique(
        request,
        document.corps.encode(),
        public=principal is None and anonyme(request),
        etag=document.validateur,
        last_modified=document.derniere_modification,
    )


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
