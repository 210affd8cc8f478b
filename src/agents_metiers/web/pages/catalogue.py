"""Catalogue of fiches: ranked search, status filter, sortable columns, pagination;
creation and deletion (with a confirmation page) for editors."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.fiches import edition
from agents_metiers.services.fiches import lecture as fiches_service
from agents_metiers.services.fiches.inputs import FicheCreate
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages.rendu import (
    FORM_POST,
    ContexteDep,
    FormulaireDep,
    page,
    redirection,
)
from agents_metiers.web.security import voit_brouillons

router = APIRouter(include_in_schema=False)
PAR_PAGE = 50
TRIS_PUBLICS = ("code_rome", "nom_epicene")
TRIS_EDITEURS = ("code_rome", "nom_epicene", "statut", "score_completude", "date_maj")


def _tri(tri: str, editeur: bool) -> str:
    permis = TRIS_EDITEURS if editeur else TRIS_PUBLICS
    return tri if tri.lstrip("-") in permis else "code_rome"


def _pages(page_courante: int, nb_pages: int) -> list[int | None]:
    """Page numbers to show, ``None`` for an ellipsis: 1 … 4 5 6 … 20."""
    voisines = {1, nb_pages, page_courante - 1, page_courante, page_courante + 1}
    numeros = sorted(n for n in voisines if 1 <= n <= nb_pages)
    result: list[int | None] = []
    for n in numeros:
        if result and n - (result[-1] or 0) > 1:
            result.append(None)
        result.append(n)
    return result


@router.get("/fiches", response_class=HTMLResponse)
def catalogue(
    *,
    ctx: ContexteDep,
    session: SessionDep,
    q: str = "",
    statut: str = "",
    tri: str = "code_rome",
    p: int = 1,
) -> HTMLResponse:
    editeur = voit_brouillons(ctx.principal)
    q = q.strip()[:200]
    statut_filtre = statut if statut in {s.value for s in Statut} else None
    tri = _tri(tri, editeur)
    p = max(1, p)
    offset = (p - 1) * PAR_PAGE
    if q:
        total, fiches = fiches_service.search(
            session, q, statut=statut_filtre, limit=PAR_PAGE, offset=offset,
            voir_brouillons=editeur,
        )  # fmt: skip
    else:
        total, fiches = fiches_service.list_summaries(
            session, statut=statut_filtre, limit=PAR_PAGE, offset=offset,
            voir_brouillons=editeur, tri=tri,
        )  # fmt: skip
    nb_pages = max(1, -(-total // PAR_PAGE))
    return page(
        ctx,
        "catalogue.html",
        block="resultats",
        fiches=fiches,
        total=total,
        q=q,
        statut=statut_filtre or "",
        tri=tri,
        tris=TRIS_EDITEURS if editeur else TRIS_PUBLICS,
        page_courante=p,
        pages=_pages(p, nb_pages),
        nb_pages=nb_pages,
        editeur=editeur,
    )


@router.post("/fiches", response_class=HTMLResponse, dependencies=FORM_POST)
def creer(ctx: ContexteDep, session: SessionDep, form: FormulaireDep) -> Response:
    principal = ctx.exiger(Permission.CREER)
    try:
        body = FicheCreate(
            code_rome=form.texte("code_rome", max_length=10).strip().upper(),
            nom_masculin=form.texte("nom_masculin", max_length=300),
            nom_feminin=form.texte("nom_feminin", max_length=300),
            nom_epicene=form.texte("nom_epicene", max_length=300).strip() or None,
            description=form.texte("description", max_length=10_001) or None,
        )
    except ValidationError:
        raise InvalidInputError(
            "Fiche refusée : le code ROME doit être une lettre majuscule suivie de 4 chiffres "
            "(ex : M1805) et les noms masculin et féminin sont obligatoires."
        ) from None
    result = edition.creer(session, body, principal.auteur)
    return redirection(ctx, f"/fiches/{result.code_rome}")


@router.get("/fiches/{code_rome}/supprimer", response_class=HTMLResponse)
def confirmer_suppression(ctx: ContexteDep, session: SessionDep, code_rome: str) -> HTMLResponse:
    ctx.exiger(Permission.SUPPRIMER)
    fiche = fiches_service.get_detail(session, code_rome)
    return page(ctx, "supprimer.html", fiche=fiche)


@router.post("/fiches/{code_rome}/supprimer", dependencies=FORM_POST)
def supprimer(
    ctx: ContexteDep, session: SessionDep, code_rome: str, form: FormulaireDep
) -> RedirectResponse:
    principal = ctx.exiger(Permission.SUPPRIMER)
    motif = form.texte("motif", max_length=500)
    edition.supprimer(session, code_rome, principal.auteur, motif=motif)
    return redirection(ctx, "/fiches?supprimee=" + fiches_service.check_code_rome(code_rome))
