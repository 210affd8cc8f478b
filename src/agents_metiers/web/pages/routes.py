"""Wiring of the pages into the app: routers, static files, HTML error pages."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from inspect import isawaitable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles

from agents_metiers.errors import AgentsMetiersError
from agents_metiers.web.pages import (
    accueil,
    catalogue,
    centre,
    connexion,
    edition,
    exploration,
    fiche,
    variantes,
    veille,
)
from agents_metiers.web.pages.erreurs import est_page, page_erreur
from agents_metiers.web.pages.rendu import STATIC

MESSAGES_HTTP = {
    404: "Cette page n'existe pas. Vérifiez l'adresse ou cherchez un métier.",
    405: "Cette adresse ne répond pas à cette méthode.",
}


async def _reponse(resultat: Response | Awaitable[Response]) -> Response:
    return await resultat if isawaitable(resultat) else resultat


def _install_error_pages(
    app: FastAPI, validation_message: Callable[[RequestValidationError], str]
) -> None:
    """Pages get error pages; the API keeps the JSON handlers already registered."""
    api_product_error = app.exception_handlers[AgentsMetiersError]
    api_invalid_request = app.exception_handlers[RequestValidationError]

    async def product_error(request: Request, exc: Exception) -> Response:
        if not est_page(request) or not isinstance(exc, AgentsMetiersError):
            return await _reponse(api_product_error(request, exc))
        response = page_erreur(request, exc.status_code, exc.message)
        if retry_after := getattr(exc, "retry_after", None):
            response.headers["Retry-After"] = str(retry_after)
        return response

    async def invalid_request(request: Request, exc: Exception) -> Response:
        if not est_page(request) or not isinstance(exc, RequestValidationError):
            return await _reponse(api_invalid_request(request, exc))
        return page_erreur(request, 422, validation_message(exc))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if est_page(request) and exc.status_code in MESSAGES_HTTP:
            return page_erreur(request, exc.status_code, MESSAGES_HTTP[exc.status_code])
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    app.add_exception_handler(AgentsMetiersError, product_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)


def install_pages(
    app: FastAPI, validation_message: Callable[[RequestValidationError], str]
) -> None:
    """Mount ``/static``, include the page routers (after the API routers) and error pages."""
    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    for router in (
        accueil.router,
        connexion.router,
        catalogue.router,
        edition.router,
        exploration.router,
        fiche.router,
        centre.router,
        variantes.router,
        veille.router,
    ):
        app.include_router(router)
    _install_error_pages(app, validation_message)
