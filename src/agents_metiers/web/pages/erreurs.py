"""Error pages: a page with a French sentence (never a traceback) for every HTML route.

``/api/…``, ``/health…`` and ``/openapi.json`` keep their JSON errors; every other path is a
page, so a product error, an invalid parameter or an unknown URL is rendered as HTML.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import SQLAlchemyError

from agents_metiers.services.comptes.auth import Principal
from agents_metiers.web.i18n import langue_interface
from agents_metiers.web.pages.rendu import Contexte, page, principal_de
from agents_metiers.web.security import ACCESS_COOKIE, CSRF_COOKIE

JSON_PREFIXES = ("/api", "/health", "/openapi.json", "/static")
TITRES = {
    400: "Requête invalide",
    401: "Connexion requise",
    403: "Accès refusé",
    404: "Page introuvable",
    405: "Méthode non permise",
    409: "Conflit",
    422: "Donnée refusée",
    429: "Trop de requêtes",
    503: "Service indisponible",
}


def est_page(request: Request) -> bool:
    """Whether the request asked for an HTML page (its errors are pages too)."""
    path = request.url.path
    return not any(path == p or path.startswith(p + "/") for p in JSON_PREFIXES)


def _appelant(request: Request) -> Principal | None:
    """The signed-in caller, so that the error page keeps the session header (« Déconnexion
    (nom) », not « Connexion »). The database may be the very problem: then the page is
    shown without the caller rather than failing again."""
    if not request.cookies.get(ACCESS_COOKIE):
        return None
    try:
        with request.app.state.runtime.sessions() as session:
            return principal_de(request, session)
    except (SQLAlchemyError, OSError):
        return None


def page_erreur(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page, with the caller's session header when the caller can be read."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    ctx = Contexte(
        request=request,
        principal=_appelant(request),
        langue=langue_interface(request),
        csrf=cookie or secrets.token_urlsafe(32),
        nouveau_csrf=False,
    )
    return page(
        ctx,
        "erreur.html",
        status=status,
        code=status,
        titre=TITRES.get(status, "Erreur"),
        message=message,
    )
