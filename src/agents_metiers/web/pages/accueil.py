"""Home (search with autocomplete, key figures), dashboard and guide pages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.regions import REGIONS
from agents_metiers.services.fiches import audit as audit_service
from agents_metiers.services.fiches import lecture as fiches_service
from agents_metiers.web.api.meta import racine_api
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages.rendu import ContexteDep, page
from agents_metiers.web.security import voit_brouillons

router = APIRouter(include_in_schema=False)

AUTOCOMPLETE_LIMIT = 6
ACTIVITE_RECENTE = 15


def chiffres_cles(session: Session) -> dict[str, Any]:
    """Key figures, all computed from the database (nothing hard-coded but the 18 regions)."""
    stats = fiches_service.stats(session)
    referentiel = stats["referentiel"]
    return {
        "fiches": stats["total"],
        "publiees": stats[f"statut_{Statut.PUBLIEE.value}"],
        "appellations": referentiel["appellations"],
        "competences": referentiel["competences"],
        "mobilites": referentiel["mobilites"],
        "regions": len(REGIONS),
        "rome_version": stats["rome_version"],
    }


@router.get("/", response_class=HTMLResponse)
def accueil(ctx: ContexteDep, session: SessionDep) -> Response:
    """The home page; a client asking for JSON only gets the reference root object."""
    accept = ctx.request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return JSONResponse(racine_api(), headers={"Vary": "Accept"})
    response = page(ctx, "accueil.html", chiffres=chiffres_cles(session))
    response.headers["Vary"] = f"{response.headers.get('Vary', '')}, Accept".lstrip(", ")
    return response


@router.get("/recherche/suggestions", response_class=HTMLResponse)
def suggestions(ctx: ContexteDep, session: SessionDep, q: str = "") -> HTMLResponse:
    """htmx fragment: the best few fiches for what is being typed."""
    q = q[:200]
    items = (
        fiches_service.autocomplete(
            session, q, limit=AUTOCOMPLETE_LIMIT, voir_brouillons=voit_brouillons(ctx.principal)
        )
        if len(q.strip()) >= 2
        else []
    )
    return page(ctx, "_suggestions.html", items=items, q=q)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard(ctx: ContexteDep, session: SessionDep) -> HTMLResponse:
    stats = fiches_service.stats(session)
    comptes = {s.value: stats[f"statut_{s.value}"] for s in Statut}
    total = stats["total"]
    avances = total - comptes[Statut.BROUILLON.value]
    activite = (
        audit_service.list_logs(session, limit=ACTIVITE_RECENTE).logs
        if ctx.peut(Permission.VOIR_AUDIT.value)
        else None
    )
    return page(
        ctx,
        "dashboard.html",
        total=total,
        comptes=comptes,
        progression=round(100 * avances / total) if total else 0,
        rome_version=stats["rome_version"],
        activite=activite,
    )


@router.get("/guide", response_class=HTMLResponse)
def guide(ctx: ContexteDep) -> HTMLResponse:
    return page(ctx, "guide.html")
