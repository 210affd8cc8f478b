"""Exports of the catalogue as files (JSON, CSV): published content for everyone,
working copies for editors."""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from agents_metiers.domain.permissions import Permission
from agents_metiers.services.fiches.lecture import export_fiches
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import OptionalPrincipal

router = APIRouter(prefix="/api/exports", tags=["exports"])
MEDIA = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


@router.get("/fiches", response_class=FileResponse)
def export(
    session: SessionDep,
    principal: OptionalPrincipal,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> FileResponse:
    """Download every fiche the caller may read, as one JSON array or one CSV table."""
    editeur = principal is not None and principal.can(Permission.EXPORTER)
    folder = Path(tempfile.mkdtemp(prefix="agents-metiers-export-"))
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    name = f"fiches-{'travail' if editeur else 'publiees'}-{stamp}.{format}"
    try:
        export_fiches(session, fmt=format, path=folder / name, voir_brouillons=editeur)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        folder / name,
        media_type=MEDIA[format],
        filename=name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
