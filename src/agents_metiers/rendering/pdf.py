"""The PDF of a fiche or of one of its variants (PRODUCT.md §12), rendered with WeasyPrint.

Visibility follows the API: the public gets the published snapshot and reviewed variants
only; editors get working copies, watermarked "BROUILLON" when what they print is not the
published content (or is a variant nobody has reviewed yet). The content is the one the page
shows (``services.fiches.get_detail``), the charts are the page's SVG, and every page carries
the ROME credit line ("Source : France Travail, ROME 4.0 version NN du JJ/MM/AAAA").

Rendering never fetches anything: the document is self-contained (inline SVG, local fonts)
and the URL fetcher refuses every scheme. ``identifier_pdf`` tells, from a short read,
which document a request asks for (the key of the public PDF cache, ``pdf_cache``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import select
from sqlalchemy.orm import Session
from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from agents_metiers.errors import InvalidInputError, NotFoundError
from agents_metiers.rendering.libelles import libelles
from agents_metiers.rendering.pdf_cache import DocumentPdf, IdentitePdf
from agents_metiers.rendering.pdf_vue import nom_fichier, vue_pdf
from agents_metiers.services.fiches.lecture import get_detail, get_row
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.variantes import generation as variante_service
from agents_metiers.services.variantes.generation import est_publique
from agents_metiers.storage import variantes as variante_store
from agents_metiers.storage.referentiel import current_version
from agents_metiers.storage.tables import FicheRow, RomeVersionRow, VarianteRow

CRITERES = ("langue", "genre", "tranche_age", "format_contenu")


@dataclass(frozen=True)
class SelectionVariante:
    """Which variant to print: by id, and/or by some of its four criteria."""

    variante_id: int | None = None
    langue: str | None = None
    genre: str | None = None
    tranche_age: str | None = None
    format_contenu: str | None = None

    @property
    def criteres(self) -> dict[str, str]:
        return {k: v for k in CRITERES if (v := getattr(self, k)) is not None}

    @property
    def vide(self) -> bool:
        return self.variante_id is None and not self.criteres


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("agents_metiers.rendering", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _fonts() -> FontConfiguration:
    return FontConfiguration()


@cache
def _stylesheet() -> CSS:
    css = resources.files("agents_metiers.rendering").joinpath("templates/pdf.css")
    return CSS(string=css.read_text(encoding="utf-8"), font_config=_fonts())


def _trouver_variante(
    session: Session, code: str, selection: SelectionVariante, *, voir: bool
) -> VarianteRow:
    """The one visible variant matching ``selection`` (404 none, 422 several)."""
    visibles = [
        v
        for v in variante_store.list_variantes(session=session, code_rome=code)
        if voir or est_publique(v)
    ]
    criteres = selection.criteres
    found = [
        v
        for v in visibles
        if all(getattr(v, k) == value for k, value in criteres.items())
        and selection.variante_id in (None, v.id)
    ]
    if not found:
        wanted = " / ".join(criteres.values()) or f"n° {selection.variante_id}"
        raise NotFoundError(f"La fiche {code} n'a pas de variante {wanted} disponible.")
    if len(found) > 1:
        raise InvalidInputError(
            f"{len(found)} variantes de la fiche {code} correspondent : précisez la langue, "
            "le genre, la tranche d'âge et le format (ou variante_id)."
        )
    return found[0]


def identifier_pdf(
    runtime: Runtime, code: str, selection: SelectionVariante, *, voir_brouillons: bool
) -> IdentitePdf:
    """Which document the request asks for, from a short read (404/422 as the rendering).

    Only what the public sees is cacheable: the published version and reviewed variants."""
    with runtime.sessions() as session:
        row = get_row(session, code)
        if not voir_brouillons and row.version_publiee is None:
            raise NotFoundError(f"Fiche {row.code_rome} non trouvée.")
        variante = (
            None
            if selection.vide
            else _trouver_variante(session, row.code_rome, selection, voir=voir_brouillons)
        )
        dates = [d for d in (row.date_publication, variante and variante.date_maj) if d]
        return IdentitePdf(
            code_rome=row.code_rome,
            version=row.version if voir_brouillons else row.version_publiee or 0,
            variante_id=variante.id if variante else None,
            variante_version=variante.version if variante else None,
            modifie_le=max(dates) if dates else None,
            public=not voir_brouillons,
        )


def _credit(session: Session, numero: int | None, lang: str) -> str:
    version = (
        session.scalar(select(RomeVersionRow).where(RomeVersionRow.numero == numero))
        if numero is not None
        else current_version(session=session)
    )
    t = libelles(lang)
    if version is None:
        return t["pdf.source_rome"].format(version=numero or "?")
    if version.date_publication is None:
        return t["pdf.source_rome"].format(version=version.numero)
    date = version.date_publication.strftime("%d/%m/%Y")
    return t["pdf.source_rome_date"].format(version=version.numero, date=date)


def _charger(
    runtime: Runtime, code: str, selection: SelectionVariante, *, voir_brouillons: bool
) -> tuple[dict[str, Any], dict[str, Any] | None, str]:
    """Fiche content, variant (or None) and credit line, read in one short session."""
    with runtime.sessions() as session:
        detail = get_detail(session, code, voir_brouillons=voir_brouillons)
        variante = None
        if not selection.vide:
            row = _trouver_variante(session, detail.code_rome, selection, voir=voir_brouillons)
            variante = variante_service.get_variante(
                session, detail.code_rome, row.id, voir_brouillons=voir_brouillons
            ).model_dump()
            variante["publique"] = est_publique(row)
        lang = str((variante or {}).get("langue") or "fr")
        credit = _credit(session, detail.rome_version, lang)
    return detail.model_dump(), variante, credit


def _est_brouillon(fiche: dict[str, Any], variante: dict[str, Any] | None) -> bool:
    """Not the published content: never-published or changed since, or an unreviewed variant."""
    publication = fiche.get("publication") or {}
    if publication.get("version_publiee") != fiche.get("version"):
        return True
    return variante is not None and not variante.get("publique")


@dataclass(frozen=True)
class PagePdf:
    """The HTML of a fiche's PDF and what the response needs to know about it."""

    html: str
    nom_fichier: str
    nom_fichier_utf8: str
    brouillon: bool


