"""Reading the variants of a fiche (reference ``GET /api/fiches/{code}/variantes[/{id}]``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from agents_metiers.services import variantes
from agents_metiers.services.variantes import VarianteDetail, VarianteList
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import OptionalPrincipal, voit_brouillons

router = APIRouter(prefix="/api/fiches/{code_rome}/variantes", tags=["variantes"])


@router.get("")
def list_variantes(
    code_rome: str, session: SessionDep, principal: OptionalPrincipal
) -> VarianteList:
    return variantes.list_variantes(session, code_rome, voir_brouillons=voit_brouillons(principal))


@router.get("/{variante_id}")
def get_variante(
    code_rome: str,
    variante_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    principal: OptionalPrincipal,
) -> VarianteDetail:
    return variantes.get_variante(
        session, code_rome, variante_id, voir_brouillons=voit_brouillons(principal)
    )
