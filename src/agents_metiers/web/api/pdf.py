"""``GET /api/fiches/{code}/pdf``: the PDF of a fiche or of one of its variants (§12).

Visitors and ``lecteur`` accounts get the published fiche and its reviewed variants; editors
get the working copy (watermarked "BROUILLON" when it is not the published content). The
variant is chosen by ``variante_id`` and/or its criteria (``langue``, ``genre``,
``tranche_age``, ``format``): 404 when none matches, 422 when several do.

Under load (docs/pdf.md « Under load »): the public document carries an ``ETag`` and a
``Last-Modified`` (304 on revalidation), is served from the disk cache once rendered, and is
rendered in the bounded pool (``rendering/pdf_atelier``); an anonymous visitor's renderings
are rate-limited (``RATE_LIMIT_PDF_ANONYMOUS``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from agents_metiers.domain.variantes import AXES
from agents_metiers.errors import InvalidInputError
from agents_metiers.rendering.pdf import SelectionVariante, identifier_pdf, pdf_de_html, rendre_pdf
from agents_metiers.rendering.pdf_atelier import AtelierPdf
from agents_metiers.rendering.pdf_cache import CachePdf, DocumentPdf, IdentitePdf
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.deps import get_runtime
from agents_metiers.web.openapi_errors import READ
from agents_metiers.web.security import (
    OptionalPrincipal,
    RateLimitsDep,
    limit_pdf_anonymous,
    voit_brouillons,
)

router = APIRouter(prefix="/api/fiches", tags=["pdf"])


@asynccontextmanager
async def atelier_pdf(app: FastAPI) -> AsyncIterator[None]:
    """The app's rendering pool and PDF cache, warmed up in the background at start-up."""
    settings = app.state.settings
    atelier = AtelierPdf(workers=settings.pdf_workers, file_max=settings.pdf_queue_max)
    app.state.pdf_atelier = atelier
    dossier = settings.data_dir / "cache" / "pdf"
    plafond = settings.pdf_cache_max_mb * 1024 * 1024
    app.state.pdf_cache = CachePdf(dossier, max_octets=plafond) if settings.pdf_cache else None
    if settings.pdf_warmup:
        atelier.prechauffer(pdf_de_html)
    try:
        yield
    finally:
        atelier.fermer()


def _critere(nom: str, axe: str, valeur: str | None) -> str | None:
    if valeur is None or valeur in AXES[axe]:
        return valeur
    raise InvalidInputError(
        f"Paramètre « {nom} » invalide : « {valeur} » (valeurs possibles : {', '.join(AXES[axe])})."
    )


def content_disposition(document: DocumentPdf) -> str:
    """``attachment`` with an ASCII ``filename`` and the UTF-8 name (RFC 5987 ``filename*``)."""
    return (
        f'attachment; filename="{document.nom_fichier}"; '
        f"filename*=UTF-8''{quote(document.nom_fichier_utf8, safe='')}"
    )


def _validateurs(identite: IdentitePdf) -> dict[str, str]:
    headers = {"ETag": f'"{identite.cle}"', "Cache-Control": "private, max-age=300"}
    if identite.modifie_le is not None:
        headers["Last-Modified"] = format_datetime(_utc(identite.modifie_le), usegmt=True)
    return headers


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def pas_modifie(request: Request, identite: IdentitePdf) -> bool:
    """The client's copy is current (``If-None-Match`` first, else ``If-Modified-Since``)."""
    etags = request.headers.get("if-none-match")
    if etags is not None:
        recus = {e.strip().removeprefix("W/") for e in etags.split(",")}
        return "*" in recus or f'"{identite.cle}"' in recus
    depuis = request.headers.get("if-modified-since")
    if depuis is None or identite.modifie_le is None:
        return False
    with suppress(TypeError, ValueError, IndexError):
        return _utc(identite.modifie_le).replace(microsecond=0) <= _utc(
            parsedate_to_datetime(depuis)
        )
    return False


async def _document(
    request: Request,
    runtime: Runtime,
    identite: IdentitePdf,
    selection: SelectionVariante,
    *,
    anonyme: bool,
    limits: RateLimitsDep,
) -> DocumentPdf:
    """From the cache when the public document was rendered before, else rendered now."""
    cache: CachePdf | None = request.app.state.pdf_cache if identite.public else None
    if cache is not None and (document := await run_in_threadpool(cache.lire, identite)):
        return document
    if anonyme:
        limit_pdf_anonymous(request, limits)
    atelier: AtelierPdf = request.app.state.pdf_atelier
    document = await atelier.executer(
        lambda: rendre_pdf(
            runtime, identite.code_rome, selection=selection, voir_brouillons=not identite.public
        )
    )
    if cache is not None:
        await run_in_threadpool(cache.ecrire, identite, document)
    return document


@router.get(
    "/{code_rome}/pdf",
    response_class=Response,
    responses={
        **READ,
        200: {"content": {"application/pdf": {}}, "description": "Le PDF de la fiche"},
        304: {"description": "La copie du client est à jour (ETag / Last-Modified)"},
        503: {"description": "Trop de PDF en préparation : réessayer après Retry-After"},
    },
)
async def fiche_pdf(
    code_rome: str,
    request: Request,
    *,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    principal: OptionalPrincipal,
    limits: RateLimitsDep,
    variante_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    langue: Annotated[str | None, Query(max_length=10)] = None,
    genre: Annotated[str | None, Query(max_length=10)] = None,
    tranche_age: Annotated[str | None, Query(max_length=10)] = None,
    format: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """Download the fiche (or the selected variant) as a PDF."""
    selection = SelectionVariante(
        variante_id=variante_id,
        langue=_critere("langue", "langue", langue),
        genre=_critere("genre", "genre", genre),
        tranche_age=_critere("tranche_age", "tranche_age", tranche_age),
        format_contenu=_critere("format", "format_contenu", format),
    )
    identite = await run_in_threadpool(
        identifier_pdf, runtime, code_rome, selection, voir_brouillons=voit_brouillons(principal)
    )
    validateurs = _validateurs(identite) if identite.public else {}
    if identite.public and pas_modifie(request, identite):
        return Response(status_code=304, headers=validateurs)
    document = await _document(
        request, runtime, identite, selection, anonyme=principal is None, limits=limits
    )
    headers = {"Content-Disposition": content_disposition(document), **validateurs}
    if document.brouillon or not identite.public:
        headers["Cache-Control"] = (
            "private, no-store" if document.brouillon else "private, max-age=300"
        )
    return Response(content=document.contenu, media_type="application/pdf", headers=headers)
