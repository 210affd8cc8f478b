"""The 18 regions (reference ``GET /api/regions``)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from agents_metiers.domain.regions import REGIONS

router = APIRouter(prefix="/api", tags=["regions"])


class Region(BaseModel):
    code: str
    libelle: str


class RegionList(BaseModel):
    regions: list[Region]


@router.get("/regions")
def regions() -> RegionList:
    return RegionList(regions=[Region(code=c, libelle=n) for c, n in REGIONS.items()])
