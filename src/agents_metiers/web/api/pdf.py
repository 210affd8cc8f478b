"""``GET /api/fiches/{code}/pdf``: the PDF of a fiche or of one of its variants (§12).

Visitors and ``lecteur`` accounts get the published fiche and its reviewed variants; editors
get the working copy (watermarked "BROUILLON" when it is not the published content). The
variant is chosen by ``variante_id`` and/or its criteria (``langue``, ``genre``,
``tranche_age``, ``format``): 404 when none matches, 422 when several do.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from agents_metiers.domain.variantes import AXES
from agents_metiers.errors import InvalidInputError
from agents_metiers.rendering.pdf import DocumentPdf, SelectionVariante, rendre_pdf
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.deps import get_runtime
from agents_metiers.web.openapi_errors import READ
from agents_metiers.web.security import OptionalPrincipal, voit_brouillons

router = APIRouter(prefix="/api/fiches", tags=["pdf"])


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


@router.get(
    "/{code_rome}/pdf",
    response_class=Response,
    responses={
        **READ,
        200: {"content": {"application/pdf": {}}, "description": "Le PDF de la fiche"},
    },
)
def fiche_pdf(
    code_rome: str,
    *,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    principal: OptionalPrincipal,
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
    document = rendre_pdf(
        runtime,
        code_rome,
        selection=selection,
        voir_brouillons=voit_brouillons(principal),
    )
    return Response(
        content=document.contenu,
        media_type="application/pdf",
        headers={
            "Content-Disposition": content_disposition(document),
            "Cache-Control": "private, no-store" if document.brouillon else "private, max-age=300",
        },
    )
