"""The fiche page (§9): every section, workflow, validation, variants, revisions, career map.

The public reads the published snapshot; editors read the working copy. Market blocks load
from their own fragment route (``/fiches/{code}/marche``) so the page never waits on a source.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import anyio
from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session

from agents_metiers import __version__
from agents_metiers.domain.regions import REGIONS
from agents_metiers.domain.variantes import GENRES
from agents_metiers.errors import AgentsMetiersError, InvalidInputError
from agents_metiers.rendering import charts, libelles
from agents_metiers.rendering.carte import carte_svg
from agents_metiers.services.exploration.transitions import Transition, transitions
from agents_metiers.services.fiches import revisions as revisions_service
from agents_metiers.services.fiches.lecture import document_public, get_detail
from agents_metiers.services.fiches.revisions import RevisionDiff, RevisionPage
from agents_metiers.services.fiches.schemas import FicheDetail
from agents_metiers.services.ia import actions as ia
from agents_metiers.services.indisponible import marche_pour
from agents_metiers.services.marche import blocs as marche
from agents_metiers.services.marche.alternance import alternance
from agents_metiers.services.variantes import generation as variantes_service
from agents_metiers.services.variantes.matrice import matrice_variantes
from agents_metiers.services.veille import revue as veille_revue
from agents_metiers.services.veille.fusion import champs_ancien_metier
from agents_metiers.storage import publique
from agents_metiers.web.caching import est_frais, etag_of, validateurs
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.i18n import traducteur
from agents_metiers.web.pages import vue_fiche, vue_veille
from agents_metiers.web.pages.edition import MESSAGES
from agents_metiers.web.pages.rendu import Contexte, ContexteDep, page
from agents_metiers.web.security import voit_brouillons

router = APIRouter(include_in_schema=False)
REVISIONS_AFFICHEES = 10
TRANSITIONS_AFFICHEES = 6
OFFRES_AFFICHEES = 20


def carte(fiche: FicheDetail, *, lang: str) -> Markup | None:
    """The clickable career map (SVG of ``rendering.carte``), None without mobilities."""
    return carte_svg(fiche, interactive=True, href=lambda code: f"/fiches/{code}", lang=lang)


def _variante(
    session: Session, fiche: FicheDetail, variante_id: int | None, editeur: bool
) -> tuple[FicheDetail, Any]:
    if variante_id is None:
        return fiche, None
    variante = variantes_service.get_variante(
        session, fiche.code_rome, variante_id, voir_brouillons=editeur
    )
    return vue_fiche.avec_variante(fiche, variante.contenu, variante.nom), variante


def _revisions(
    session: Session, code: str, de: int | None, a: int | None
) -> tuple[RevisionPage, RevisionDiff | None]:
    historique = revisions_service.list_page(session, code, limit=REVISIONS_AFFICHEES, offset=0)
    if de is None or a is None:
        return historique, None
    return historique, revisions_service.diff(session, code, de, a)


def _region(region: str | None) -> str | None:
    if region in (None, ""):
        return None
    if region not in REGIONS:
        raise InvalidInputError(
            f"Région inconnue : « {region} » (code INSEE de l'une des 18 régions)."
        )
    return region


def _graphiques(fiche: FicheDetail, lang: str) -> dict[str, Markup | None]:
    """The same SVG charts as the PDF (``rendering.charts``); None where there is no data."""
    return {
        "riasec": charts.riasec_svg(fiche.profil_riasec, lang=lang),
        "dimensions": charts.dimensions_svg(fiche.competences_dimensions, lang=lang),
        "salaires": charts.salaires_svg(fiche.salaires, lang=lang),
        "contrats": charts.contrats_svg(fiche.types_contrats, lang=lang),
        "tension": charts.tension_svg((fiche.perspectives or {}).get("tension"), lang=lang),
    }


@router.get("/fiches/{code_rome}", response_class=HTMLResponse)
def fiche_page(
    *,
    ctx: ContexteDep,
    session: SessionDep,
    code_rome: str,
    variante: int | None = None,
    region: str | None = None,
    de: int | None = None,
    a: int | None = None,
    message: str | None = None,
) -> Response:
    editeur = voit_brouillons(ctx.principal)
    public = _validateur_public(ctx, session, code_rome) if ctx.principal is None else None
    if public is not None and est_frais(ctx.request, public[0]):
        return validateurs(Response(status_code=304), **_cache_page(public))
    originale = get_detail(session, code_rome, voir_brouillons=editeur)
    if originale.code_rome != code_rome:
        code_rome = originale.code_rome
    fiche, active = _variante(session, originale, variante, editeur)
    langue = active.langue if active is not None else ctx.langue
    historique, diff = _revisions(session, fiche.code_rome, de, a) if editeur else (None, None)
    response = page(
        ctx,
        "fiche.html",
        _=traducteur(langue),
        lang=langue,
        fiche=fiche,
        originale=originale,
        variante=active,
        variantes=variantes_service.list_variantes(
            session, fiche.code_rome, voir_brouillons=editeur
        ).variantes,
        region=_region(region),
        regions=REGIONS,
        vue=vue_fiche,
        badge=_badges(fiche, traducteur(langue)),
        graphiques=_graphiques(fiche, _langue_graphiques(langue)),
        carte=carte(fiche, lang=_langue_graphiques(langue)),
        transitions=_transitions(session, fiche.code_rome, editeur),
        riasec=vue_fiche.riasec(fiche.profil_riasec),
        dimensions=vue_fiche.dimensions(fiche.competences_dimensions),
        parcours=vue_fiche.parcours(fiche.formations),
        etapes=vue_fiche.etapes(originale.statut),
        actions=vue_fiche.actions_permises(originale, ctx.principal),
        ia=vue_fiche.peut_ia(ctx.principal),
        ia_disponible=getattr(ctx.request.app.state.runtime, "llm", None) is not None,
        controles=ia.controles(session, originale.code_rome) if editeur else None,
        historique=historique,
        diff=diff,
        message=MESSAGES.get(message or ""),
        editeur=editeur,
        veille_fiche=_veille_fiche(session, originale) if editeur else None,
        matrice=matrice_variantes(session, originale.code_rome) if editeur else None,
        etiquettes=libelles,
        genres=GENRES,
        jsonld=vue_fiche.jsonld(
            fiche, str(ctx.request.url_for("fiche_page", code_rome=fiche.code_rome))
        ),
        pdf_url=_pdf_url(fiche.code_rome, active),
    )
    return validateurs(response, **_cache_page(public)) if public is not None else response


def _validateur_public(ctx: Contexte, session: Session, code_rome: str) -> tuple[str, datetime]:
    """The ``ETag`` and ``Last-Modified`` of the page an anonymous visitor gets: the
    published fiche and its variants, every other publication (the page shows neighbouring
    fiches), the address (language, variant, region…), the product version, and the
    visitor's CSRF token that the page embeds."""
    document = document_public(session, code_rome)
    htmx = ctx.request.headers.get("HX-Request", "")
    autres = publique.marqueur(session=session)
    cle = "|".join(
        (document.validateur, autres, str(ctx.request.url), ctx.langue, ctx.csrf, __version__, htmx)
    )
    return etag_of(cle.encode()), document.derniere_modification


