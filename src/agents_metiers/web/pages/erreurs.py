"""Error pages: a page with a French sentence (never a traceback) for every HTML route.

``/api/…``, ``/health…`` and ``/openapi.json`` keep their JSON errors; every other path is a
page, so a product error, an invalid parameter or an unknown URL is rendered as HTML.
"""

from __future__ import annotations

import secrets

from fastapi import Request
from fastapi.responses import HTMLResponse

from agents_metiers.web.i18n import langue_interface
from agents_metiers.web.pages.rendu import Contexte, page
from agents_metiers.web.security import CSRF_COOKIE

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


def page_erreur(request: Request, status: int, message: str) -> HTMLResponse:
    """The error page; the caller is not looked up again (the database may be the problem)."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    ctx = Contexte(
        request=request,
        principal=None,
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
