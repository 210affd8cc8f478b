"""AI actions over HTTP (PRODUCT.md §6.1–6.3) and the automatic checks (§6.2).

Enrich, validate and auto-correct call the same service functions as the batch jobs. They are
limited per user (``RATE_LIMIT_AI``) on top of the write limit; without a provider they answer
503 and change nothing. The automatic checks need no AI.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from limits import RateLimitItem, parse
from pydantic import BaseModel, Field

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import ConfigurationError
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.ia import actions as ia
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.deps import SessionDep, get_runtime
from agents_metiers.web.security import RateLimitsDep, require, write_rate_limit

router = APIRouter(prefix="/api/fiches", tags=["ia"])
Enricher = Annotated[Principal, Depends(require(Permission.ENRICHIR))]
Validator = Annotated[Principal, Depends(require(Permission.VALIDER))]
Staff = Annotated[Principal, Depends(require(Permission.LIRE_BROUILLONS))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
WRITE = [Depends(write_rate_limit)]
AI: dict[int | str, dict[str, Any]] = {
    503: {"description": "Aucun fournisseur d'IA configuré, IA en échec ou budget atteint"}
}


class EnrichBody(BaseModel):
    instructions: str | None = Field(default=None, max_length=ia.INSTRUCTIONS_MAX)


class AutoCorrectBody(BaseModel):
    problemes: list[Annotated[str, Field(max_length=5000)]] = Field(default=[], max_length=20)
    suggestions: list[Annotated[str, Field(max_length=5000)]] = Field(default=[], max_length=20)


@lru_cache
def _limite(valeur: str) -> RateLimitItem:
    try:
        return parse(valeur)
    except ValueError:
        raise ConfigurationError(
            f"RATE_LIMIT_AI invalide : « {valeur} » (attendu par exemple « 30/hour »)."
        ) from None


def _limiter(runtime: Runtime, limits: RateLimitsDep, principal: Principal) -> None:
    item = _limite(runtime.settings.rate_limit_ai)
    cle = f"ia:{principal.auteur.user_id or principal.auteur.nom}"
    limits.hit(item, cle, "Trop d'actions IA en peu de temps.")


@router.post("/{code_rome}/enrich", responses=AI, dependencies=WRITE)
async def enrich(
    code_rome: str,
    runtime: RuntimeDep,
    limits: RateLimitsDep,
    principal: Enricher,
    body: EnrichBody | None = None,
) -> dict[str, Any]:
    """Rédacteur: writes the narrative fields from the ROME facts; status → enrichi."""
    _limiter(runtime, limits, principal)
    params = body.model_dump(exclude_none=True) if body else {}
    return await ia.enrichir(runtime, code_rome, principal.auteur, params)


@router.post("/{code_rome}/validate", responses=AI, dependencies=WRITE)
async def validate(
    code_rome: str, runtime: RuntimeDep, limits: RateLimitsDep, principal: Validator
) -> dict[str, Any]:
    """Validateur: persisted AI report; its score drives the status (§4)."""
    _limiter(runtime, limits, principal)
    return await ia.valider(runtime, code_rome, principal.auteur, {})


@router.post("/{code_rome}/auto-correct", responses=AI, dependencies=WRITE)
async def auto_correct(
    code_rome: str,
    runtime: RuntimeDep,
    limits: RateLimitsDep,
    principal: Enricher,
    body: AutoCorrectBody | None = None,
) -> dict[str, Any]:
    """Applies a report's problems and suggestions (those given, else the latest report's)."""
    _limiter(runtime, limits, principal)
    params = body.model_dump() if body else {}
    return await ia.auto_corriger(runtime, code_rome, principal.auteur, params)


@router.get("/{code_rome}/validation")
def validation(code_rome: str, session: SessionDep, _p: Staff) -> dict[str, Any]:
    """The latest persisted AI report (null when none) and the current automatic checks."""
    return ia.derniere_validation(session, code_rome)


@router.get("/{code_rome}/controles")
def controles(code_rome: str, session: SessionDep, _p: Staff) -> dict[str, Any]:
    """The automatic checks only (completeness, ROME, readability, salaries, URLs, typography)."""
    return ia.controles(session, code_rome)
