"""Labour-market routes of a fiche (PRODUCT.md §7–8): regional, recrutements, offres,
imt-stats, alternance. Public for published fiches; editors also see drafts.

A source that is not configured, down or too slow gives a 200 whose blocks say
``disponible: false`` with a sentence (see docs/marche.md) — never a made-up number. The
sentence names the missing setting for the editorial team only; other callers read
« Données du marché du travail indisponibles. ».
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from agents_metiers.services.indisponible import marche_pour
from agents_metiers.services.marche import blocs as marche
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.deps import get_runtime
from agents_metiers.web.security import OptionalPrincipal, voit_brouillons

RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
router = APIRouter(prefix="/api/fiches", tags=["marche"])
Region = Annotated[
    str | None,
    Query(max_length=3, description="code INSEE de la région ; absent = France entière"),
]


@router.get("/{code_rome}/regional", summary="Marché du travail d'une région (ou de la France)")
async def regional(
    code_rome: str, runtime: RuntimeDep, principal: OptionalPrincipal, region: Region = None
) -> dict[str, Any]:
    equipe = voit_brouillons(principal)
    donnees = await marche.regional(runtime, code_rome, region, voir_brouillons=equipe)
    return marche_pour(donnees, equipe=equipe)


@router.get("/{code_rome}/recrutements", summary="Offres par mois de création, 12 mois")
async def recrutements(
    code_rome: str, runtime: RuntimeDep, principal: OptionalPrincipal, region: Region = None
) -> dict[str, Any]:
    equipe = voit_brouillons(principal)
    donnees = await marche.recrutements(runtime, code_rome, region, voir_brouillons=equipe)
    return marche_pour(donnees, equipe=equipe)


@router.get("/{code_rome}/offres", summary="Dernières offres d'emploi France Travail")
async def offres(
    code_rome: str,
    runtime: RuntimeDep,
    principal: OptionalPrincipal,
    region: Region = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> dict[str, Any]:
    equipe = voit_brouillons(principal)
    donnees = await marche.offres(runtime, code_rome, region, limit=limit, voir_brouillons=equipe)
    return marche_pour(donnees, equipe=equipe)


@router.get("/{code_rome}/imt-stats", summary="Salaires, contrats, tension et tendance")
async def imt_stats(
    code_rome: str, runtime: RuntimeDep, principal: OptionalPrincipal, region: Region = None
) -> dict[str, Any]:
    equipe = voit_brouillons(principal)
    donnees = await marche.imt_stats(runtime, code_rome, region=region, voir_brouillons=equipe)
    return marche_pour(donnees, equipe=equipe)


@router.get("/{code_rome}/alternance", summary="Alternance autour d'un lieu (API Alternance)")
async def alternance(
    code_rome: str,
    *,
    runtime: RuntimeDep,
    principal: OptionalPrincipal,
    region: Region = None,
    latitude: Annotated[float | None, Query(ge=-90, le=90)] = None,
    longitude: Annotated[float | None, Query(ge=-180, le=180)] = None,
    rayon_km: Annotated[int | None, Query(ge=1, le=200)] = None,
) -> dict[str, Any]:
    equipe = voit_brouillons(principal)
    donnees = await marche.alternance(
        runtime,
        code_rome,
        region,
        voir_brouillons=equipe,
        latitude=latitude,
        longitude=longitude,
        rayon_km=rayon_km,
    )
    return marche_pour(donnees, equipe=equipe)
