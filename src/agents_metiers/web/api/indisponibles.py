"""Routes of PRODUCT.md §8 whose engine is not configured here: they validate the request,
then answer 503 with a sentence (no fake payload, no change)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.auth import Principal
from agents_metiers.services.indisponible import VEILLE_ROME, refuser_ia, refuser_marche
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import (
    OptionalPrincipal,
    require,
    voit_brouillons,
    write_rate_limit,
)

router = APIRouter(prefix="/api")
Enricher = Annotated[Principal, Depends(require(Permission.ENRICHIR))]
Validator = Annotated[Principal, Depends(require(Permission.VALIDER))]
Operator = Annotated[Principal, Depends(require(Permission.OPERER))]
Region = Annotated[str | None, Query(max_length=3, description="code INSEE de la région")]
Payload = Annotated[dict[str, Any] | None, Body()]
UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"description": "Service non configuré"}}
WRITE = [Depends(write_rate_limit)]


def _ai(session: SessionDep, code_rome: str) -> None:
    raise refuser_ia(session, code_rome)


@router.post("/fiches/{code_rome}/enrich", tags=["ia"], responses=UNAVAILABLE, dependencies=WRITE)
def enrich(code_rome: str, session: SessionDep, _p: Enricher, _body: Payload = None) -> None:
    _ai(session, code_rome)


@router.post("/fiches/{code_rome}/validate", tags=["ia"], responses=UNAVAILABLE, dependencies=WRITE)
def validate(code_rome: str, session: SessionDep, _p: Validator, _body: Payload = None) -> None:
    _ai(session, code_rome)


@router.post(
    "/fiches/{code_rome}/auto-correct", tags=["ia"], responses=UNAVAILABLE, dependencies=WRITE
)
def auto_correct(code_rome: str, session: SessionDep, _p: Enricher, _body: Payload = None) -> None:
    _ai(session, code_rome)


@router.post(
    "/fiches/{code_rome}/variantes/generate",
    tags=["ia"],
    responses=UNAVAILABLE,
    dependencies=WRITE,
)
def generate_variants(
    code_rome: str, session: SessionDep, _p: Enricher, _body: Payload = None
) -> None:
    _ai(session, code_rome)


def market(
    *,
    code_rome: str,
    session: SessionDep,
    principal: OptionalPrincipal,
    region: Region = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> None:
    """Labour-market data for a fiche (France Travail, API Alternance)."""
    raise refuser_marche(session, code_rome, region, voir_brouillons=voit_brouillons(principal))


for _source in ("regional", "recrutements", "offres", "imt-stats", "alternance"):
    router.add_api_route(
        f"/fiches/{{code_rome}}/{_source}",
        market,
        methods=["GET"],
        tags=["marche"],
        responses=UNAVAILABLE,
        operation_id=f"market_{_source.replace('-', '_')}",
        summary=f"Marché du travail : {_source}",
    )


@router.post("/veille/rome", tags=["veille"], responses=UNAVAILABLE, dependencies=WRITE)
def veille_rome(_p: Operator) -> None:
    raise ServiceUnavailableError(VEILLE_ROME)


@router.get("/veille/rome/changes", tags=["veille"], responses=UNAVAILABLE)
def veille_changes(_p: Operator, reviewed: bool | None = None) -> None:
    raise ServiceUnavailableError(VEILLE_ROME)


@router.get("/veille/rome/status", tags=["veille"], responses=UNAVAILABLE)
def veille_status(_p: Operator) -> None:
    raise ServiceUnavailableError(VEILLE_ROME)


@router.post(
    "/veille/rome/changes/{change_id}/review",
    tags=["veille"],
    responses=UNAVAILABLE,
    dependencies=WRITE,
)
def veille_review(
    change_id: Annotated[int, Path(ge=1, le=2**31 - 1)], _p: Operator, _body: Payload = None
) -> None:
    raise ServiceUnavailableError(VEILLE_ROME)


@router.post("/rome/sync", tags=["veille"], responses=UNAVAILABLE, dependencies=WRITE)
def rome_sync(_p: Operator) -> None:
    raise ServiceUnavailableError(VEILLE_ROME)
