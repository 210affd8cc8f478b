"""Form posts on a fiche: workflow actions, editing a draft, restoring a revision.

Each route checks the CSRF field, the caller's permission and the fiche version, calls the
same service as the JSON API, then redirects (303) to the fiche with a message.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.workflow import Action
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches import edition, workflow
from agents_metiers.services.fiches.inputs import FicheUpdate, RollbackBody
from agents_metiers.services.fiches.lecture import check_code_rome, get_detail
from agents_metiers.services.ia import actions as ia
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages.rendu import (
    FORM_POST,
    ContexteDep,
    FormulaireDep,
    page,
    redirection,
)

router = APIRouter(include_in_schema=False)

# Message shown after each action (French keys, translated by the page).
MESSAGES = {
    "soumettre": "Fiche soumise à la relecture.",
    "valider": "Fiche validée.",
    "publier": "Fiche publiée avec succès.",
    "demander_modifications": "Modifications demandées.",
    "rejeter": "Fiche renvoyée en brouillon.",
    "depublier": "Fiche dépubliée.",
    "enrichir": "Enrichissement terminé.",
    "valider_ia": "Validation terminée.",
    "auto_corriger": "Corrections appliquées.",
    "modifiee": "Brouillon enregistré.",
    "inchangee": "Aucun changement à enregistrer.",
    "restauree": "Révision restaurée.",
    "revue": "Changement ROME traité.",
}
DECISIONS = {
    "valider": "validate",
    "demander_modifications": "request_changes",
    "rejeter": "reject",
}
TRANSITIONS = {
    "soumettre": Action.SOUMETTRE,
    "publier": Action.PUBLIER,
    "depublier": Action.DEPUBLIER,
}
IA = {"enrichir": ia.enrichir, "valider_ia": ia.valider, "auto_corriger": ia.auto_corriger}


def _vers_fiche(code: str, message: str) -> str:
    return f"/fiches/{code}?message={message}"


async def _action_ia(request: Request, code: str, action: str, auteur: Auteur, motif: str) -> None:
    """AI actions call the same per-fiche coroutines as the API and the jobs (``services.ia``):
    without a provider they raise the 503 sentence and change nothing."""
    params: dict[str, Any] = {"instructions": motif} if motif and action == "enrichir" else {}
    await IA[action](request.app.state.runtime, code, auteur, params)


def _transition(
    session: Session, code: str, action: str, auteur: Auteur, *, motif: str, version: int | None
) -> None:
    if action in DECISIONS:
        workflow.relire(
            session, code, DECISIONS[action], auteur, commentaire=motif, version=version
        )
    elif action in TRANSITIONS:
        workflow.transitionner(
            session, code, TRANSITIONS[action], auteur, motif=motif, version=version
        )
    else:
        raise InvalidInputError(f"Action inconnue : « {action[:40]} ».")


@router.post("/fiches/{code_rome}/workflow", dependencies=FORM_POST)
async def action_workflow(
    request: Request,
    ctx: ContexteDep,
    session: SessionDep,
    code_rome: str,
    form: FormulaireDep,
) -> RedirectResponse:
    principal = ctx.exiger(Permission.LIRE_BROUILLONS)
    code = check_code_rome(code_rome)
    action = form.texte("action", max_length=40)
    version = form.entier("version")
    motif = form.texte("motif", max_length=501)
    if action in IA:
        await _action_ia(request, code, action, principal.auteur, motif.strip())
    else:
        _transition(session, code, action, principal.auteur, motif=motif.strip(), version=version)
    return redirection(ctx, _vers_fiche(code, action))


CHAMPS_TEXTE = ("description", "description_courte", "acces_metier", "niveau_formation")
CHAMPS_LISTE = (
    "missions_principales",
    "formations",
    "certifications",
    "traits_personnalite",
    "conditions_travail",
    "environnements",
)


@router.get("/fiches/{code_rome}/modifier", response_class=HTMLResponse)
def formulaire(ctx: ContexteDep, session: SessionDep, code_rome: str) -> HTMLResponse:
    ctx.exiger(Permission.MODIFIER)
    fiche = get_detail(session, code_rome)
    return page(
        ctx, "modifier.html", fiche=fiche, champs_texte=CHAMPS_TEXTE, champs_liste=CHAMPS_LISTE
    )


def _lignes(texte: str) -> list[str]:
    return [ligne.strip() for ligne in texte.splitlines() if ligne.strip()]


@router.post("/fiches/{code_rome}/modifier", dependencies=FORM_POST)
async def enregistrer(
    ctx: ContexteDep, session: SessionDep, code_rome: str, form: FormulaireDep
) -> RedirectResponse:
    principal = ctx.exiger(Permission.MODIFIER)
    valeurs: dict[str, Any] = {
        k: form.texte(k, max_length=10_001) or None for k in CHAMPS_TEXTE if k in form
    }
    valeurs |= {k: _lignes(form.texte(k, max_length=100_000)) for k in CHAMPS_LISTE if k in form}
    try:
        update = FicheUpdate(
            **valeurs, version=form.entier("version"), motif=form.texte("motif", max_length=501)
        )
    except ValidationError as exc:
        erreur = exc.errors()[0]
        champ = ".".join(str(p) for p in erreur.get("loc", ()))
        raise InvalidInputError(f"Champ « {champ} » refusé : {erreur.get('msg', '')}.") from None
    result = edition.modifier(session, code_rome, update, principal.auteur)
    message = "modifiee" if result.champs_modifies else "inchangee"
    return redirection(ctx, _vers_fiche(result.code_rome, message))


@router.post("/fiches/{code_rome}/revisions/{numero}/restaurer", dependencies=FORM_POST)
def restaurer(
    ctx: ContexteDep,
    session: SessionDep,
    code_rome: str,
    numero: int,
    form: FormulaireDep,
) -> RedirectResponse:
    principal = ctx.exiger(Permission.MODIFIER)
    body = RollbackBody(version=form.entier("version"))
    result = edition.restaurer(session, code_rome, numero, body, principal.auteur)
    return redirection(ctx, _vers_fiche(result.code_rome, "restauree") + "#revisions")