def preparer_pdf(
    runtime: Runtime,
    code: str,
    *,
    selection: SelectionVariante | None = None,
    voir_brouillons: bool,
) -> PagePdf:
    """The printable HTML of fiche ``code`` (or of the selected variant) for this reader."""
    fiche, variante, credit = _charger(
        runtime, code, selection or SelectionVariante(), voir_brouillons=voir_brouillons
    )
    brouillon = _est_brouillon(fiche, variante)
    vue = vue_pdf(fiche, variante=variante, credit=credit, brouillon=brouillon)
    return PagePdf(
        html=_environment().get_template("fiche.html").render(**vue),
        nom_fichier=nom_fichier(fiche["code_rome"], vue["titre"], variante),
        nom_fichier_utf8=nom_fichier(fiche["code_rome"], vue["titre"], variante, ascii_seul=False),
        brouillon=brouillon,
    )


def pdf_de_html(html: str) -> bytes:
    """The PDF bytes of ``html`` (also the start-up warm-up of the rendering pool)."""
    contenu: bytes = document_weasyprint(html).write_pdf()
    return contenu


def document_weasyprint(html: str) -> Any:
    """The laid-out WeasyPrint document (pages) of ``html``, fetching nothing."""
    page = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=()))
    return page.render(stylesheets=[_stylesheet()], font_config=_fonts())


def rendre_pdf(
    runtime: Runtime,
    code: str,
    *,
    selection: SelectionVariante | None = None,
    voir_brouillons: bool,
) -> DocumentPdf:
    """The PDF of fiche ``code`` (or of the selected variant) as its reader may see it."""
    page = preparer_pdf(runtime, code, selection=selection, voir_brouillons=voir_brouillons)
    return DocumentPdf(
        nom_fichier=page.nom_fichier,
        nom_fichier_utf8=page.nom_fichier_utf8,
        contenu=pdf_de_html(page.html),
        brouillon=page.brouillon,
    )


def pdf_fiche(
    runtime: Runtime, code: str, *, variante_id: int | None = None, voir_brouillons: bool
) -> tuple[str, bytes]:
    """(file name, PDF bytes) of a fiche or of variant ``variante_id`` — for batch exports."""
    document = rendre_pdf(
        runtime,
        code,
        selection=SelectionVariante(variante_id=variante_id),
        voir_brouillons=voir_brouillons,
    )
    return document.nom_fichier, document.contenu


def codes_publies(runtime: Runtime) -> list[str]:
    """Codes of every published fiche, in code order."""
    with runtime.sessions() as session:
        query = (
            select(FicheRow.code_rome)
            .where(FicheRow.version_publiee.is_not(None))
            .order_by(FicheRow.code_rome)
        )
        return list(session.scalars(query))


def ecrire_zip_pdfs(
    runtime: Runtime,
    handle: BinaryIO,
    *,
    codes: list[str] | None = None,
    progression: Callable[[str], None] | None = None,
) -> int:
    """Write the ZIP of the public PDFs (default: every published fiche) to an open binary
    stream, seekable or not (``export --format pdf`` to stdout); the count written."""
    codes = codes_publies(runtime) if codes is None else codes
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for code in codes:
            nom, contenu = pdf_fiche(runtime, code, voir_brouillons=False)
            archive.writestr(nom, contenu)
            if progression:
                progression(code)
    return len(codes)


def exporter_pdfs(
    runtime: Runtime,
    path: Path,
    *,
    codes: list[str] | None = None,
    progression: Callable[[str], None] | None = None,
) -> int:
    """A ZIP at ``path`` holding the public PDF of each fiche (default: every published one).

    The archive is written beside ``path`` and moved into place only when complete.
    """
    codes = codes_publies(runtime) if codes is None else codes
    tmp = path.with_name(path.name + ".part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as handle:
            ecrire_zip_pdfs(runtime, handle, codes=codes, progression=progression)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInputError(
            f"Impossible d'écrire l'export PDF dans {path} ({exc.strerror or exc})."
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(codes)
