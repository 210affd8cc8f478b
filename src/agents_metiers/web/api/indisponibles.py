"""Routes of PRODUCT.md §8 whose engine is not configured here: they validate the request,
then answer 503 with a sentence (no fake payload, no change)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.comptes.auth import Principal
from agents_metiers.services.indisponible import VEILLE_ROME
from agents_metiers.web.security import (
    require,
    write_rate_limit,
)

router = APIRouter(prefix="/api")
Operator = Annotated[Principal, Depends(require(Permission.OPERER))]
Payload = Annotated[dict[str, Any] | None, Body()]
UNAVAILABLE: dict[int | str, dict[str, Any]] = {503: {"description": "Service non configuré"}}
WRITE = [Depends(write_rate_limit)]


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
