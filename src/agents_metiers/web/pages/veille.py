"""The control centre's Veille tab (``/actions?onglet=veille``) and its forms: run the veille
(admin), sync (admin), review a change (relecteur, admin). Forms post then redirect (303);
every action calls the same service as the API and the CLI."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.errors import InvalidInputError
from agents_metiers.rome.download import is_url
from agents_metiers.services.fiches import audit as audit_service
from agents_metiers.services.jobs.queue import dispatch
from agents_metiers.services.planificateur.etat import prochaine_execution
from agents_metiers.services.veille.consultation import statut_veille
from agents_metiers.services.veille.lancement import (
    creer_tache_veille,
    executer_maintenant,
    source_veille,
)
from agents_metiers.services.veille.revue import changements, reviser
from agents_metiers.services.veille.sync import synchroniser
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages import vue_veille
from agents_metiers.web.pages.rendu import (
    FORM_POST,
    Contexte,
    ContexteDep,
    FormulaireDep,
    redirection,
)

router = APIRouter(include_in_schema=False)
PAR_PAGE = 30
ETATS = {"attente": False, "revus": True, "tous": None}
MESSAGES = {
    "veille": "Veille terminée : l'état et les changements détectés sont ci-dessous.",
    "sync": "Synchronisation terminée : son bilan est sous « Dernière synchronisation ».",
    "revue": "Changement traité.",
}
ONGLET = "/actions?onglet=veille"


def _filtres(request: Request) -> dict[str, Any]:
    params = request.query_params
    etat = params.get("etat", "attente")
    type_change = params.get("type", "")
    return {
        "etat": etat if etat in ETATS else "attente",
        "type": type_change if type_change in vue_veille.TYPES else "",
        "sens": params.get("sens") == "1",
        "code": (params.get("code") or "").strip().upper()[:5],
        "p": max(1, int(params["p"])) if params.get("p", "").isdigit() else 1,
    }


def contexte_veille(session: Session, request: Request, ctx: Contexte) -> dict[str, Any]:
    """What the Veille tab shows (relecteurs and admins; editors get a sentence)."""
    if not ctx.peut(Permission.RELIRE.value):
        return {"veille_reservee": True}
    filtres = _filtres(request)
    page = changements(
        session,
        reviewed=ETATS[filtres["etat"]],
        code_rome=filtres["code"] or None,
        change_type=filtres["type"] or None,
        sens_modifie=True if filtres["sens"] else None,
        limit=PAR_PAGE,
        offset=(filtres["p"] - 1) * PAR_PAGE,
    )
    syncs = audit_service.list_logs(session, limit=1, type_evenement="veille.synchronisation")
    return {
        "veille": statut_veille(
            session=session,
            prochaine_execution=prochaine_execution(request.app.state.settings, "veille-rome"),
        ),
        "changements": [(c, vue_veille.lignes(c.details)) for c in page.changes],
        "total_changements": page.total,
        "nb_pages_veille": max(1, -(-page.total // PAR_PAGE)),
        "filtres_veille": filtres,
        "derniere_sync": syncs.logs[0] if syncs.logs else None,
        "vue_veille": vue_veille,
        "message_veille": MESSAGES.get(request.query_params.get("message", "")),
        "ia_disponible": getattr(request.app.state.runtime, "llm", None) is not None,
    }


@router.post("/actions/veille/lancer", dependencies=FORM_POST)
async def lancer_veille(
    request: Request, ctx: ContexteDep, session: SessionDep, form: FormulaireDep
) -> RedirectResponse:
    """Run the veille now on a folder or zip; a URL is downloaded by a job."""
    principal = ctx.exiger(Permission.OPERER)
    runtime = request.app.state.runtime
    source = source_veille(runtime.settings, form.texte("source", max_length=2000) or None)
    if is_url(source):
        job = creer_tache_veille(runtime, session, source, principal.auteur)
        await dispatch(runtime, job.id, worker=getattr(request.app.state, "job_worker", None))
        return redirection(ctx, f"/actions/lots/{job.id}")
    await asyncio.to_thread(executer_maintenant, runtime, source)
    return redirection(ctx, f"{ONGLET}&message=veille")


@router.post("/actions/veille/sync", dependencies=FORM_POST)
async def synchroniser_page(request: Request, ctx: ContexteDep) -> RedirectResponse:
    principal = ctx.exiger(Permission.OPERER)
    runtime = request.app.state.runtime

    def executer() -> None:
        with runtime.sessions() as session:
            synchroniser(session, principal.auteur)

    await asyncio.to_thread(executer)
    return redirection(ctx, f"{ONGLET}&message=sync")


def _retour(form: Any) -> str:
    """Where to go back after a review: the tab or a fiche page (local paths only)."""
    retour = form.texte("retour", max_length=300) or ONGLET
    if not retour.startswith("/") or retour.startswith("//") or "\\" in retour:
        raise InvalidInputError("Adresse de retour invalide.")
    return retour


@router.post("/actions/veille/changements/{change_id}", dependencies=FORM_POST)
async def reviser_page(
    request: Request, ctx: ContexteDep, session: SessionDep, form: FormulaireDep, change_id: int
) -> RedirectResponse:
    """acknowledge, apply or re_enrich one change (the job page for a re-enrichment)."""
    principal = ctx.exiger(Permission.RELIRE)
    runtime = request.app.state.runtime
    retour = _retour(form)
    action = form.texte("action", max_length=20)
    resultat = reviser(runtime, session, change_id, action, principal.auteur)
    if resultat.job_id is not None:
        worker = getattr(request.app.state, "job_worker", None)
        await dispatch(runtime, resultat.job_id, worker=worker)
        return redirection(ctx, f"/actions/lots/{resultat.job_id}")
    separateur = "&" if "?" in retour else "?"
    return redirection(ctx, f"{retour}{separateur}message=revue")
