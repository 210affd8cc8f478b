"""Control centre (``/actions``): pipeline tabs with batch actions run as jobs (live progress,
per-fiche results, cancel), ROME watch and sync, exports, audit history split human / AI."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from agents_metiers.domain.fiche import Statut
from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.variantes import AXES
from agents_metiers.errors import AgentsMetiersError, InvalidInputError
from agents_metiers.rendering import libelles
from agents_metiers.services.fiches import audit as audit_service
from agents_metiers.services.fiches import lecture as fiches_service
from agents_metiers.services.jobs import lifecycle as jobs_service
from agents_metiers.services.jobs.lifecycle import JobCreate
from agents_metiers.services.variantes.generation import AXES_PAR_DEFAUT
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages import variantes as variantes_pages
from agents_metiers.web.pages.rendu import (
    FORM_POST,
    FORM_POST_SAISIE,
    Contexte,
    ContexteDep,
    FormulaireDep,
    limiter_ecritures,
    page,
    redirection,
)
from agents_metiers.web.pages.veille import contexte_veille
from agents_metiers.web.security import RateLimitsDep

router = APIRouter(include_in_schema=False)
PAR_PAGE = 50

# Pipeline tab → (status of the fiches it lists, job type, French label of the button).
PIPELINE: dict[str, tuple[str, str, str]] = {
    "enrichir": (Statut.BROUILLON.value, "enrich", "Enrichir les fiches sélectionnées"),
    "valider": (Statut.ENRICHI.value, "validate", "Valider les fiches sélectionnées"),
    "publier": (Statut.VALIDE.value, "publish", "Publier les fiches sélectionnées"),
    "variantes": (
        Statut.PUBLIEE.value,
        "variants",
        "Générer les variantes des fiches sélectionnées",
    ),
}
IA_A_CONFIGURER = (
    "Aucun fournisseur d'IA n'est configuré (LLM_MODEL avec ANTHROPIC_API_KEY ou "
    "OPENAI_API_KEY, voir docs/settings.md) : ce traitement en lot est indisponible."
)
OUTILS = ("veille", "export", "historique")
PERIODES = {"jour": 1, "semaine": 7, "mois": 30}


def _indisponible(runtime: Any, type_job: str) -> str | None:
    """Why a batch of ``type_job`` cannot start on this installation (no AI provider, market
    source not configured), or None: the buttons are then disabled with this sentence."""
    kind = jobs_service.kind_of(type_job)
    if kind.requires == "llm" and getattr(runtime, "llm", None) is None:
        return IA_A_CONFIGURER
    try:
        jobs_service.check_requirements(runtime, kind)
    except AgentsMetiersError as exc:
        return exc.message
    return None


def _pipeline(session: Any, onglet: str, q: str, p: int) -> dict[str, Any]:
    statut, type_job, bouton = PIPELINE[onglet]
    offset = (max(1, p) - 1) * PAR_PAGE
    if q:
        total, fiches = fiches_service.search(
            session, q, statut=statut, limit=PAR_PAGE, offset=offset
        )
    else:
        total, fiches = fiches_service.list_summaries(
            session, statut=statut, limit=PAR_PAGE, offset=offset
        )
    return {
        "fiches": fiches,
        "total": total,
        "type_job": type_job,
        "bouton": bouton,
        "statut_liste": statut,
        "p": max(1, p),
        "nb_pages": max(1, -(-total // PAR_PAGE)),
    }


def _choix_variantes(demande: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """The variants picker: every value of each axis, the reference default checked, or the
    values of ``demande`` (the address, when the confirmation page sends the user back to
    change them; the posted form, when the batch could not start: an axis left empty stays
    empty)."""
    champs = variantes_pages.CHAMPS_AXES
    if any(demande.get(champ) for champ in champs):
        coches = {champ: list(demande.get(champ) or []) for champ in champs}
    else:
        coches = {champ: list(AXES_PAR_DEFAUT[axe]) for champ, axe in champs.items()}
    return {
        "axes_variantes": variantes_pages.CHAMPS_AXES,
        "valeurs_axes": AXES,
        "axes_coches": coches,
        "etiquettes": libelles,
    }


def _historique(session: Any, request: Request) -> dict[str, Any]:
    params = request.query_params
    periode = params.get("periode", "")
    since = datetime.now(UTC) - timedelta(days=PERIODES[periode]) if periode in PERIODES else None
    texte = (params.get("texte") or "")[:200] or None
    agent = (params.get("agent") or "")[:100] or None
    type_evenement = (params.get("type") or "")[:100] or None

    def journal(acteur: str) -> audit_service.AuditLogPage:
        return audit_service.list_logs(
            session, limit=30, acteur=acteur, search=texte, agent=agent,
            type_evenement=type_evenement, since=since,
        )  # fmt: skip

    humains, ia = journal("humain"), journal("ia")
    return {"humains": humains, "ia": ia, "filtres": dict(params), "periodes": PERIODES}


@router.get("/actions", response_class=HTMLResponse)
def centre(
    *,
    ctx: ContexteDep,
    session: SessionDep,
    request: Request,
    onglet: str = "enrichir",
    q: str = "",
    p: int = 1,
) -> HTMLResponse:
    # ``codes``: the fiches ticked before (« Modifier le choix » of a variants batch).
    coches = frozenset(code[:10] for code in request.query_params.getlist("codes")[: PAR_PAGE * 4])
    return _centre(ctx, session, request, onglet=onglet, q=q, p=p, coches=coches)


def _centre(
    ctx: Contexte,
    session: Any,
    request: Request,
    *,
    onglet: str,
    q: str = "",
    p: int = 1,
    coches: frozenset[str] = frozenset(),
    axes: Mapping[str, Sequence[str]] | None = None,
    erreur: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    """The control centre; ``coches`` (ticked fiches), ``axes`` (ticked variant values, else
    those of the address) and ``erreur`` when a batch could not start or the user comes back
    to change it: the selection is kept, the sentence says why."""
    ctx.exiger(Permission.LIRE_BROUILLONS)
    onglet = onglet if onglet in PIPELINE or onglet in OUTILS else "enrichir"
    stats = fiches_service.stats(session)
    values: dict[str, Any] = {
        "onglet": onglet,
        "q": q[:200],
        "comptes": {s.value: stats[f"statut_{s.value}"] for s in Statut},
        "total": stats["total"],
        "pipeline": PIPELINE,
        "lots": jobs_service.list_jobs(session, limit=10).jobs,
    }
    if onglet in PIPELINE:
        values |= _pipeline(session, onglet, q.strip()[:200], p)
        if onglet == "variantes":
            demande = axes if axes is not None else _axes_demandes(request)
            values |= _choix_variantes(demande)
        affichees = {f.code_rome for f in values["fiches"]}
        values |= {
            "indisponible": _indisponible(request.app.state.runtime, PIPELINE[onglet][1]),
            "coches": coches,
            # Ticked fiches this page does not list (another page, a filter): still ticked.
            "coches_ailleurs": sorted(coches - affichees),
            "erreur": erreur,
        }
    elif onglet == "historique":
        values |= _historique(session, request)
    elif onglet == "veille":
        values |= contexte_veille(session, request, ctx)
    return page(ctx, "actions.html", status=status, **values)


@router.post("/actions/lots", dependencies=FORM_POST_SAISIE, response_model=None)
async def lancer(
    request: Request,
    ctx: ContexteDep,
    session: SessionDep,
    form: FormulaireDep,
    limits: RateLimitsDep,
) -> Response:
    """Queue a job for the checked fiches (or every fiche of the tab's status); a variants
    batch first shows what it will generate (``lot_variantes.html``). Only the queuing counts
    against the write rate limit: the confirmation page writes nothing."""
    principal = ctx.exiger(Permission.LIRE_BROUILLONS)
    tous = form.texte("tous", max_length=1) == "1"
    codes = [code[:10] for code in form.liste("codes")[:5000]]
    if not tous and not codes:
        raise InvalidInputError("Aucune fiche sélectionnée : cochez au moins une fiche.")
    type_job = form.texte("type", max_length=50)
    body = JobCreate(
        type=type_job,
        codes=None if tous else codes,
        statut=form.texte("statut", max_length=20) if tous else None,
    )
    try:
        if body.type == "variants":
            # The picker's combinations; the batch is confirmed once its size has been shown.
            body.params = variantes_pages.axes_coches(form.valeurs)
            if form.texte("confirme", max_length=1) != "1":
                return _confirmer_variantes(ctx, session, body, tous)
        limiter_ecritures(request, ctx, limits)
        job = jobs_service.creer_job(request.app.state.runtime, session, body, principal.auteur)
    except AgentsMetiersError as exc:
        onglet = next((o for o, (_s, t, _b) in PIPELINE.items() if t == type_job), None)
        if onglet is None:
            raise
        # Back to the same tab, the same fiches checked, with the reason (never a dead end).
        return _centre(
            ctx, session, request, onglet=onglet, coches=frozenset(codes), axes=form.valeurs,
            erreur=exc.message, status=exc.status_code,
        )  # fmt: skip
    return redirection(ctx, f"/actions/lots/{job.id}")


def _confirmer_variantes(ctx: Contexte, session: Any, body: JobCreate, tous: bool) -> HTMLResponse:
    """What the variants batch will generate and how many, with the button that launches it."""
    statut = body.statut or Statut.PUBLIEE.value
    nb = fiches_service.stats(session).get(f"statut_{statut}", 0) if tous else len(body.codes or [])
    return page(
        ctx,
        "lot_variantes.html",
        etiquettes=libelles,
        resume=variantes_pages.resume(body.params, nb, ctx.t),
        params=body.params,
        codes=body.codes or [],
        tous=tous,
        statut=statut,
        modifier=_adresse_du_choix(body.codes or [], body.params),
    )


def _axes_demandes(request: Request) -> dict[str, list[str]]:
    return {champ: request.query_params.getlist(champ) for champ in variantes_pages.CHAMPS_AXES}


def _adresse_du_choix(codes: Sequence[str], params: Mapping[str, Sequence[str]]) -> str:
    """The variants tab with this choice ticked again: fiches and values of each axis."""
    query = [("onglet", "variantes"), *(("codes", c) for c in codes)]
    query += [(champ, v) for champ in variantes_pages.CHAMPS_AXES for v in params.get(champ, [])]
    return "/actions?" + urlencode(query)


@router.get("/actions/lots/{job_id}", response_class=HTMLResponse)
def lot(ctx: ContexteDep, session: SessionDep, job_id: str) -> HTMLResponse:
    """A job with its items; htmx polls the ``progression`` block while it runs."""
    ctx.exiger(Permission.LIRE_BROUILLONS)
    job = jobs_service.job_detail(session, job_id[:64])
    return page(ctx, "lot.html", block="progression", job=job)


@router.post("/actions/lots/{job_id}/annuler", dependencies=FORM_POST)
def annuler(ctx: ContexteDep, session: SessionDep, job_id: str) -> RedirectResponse:
    principal = ctx.exiger(Permission.LIRE_BROUILLONS)
    jobs_service.annuler(session, job_id[:64], principal.auteur)
    return redirection(ctx, f"/actions/lots/{job_id[:64]}")


@router.post("/actions/revue", dependencies=FORM_POST)
async def relire_en_lot(
    request: Request, ctx: ContexteDep, session: SessionDep, form: FormulaireDep
) -> RedirectResponse:
    """Queue a batch human review (``review`` job) from the « Relire en lot » form."""
    principal = ctx.exiger(Permission.RELIRE)
    codes = form.texte("codes_texte", max_length=6000).replace(",", " ").split()
    statut = form.texte("statut", max_length=20) or None
    domaine = form.texte("domaine", max_length=3).strip() or None
    if codes and (statut or domaine):
        statut = domaine = None  # codes named: they are the selection
    if not codes and not statut and not domaine:
        raise InvalidInputError("Indiquez un statut, un domaine ou des codes ROME à relire.")
    body = JobCreate(
        type="review",
        codes=[code[:10] for code in codes[:5000]] or None,
        statut=statut,
        domaine=domaine,
        params={"decision": "validate", "publier": form.texte("publier", max_length=1) == "1"},
    )
    job = jobs_service.creer_job(request.app.state.runtime, session, body, principal.auteur)
    return redirection(ctx, f"/actions/lots/{job.id}")
