"""Variants of a fiche: read (reference ``GET /api/fiches/{code}/variantes[/{id}]``), generate,
review and delete (PRODUCT.md §6.5, §8); the language checker of a fiche (§6.4)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Request

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.ia import langue
from agents_metiers.services.ia.langue import LangueParams
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.variantes import generation as variantes
from agents_metiers.services.variantes import relecture as variantes_relecture
from agents_metiers.services.variantes.generation import (
    GenerationParams,
    VarianteDetail,
    VarianteList,
)
from agents_metiers.services.variantes.relecture import RelectureBody, RelectureResult
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.openapi_errors import error_responses
from agents_metiers.web.security import (
    OptionalPrincipal,
    require,
    voit_brouillons,
    write_rate_limit,
)

router = APIRouter(prefix="/api/fiches/{code_rome}", tags=["variantes"])
VarianteId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Enricher = Annotated[Principal, Depends(require(Permission.ENRICHIR))]
Reviewer = Annotated[Principal, Depends(require(Permission.RELIRE))]
Staff = Annotated[Principal, Depends(require(Permission.LIRE_BROUILLONS))]
Deleter = Annotated[Principal, Depends(require(Permission.SUPPRIMER))]
WRITE = [Depends(write_rate_limit)]
AI_ERRORS = error_responses(503)  # no AI provider configured (the rest: from the route)


@router.get("/variantes")
def list_variantes(
    code_rome: str, session: SessionDep, principal: OptionalPrincipal
) -> VarianteList:
    return variantes.list_variantes(session, code_rome, voir_brouillons=voit_brouillons(principal))


@router.post("/variantes/generate", tags=["ia"], responses=AI_ERRORS, dependencies=WRITE)
async def generate_variants(
    code_rome: str,
    request: Request,
    principal: Enricher,
    body: Annotated[GenerationParams | None, Body()] = None,
) -> dict[str, Any]:
    """Generate the requested combinations now (one result per combination).

    Omitted axes take the reference defaults (fr+en × 18+ × standard+falc × 3 genres). For
    many fiches, use a ``variants`` job (``POST /api/jobs``).
    """
    runtime: Runtime = request.app.state.runtime
    params = body.model_dump(exclude_none=True) if body else {}
    resume = await variantes.generer_variantes(runtime, code_rome, principal.auteur, params)
    return {
        "message": f"{resume['generees']} variantes générées",
        **resume,
        "variantes_generees": resume["generees"],
    }


@router.get("/variantes/{variante_id}")
def get_variante(
    code_rome: str, variante_id: VarianteId, session: SessionDep, principal: OptionalPrincipal
) -> VarianteDetail:
    return variantes.get_variante(
        session, code_rome, variante_id, voir_brouillons=voit_brouillons(principal)
    )


@router.post("/variantes/{variante_id}/review", dependencies=WRITE)
def review_variant(
    code_rome: str,
    variante_id: VarianteId,
    body: RelectureBody,
    session: SessionDep,
    principal: Reviewer,
) -> RelectureResult:
    """Approve (public) or reject a variant; FALC needs ``relecture_falc: true``."""
    return variantes_relecture.relire_variante(
        session, code_rome, variante_id, body, principal.auteur
    )


@router.delete("/variantes/{variante_id}", dependencies=WRITE)
def delete_variant(
    code_rome: str, variante_id: VarianteId, session: SessionDep, principal: Deleter
) -> dict[str, Any]:
    variantes_relecture.supprimer_variante(session, code_rome, variante_id, principal.auteur)
    return {"message": f"Variante {variante_id} supprimée", "id": variante_id}


@router.post("/langue", tags=["ia"], responses=AI_ERRORS, dependencies=WRITE)
async def check_language(
    code_rome: str,
    request: Request,
    principal: Staff,
    body: Annotated[LangueParams | None, Body()] = None,
) -> dict[str, Any]:
    """Correcteur de langue: corrections with before/after; applied only with ``appliquer``."""
    runtime: Runtime = request.app.state.runtime
    params = body.model_dump(exclude_none=True) if body else {}
    return await langue.corriger_langue(runtime, code_rome, principal.auteur, params)