def _cache_page(public: tuple[str, datetime]) -> dict[str, Any]:
    # ``private``: the page embeds the visitor's CSRF token, no shared cache may keep it.
    return {"etag": public[0], "last_modified": public[1], "cache_control": "private, no-cache"}


def _veille_fiche(session: Session, fiche: FicheDetail) -> dict[str, Any]:
    """The pending ROME changes of the fiche (readable diffs) and its texts to rewrite."""
    attente = veille_revue.changements(session, reviewed=False, code_rome=fiche.code_rome)
    return {
        "changements": [(c, vue_veille.lignes(c.details)) for c in attente.changes],
        "a_reecrire": champs_ancien_metier(fiche.provenance),
        "vue": vue_veille,
    }


def _badges(fiche: FicheDetail, t: Callable[..., str]) -> Callable[[str], vue_fiche.Badge | None]:
    def badge(champ: str) -> vue_fiche.Badge | None:
        return vue_fiche.badge(fiche.provenance, champ, t)

    return badge


def _transitions(session: Session, code: str, editeur: bool) -> list[Transition]:
    return transitions(session, code, limit=TRANSITIONS_AFFICHEES, voir_brouillons=editeur)


def _pdf_url(code: str, variante: Any) -> str:
    if variante is None:
        return f"/api/fiches/{code}/pdf"
    return (
        f"/api/fiches/{code}/pdf?langue={variante.langue}&genre={variante.genre}"
        f"&tranche_age={variante.tranche_age}&format_contenu={variante.format_contenu}"
    )


