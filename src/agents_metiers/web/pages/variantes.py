"""Variant generation from the pages: the fiche's variant matrix and the control centre's
picker both queue a ``variants`` job (never an AI call inside the request) and say, in French,
what will be generated and how many."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse

from agents_metiers.domain.permissions import Permission
from agents_metiers.domain.variantes import AXES, Combinaison
from agents_metiers.errors import InvalidInputError
from agents_metiers.rendering.libelles import AXES_VARIANTES, valeur_variante
from agents_metiers.services.fiches.lecture import get_detail
from agents_metiers.services.jobs import lifecycle as jobs_service
from agents_metiers.services.jobs.lifecycle import JobCreate
from agents_metiers.services.variantes.generation import lire_params
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.i18n import Traducteur
from agents_metiers.web.pages.rendu import FORM_POST, ContexteDep, FormulaireDep, redirection

router = APIRouter(include_in_schema=False)

# Form field of each axis in the control centre's picker → key of the job's params.
CHAMPS_AXES = {
    "langues": "langue",
    "tranches": "tranche_age",
    "formats": "format_contenu",
    "genres": "genre",
}
# « Cochez au moins … » per axis.
_AU_MOINS = {
    "langues": "une langue",
    "tranches": "une tranche d'âge",
    "formats": "un format",
    "genres": "un genre",
}


def combinaisons_cochees(valeurs: Sequence[str]) -> list[Combinaison]:
    """The matrix's checked cells (``fr|18+|falc|epicene``), validated; 422 when none is
    checked or a value is unknown."""
    if not valeurs:
        raise InvalidInputError(
            "Aucune combinaison cochée : cochez au moins une case de la matrice des variantes."
        )
    combinaisons = []
    for valeur in valeurs[:90]:
        parties = valeur.split("|")
        if len(parties) != len(AXES):
            raise InvalidInputError(f"Combinaison illisible : « {valeur[:60]} ».")
        combinaisons.append(dict(zip(AXES, parties, strict=True)))
    return lire_params({"combinaisons": combinaisons})


def axes_coches(form_valeurs: dict[str, list[str]]) -> dict[str, list[str]]:
    """The picker's checked values per axis (job params), validated: 422 with a French
    sentence when an axis has nothing checked or an unknown value."""
    params: dict[str, list[str]] = {}
    for champ, axe in CHAMPS_AXES.items():
        valeurs = list(dict.fromkeys(form_valeurs.get(champ, [])))[: len(AXES[axe])]
        if not valeurs:
            raise InvalidInputError(
                f"Aucune valeur cochée pour l'axe « {axe_libelle(axe)} » : "
                f"cochez au moins {_AU_MOINS[champ]}."
            )
        params[champ] = valeurs
    lire_params(params)
    return params


def axe_libelle(axe: str) -> str:
    return AXES_VARIANTES[axe]


def resume(params: dict[str, list[str]], nb_fiches: int, t: Traducteur) -> dict[str, Any]:
    """What a variants batch will generate: the values of each axis in words, the number of
    variants per fiche and in all."""
    par_fiche = len(lire_params(params))
    return {
        "axes": [
            (t(axe_libelle(axe)), [t(valeur_variante(v)) for v in params[champ]])
            for champ, axe in CHAMPS_AXES.items()
        ],
        "par_fiche": par_fiche,
        "fiches": nb_fiches,
        "total": par_fiche * nb_fiches,
    }


@router.post("/fiches/{code_rome}/variantes/generer", dependencies=FORM_POST)
def generer(
    request: Request, ctx: ContexteDep, session: SessionDep, form: FormulaireDep, code_rome: str
) -> RedirectResponse:
    """Queue the generation of the matrix's checked combinations for this fiche."""
    principal = ctx.exiger(Permission.ENRICHIR)
    fiche = get_detail(session, code_rome, voir_brouillons=True)
    combinaisons = combinaisons_cochees(form.liste("combinaisons"))
    body = JobCreate(
        type="variants",
        codes=[fiche.code_rome],
        params={"combinaisons": [c.cle() for c in combinaisons]},
    )
    job = jobs_service.creer_job(request.app.state.runtime, session, body, principal.auteur)
    return redirection(ctx, f"/actions/lots/{job.id}")
