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
from agents_metiers.errors import ConflictError, InvalidInputError
from agents_metiers.rendering import libelles as etiquettes
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches import edition, workflow
from agents_metiers.services.fiches.inputs import FicheUpdate, RollbackBody
from agents_metiers.services.fiches.lecture import check_code_rome, get_detail
from agents_metiers.services.fiches.schemas import NIVEAUX_SALAIRE, FicheDetail
from agents_metiers.services.ia import actions as ia
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages import formulaire_fiche, vue_fiche
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
from agents_metiers.web.security import RateLimitsDep
from agents_metiers.web.validation import message_validation

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


def _formulaire(
    ctx: Contexte,
    fiche: FicheDetail,
    etat: dict[str, Any],
    *,
    version: int | None = None,
    erreurs: dict[str, str] | None = None,
    message: str = "",
    alerte: str = "",
    focus: str | None = None,
    motif: str = "",
    status: int = 200,
) -> HTMLResponse:
    """The edit page with ``etat`` in its fields (the fiche's, or the user's pending one)."""
    return page(
        ctx,
        "modifier.html",
        status=status,
        fiche=fiche,
        sections=formulaire_fiche.SECTIONS,
        etat=etat,
        version=fiche.version if version is None else version,
        erreurs=erreurs or {},
        message=message,
        alerte=alerte,
        focus=focus,
        motif=motif,
        libelles=_libelles(ctx),
        niveaux_salaire=NIVEAUX_SALAIRE,
        contrats=formulaire_fiche.CONTRATS,
        tendances=formulaire_fiche.TENDANCES,
        marqueur=formulaire_fiche.LISTE_MARQUEUR,
        badges={
            champ: vue_fiche.badge(fiche.provenance, champ, ctx.t)
            for champ in formulaire_fiche.CHAMPS
        },
        sous_libelles={
            "nom": ctx.t("Nom"),
            "url": ctx.t("Adresse (URL)"),
            "description": ctx.t("Description"),
            "niveau": ctx.t("Niveau (1 à 5)"),
        },
    )


def _libelles(ctx: Contexte) -> dict[str, str]:
    """The form's labels, from the one label table (``rendering/libelles.py``), translated."""
    champs = {*formulaire_fiche.CHAMPS, "salaires", "types_contrats", "perspectives"}
    # The chart and PDF labels (salary levels, contract types…) plus the fields.
    libelles = etiquettes.libelles(ctx.langue)
    libelles |= {f"champ.{nom}": ctx.t(etiquettes.champ(nom)) for nom in champs}
    for cle in ("tension", "tendance", "evolution_5ans", "nombre_offres", "taux_insertion"):
        libelles[f"champ.{cle}"] = ctx.t(etiquettes.cle(cle))
    for code in formulaire_fiche.TENDANCES:
        libelles[f"tendance.{code}"] = ctx.t(etiquettes.tendance(code))
    return libelles


@router.get("/fiches/{code_rome}/modifier", response_class=HTMLResponse)
def formulaire(ctx: ContexteDep, session: SessionDep, code_rome: str) -> HTMLResponse:
    ctx.exiger(Permission.MODIFIER)
    fiche = get_detail(session, code_rome)
    return _formulaire(ctx, fiche, formulaire_fiche.etat_fiche(fiche))


@router.post("/fiches/{code_rome}/modifier", dependencies=FORM_POST_SAISIE, response_model=None)
async def enregistrer(
    *,
    request: Request,
    ctx: ContexteDep,
    session: SessionDep,
    limits: RateLimitsDep,
    code_rome: str,
    form: FormulaireDep,
) -> HTMLResponse | RedirectResponse:
    """Save the changed fields through the API's service, or apply a list button and show
    the form again with the pending values (nothing saved). Only a save counts against the
    write rate limit: an editor reworking a long list is never locked out before saving."""
    principal = ctx.exiger(Permission.MODIFIER)
    fiche = get_detail(session, code_rome)
    origine = formulaire_fiche.etat_fiche(fiche)
    etat = formulaire_fiche.etat_formulaire(form, origine)
    version = form.entier("version")
    motif = form.texte("motif", max_length=501)
    action = form.texte("action", max_length=80) or "enregistrer"
    if action != "enregistrer":
        geste = formulaire_fiche.appliquer_geste(etat, action)
        if geste is None:
            raise InvalidInputError(f"Action inconnue : « {action[:40]} ».")
        return _formulaire(
            ctx, fiche, etat, version=version, motif=motif, focus=geste.focus,
            message=f"{ctx.t(geste.message)} {ctx.t(NON_ENREGISTRE)}",
        )  # fmt: skip
    limiter_ecritures(request, ctx, limits)
    modifies = formulaire_fiche.champs_modifies(etat, origine)
    valeurs, erreurs = formulaire_fiche.vers_champs(etat, modifies, _libelles(ctx))
    if not erreurs:
        try:
            update = FicheUpdate(**valeurs, version=version, motif=motif)
        except ValidationError as exc:
            erreurs = {"motif": message_validation({**exc.errors()[0], "loc": ("body", "motif")})}
    if erreurs:
        return _formulaire(
            ctx, fiche, etat, version=version, motif=motif, erreurs=erreurs, status=422,
            alerte=ctx.t("Rien n'a été enregistré : corrigez les champs signalés."),
        )  # fmt: skip
    try:
        result = edition.modifier(session, code_rome, update, principal.auteur)
    except ConflictError as exc:
        return _formulaire(
            ctx, fiche, etat, version=version, motif=motif, status=409,
            alerte=f"{exc} {ctx.t(CONFLIT_SAISIE)}",
        )  # fmt: skip
    message = "modifiee" if result.champs_modifies else "inchangee"
    return redirection(ctx, _vers_fiche(result.code_rome, message))


NON_ENREGISTRE = "Pas encore enregistré : cliquez sur « Enregistrer le brouillon » pour le garder."
CONFLIT_SAISIE = (
    "Votre saisie est conservée ci-dessous : ouvrez la fiche dans un autre onglet pour voir "
    "la version actuelle, puis reportez vos changements après l'avoir rechargée."
)


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
