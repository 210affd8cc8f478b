"""The ASGI application: ``create_app(settings)`` serves the JSON API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text

from agents_metiers import __version__
from agents_metiers.config import Settings, get_settings
from agents_metiers.errors import AgentsMetiersError, RateLimitedError
from agents_metiers.services.jobs.workers import embedded_jobs
from agents_metiers.services.runtime import Runtime, open_runtime
from agents_metiers.web.api import (
    audit,
    auth,
    exports,
    fiches,
    ia,
    indisponibles,
    jobs,
    marche,
    pdf,
    referentiel,
    regions,
    revisions,
    users,
    variantes,
    workflow,
)
from agents_metiers.web.caching import CacheHeadersMiddleware
from agents_metiers.web.deps import reject_nul_characters
from agents_metiers.web.openapi_errors import READ, STAFF_READ, WRITE
from agents_metiers.web.pages.routes import install_pages
from agents_metiers.web.security import install_security


def validation_message(exc: RequestValidationError) -> str:
    """One French sentence for the first invalid parameter of a request."""
    error = exc.errors()[0]
    location = ".".join(str(part) for part in error.get("loc", ())[1:]) or "requête"
    context = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(context.values()), "")
        comparison = {
            "greater_than_equal": "au moins",
            "less_than_equal": "au plus",
            "greater_than": "plus de",
            "less_than": "moins de",
        }[kind]
        return f"Paramètre « {location} » invalide : il doit valoir {comparison} {bound}."
    if kind == "missing":
        return f"Paramètre « {location} » manquant."
    return f"Paramètre « {location} » invalide : {error.get('msg', 'valeur refusée')}."


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
            async with embedded_jobs(app.state.runtime) as worker:
                app.state.job_worker = worker
                yield
        finally:
            if owned:
                app.state.runtime.close()

    # No /docs nor /redoc: they load Swagger UI / ReDoc from a CDN (PRODUCT.md §9).
    app = FastAPI(
        title="Agents Métiers",
        version=__version__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(reject_nul_characters)],
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

    @app.get("/api", tags=["meta"])
    def root() -> dict[str, Any]:
        return {
            "message": "Agents Métiers API",
            "version": __version__,
            "endpoints": {
                "stats": "/api/stats",
                "fiches": "/api/fiches",
                "fiche_detail": "/api/fiches/{code_rome}",
                "openapi": "/openapi.json",
            },
        }

    @app.get("/health", tags=["meta"])
    def health(request: Request) -> JSONResponse:
        try:
            with request.app.state.runtime.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:  # any failure means degraded, reported as such
            return JSONResponse({"status": "degraded"}, status_code=503)
        return JSONResponse({"status": "ok"})

    # publish-batch and autocomplete are registered before the ``{code_rome}`` routes.
    app.include_router(workflow.router, responses=WRITE)
    app.include_router(fiches.router, responses=WRITE)
    app.include_router(referentiel.router, responses=READ)
    app.include_router(revisions.router, responses=WRITE)
    app.include_router(pdf.router)
    app.include_router(variantes.router, responses=READ)
    app.include_router(ia.router, responses=WRITE)
    app.include_router(indisponibles.router, responses=WRITE)
    app.include_router(marche.router, responses=READ)
    app.include_router(audit.router, responses=STAFF_READ)
    app.include_router(regions.router)
    app.include_router(exports.router, responses=READ)
    app.include_router(auth.router)
    app.include_router(auth.health_router)
    app.include_router(users.router)
    app.include_router(jobs.router, responses=WRITE)
    install_pages(app, validation_message)  # HTML pages and their error pages, after the API
    return app


def app_from_environment() -> FastAPI:
    """Factory for ``uvicorn --factory``: the app configured from the environment."""
    return create_app(get_settings())
