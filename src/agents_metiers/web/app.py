"""The ASGI application: ``create_app(settings)`` serves the JSON API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy import text

from agents_metiers import __version__
from agents_metiers.config import Settings, get_settings
from agents_metiers.errors import AgentsMetiersError, RateLimitedError
from agents_metiers.services.deploiement import avertir, workers_from_environment
from agents_metiers.services.jobs.titulaire import embedded_jobs
from agents_metiers.services.runtime import Runtime, open_runtime
from agents_metiers.web.api import (
    audit,
    auth,
    exploration,
    exports,
    fiches,
    ia,
    jobs,
    marche,
    meta,
    pdf,
    referentiel,
    regions,
    revisions,
    users,
    variantes,
    veille,
    veille_revue,
    workflow,
)
from agents_metiers.web.caching import CacheHeadersMiddleware
from agents_metiers.web.garde import garde_entrees
from agents_metiers.web.openapi_errors import document_verite
from agents_metiers.web.pages.routes import install_pages
from agents_metiers.web.security import install_security
from agents_metiers.web.validation import validation_message

API_DOCS_PAGE = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API Agents Métiers</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui.css">
<link rel="stylesheet" href="/static/docs-api.css">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
</head>
<body>
<noscript>Cette page interactive demande JavaScript ; le schéma est à
<a href="/openapi.json">/openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/docs-api.js"></script>
</body>
</html>
"""
# Swagger UI sets style attributes on its elements: inline styles only, scripts stay 'self'.
API_DOCS_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(settings: Settings, runtime: Runtime | None = None) -> FastAPI:
    """Build the app; ``runtime`` may be given (tests), else it is opened from ``settings``.

    Refuses the default ``SECRET_KEY`` unless ``ENVIRONMENT=development`` is set explicitly.
    """
    settings.verifier_cle_secrete()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = runtime is None
        app.state.runtime = runtime or open_runtime(settings, migrate_schema=True)
        try:
            async with embedded_jobs(app.state.runtime) as worker, pdf.atelier_pdf(app):
                app.state.job_worker = worker
                yield
        finally:
            if owned:
                app.state.runtime.close()

    # FastAPI's /docs and /redoc load their assets from a CDN (PRODUCT.md §9): /docs is served
    # below from Swagger UI installed by npm (``make assets``), /redoc not at all.
    app = FastAPI(
        title="Agents Métiers",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(garde_entrees)],
    )
    app.state.settings = settings
    install_security(app, settings)
    app.add_middleware(CacheHeadersMiddleware)

    @app.exception_handler(AgentsMetiersError)
    async def product_error(_request: Request, exc: AgentsMetiersError) -> JSONResponse:
        headers = (
            {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimitedError) else None
        )
        return JSONResponse({"detail": exc.message}, status_code=exc.status_code, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": validation_message(exc)}, status_code=422)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(API_DOCS_PAGE, headers={"Content-Security-Policy": API_DOCS_CSP})

    @app.get("/health", tags=["meta"])
    def health(request: Request) -> JSONResponse:
        try:
            with request.app.state.runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any failure means degraded, reported as such
            return JSONResponse({"status": "degraded"}, status_code=503)
        return JSONResponse({"status": "ok"})

    # publish-batch and autocomplete are registered before the ``{code_rome}`` routes.
    app.include_router(meta.router)
    app.include_router(exploration.router)  # before /fiches/{code}
    app.include_router(workflow.router)
    app.include_router(fiches.router)
    app.include_router(referentiel.router)
    app.include_router(revisions.router)
    app.include_router(pdf.router)
    app.include_router(variantes.router)
    app.include_router(ia.router)
    app.include_router(veille.router)
    app.include_router(veille_revue.router)
    app.include_router(marche.router)
    app.include_router(audit.router)
    app.include_router(regions.router)
    app.include_router(exports.router)
    app.include_router(auth.router)
    app.include_router(auth.health_router)
    app.include_router(users.router)
    app.include_router(jobs.router)
    install_pages(app, validation_message)  # HTML pages and their error pages, after the API

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_verite(
                get_openapi(title=app.title, version=app.version, routes=app.routes), app.routes
            )
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory``: the app configured from the environment.

    Run by uvicorn or gunicorn directly with ``WEB_CONCURRENCY`` > 1, it logs what several
    processes need (``serve --workers`` prints it once, before starting them).
    """
    settings = get_settings()
    avertir(settings, workers_from_environment())
    return create_app(settings)
