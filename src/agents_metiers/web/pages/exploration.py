"""Public pages of the exploration: interest explorer and comparison.

Both forms use GET (the answers are the query), so they work without JavaScript, can be
bookmarked and shared; a bad input is shown as a sentence above the form.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from agents_metiers.domain.interets import NOMS_RIASEC, nom_riasec
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.exploration import comparaison, explorer
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.pages.rendu import ContexteDep, page
from agents_metiers.web.security import voit_brouillons

router = APIRouter(include_in_schema=False)
REPONSE_CHAMP = "q_"  # answer fields are q_R1 … q_C5


def _entree(ctx: ContexteDep, tranche: str) -> explorer.ReponsesExplorer:
    params = ctx.request.query_params
    reponses: dict[str, int] = {}
    for nom, valeur in params.multi_items():
        if nom.startswith(REPONSE_CHAMP) and valeur.lstrip("-").isdigit():
            reponses[nom.removeprefix(REPONSE_CHAMP)] = int(valeur)
    return explorer.ReponsesExplorer(
        reponses=reponses,
        centres_interet=params.getlist("ci")[:100],
        tranche_age=tranche,
        langue=ctx.langue,
    )


@router.get("/explorer", response_class=HTMLResponse)
def explorer_page(
    ctx: ContexteDep, session: SessionDep, tranche_age: str | None = None, envoye: str = ""
) -> HTMLResponse:
    erreur, resultat = None, None
    try:
        questions = explorer.questionnaire(session, tranche_age, ctx.langue)
    except InvalidInputError as exc:
        erreur, questions = exc.message, explorer.questionnaire(session, None, ctx.langue)
    entree = _entree(ctx, questions.tranche_age)
    if envoye and erreur is None:
        try:
            resultat = explorer.explorer(
                session, entree, voir_brouillons=voit_brouillons(ctx.principal)
            )
        except InvalidInputError as exc:
            erreur = exc.message
    return page(
        ctx,
        "explorer.html",
        status=422 if erreur else 200,
        questionnaire=questions,
        entree=entree,
        resultat=resultat,
        erreur=erreur,
        noms_riasec={lettre: nom_riasec(lettre, ctx.langue) for lettre in NOMS_RIASEC},
    )


@router.get("/comparer", response_class=HTMLResponse)
async def comparer_page(ctx: ContexteDep, codes: str = "") -> HTMLResponse:
    erreur, resultat = None, None
    if codes.strip():
        try:
            resultat = await comparaison.comparer(
                ctx.request.app.state.runtime,
                codes[:100],
                voir_brouillons=voit_brouillons(ctx.principal),
            )
        except InvalidInputError as exc:
            erreur = exc.message
    return page(
        ctx,
        "comparer.html",
        status=422 if erreur else 200,
        codes=codes[:100],
        resultat=resultat,
        erreur=erreur,
        noms_riasec={lettre: nom_riasec(lettre, ctx.langue) for lettre in NOMS_RIASEC},
    )