@router.get("/fiches/{code_rome}/carte", response_class=HTMLResponse)
def carte_page(ctx: ContexteDep, session: SessionDep, code_rome: str) -> HTMLResponse:
    editeur = voit_brouillons(ctx.principal)
    fiche = get_detail(session, code_rome, voir_brouillons=editeur)
    return page(
        ctx,
        "carte.html",
        fiche=fiche,
        carte=carte(fiche, lang=ctx.langue),
        transitions=_transitions(session, fiche.code_rome, editeur),
    )


@router.get("/fiches/{code_rome}/marche", response_class=HTMLResponse)
async def marche_fragment(
    ctx: ContexteDep, session: SessionDep, code_rome: str, region: str | None = None
) -> HTMLResponse:
    """htmx fragment (full page without JavaScript): regional statistics, recruitments by
    month, job offers and apprenticeship, or « indisponible » sentences."""
    editeur = voit_brouillons(ctx.principal)
    fiche = get_detail(session, code_rome, voir_brouillons=editeur)
    region = _region(region)
    blocs = await _blocs_marche(ctx, fiche.code_rome, region, editeur)
    return page(
        ctx, "marche.html", block="marche", fiche=fiche, region=region, regions=REGIONS, **blocs
    )


def _langue_graphiques(langue: str) -> str:
    return langue if langue in ("fr", "en") else "en"


async def _bloc(appel: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    """One market block; a refused request is shown as its sentence, like a missing source."""
    try:
        return await appel
    except AgentsMetiersError as exc:
        return {"disponible": False, "message": exc.message}


async def _blocs_marche(
    ctx: Contexte, code: str, region: str | None, editeur: bool
) -> dict[str, Any]:
    """The four market blocks, fetched together (each source has its own short timeout)."""
    runtime = ctx.request.app.state.runtime
    vue = {"voir_brouillons": editeur}
    blocs: dict[str, dict[str, Any]] = {}

    async def remplir(nom: str, appel: Awaitable[dict[str, Any]]) -> None:
        blocs[nom] = marche_pour(await _bloc(appel), equipe=editeur)

    async with anyio.create_task_group() as groupe:
        groupe.start_soon(remplir, "regional", marche.regional(runtime, code, region, **vue))
        groupe.start_soon(
            remplir, "recrutements", marche.recrutements(runtime, code, region, **vue)
        )
        groupe.start_soon(
            remplir, "offres", marche.offres(runtime, code, region, limit=OFFRES_AFFICHEES, **vue)
        )
        groupe.start_soon(remplir, "alternance", alternance(runtime, code, region, **vue))
    lang = _langue_graphiques(ctx.langue)
    return {
        **blocs,
        "graphique_recrutements": charts.recrutements_svg(
            blocs["recrutements"].get("recrutements"), lang=lang
        ),
        "graphique_contrats": charts.contrats_svg(
            blocs["regional"].get("types_contrats"), lang=lang
        ),
        "graphique_tension": charts.tension_svg(
            blocs["regional"].get("tension_regionale"), lang=lang
        ),
    }
