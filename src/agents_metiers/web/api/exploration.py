"""JSON API of the exploration features: interest explorer, transitions, comparison."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from agents_metiers.services.exploration import comparaison, explorer, transitions
from agents_metiers.web.deps import SessionDep
from agents_metiers.web.security import OptionalPrincipal, voit_brouillons

router = APIRouter(prefix="/api", tags=["exploration"])


LangueQuery = Annotated[str | None, Query(max_length=5)]


@router.get("/explorer")
def get_explorer(
    session: SessionDep,
    tranche_age: Annotated[str | None, Query(max_length=10)] = None,
    langue: LangueQuery = None,
    lang: LangueQuery = None,
) -> explorer.Questionnaire:
    """The questionnaire (30 activities, worded for the age band, in ``langue``/``lang``:
    fr, en, es, de, it) and the centres d'intérêt (French ROME labels)."""
    return explorer.questionnaire(session, tranche_age, langue or lang)


@router.post("/explorer")
def post_explorer(
    body: explorer.ReponsesExplorer,
    session: SessionDep,
    principal: OptionalPrincipal,
    langue: LangueQuery = None,
    lang: LangueQuery = None,
) -> explorer.ProfilExplorer:
    """The reader's RIASEC profile and the matching fiches, each with its reasons (in the
    body's ``langue``, else the query's ``langue``/``lang``)."""
    if body.langue is None and (langue or lang):
        body = body.model_copy(update={"langue": langue or lang})
    return explorer.explorer(session, body, voir_brouillons=voit_brouillons(principal))


@router.get("/fiches/compare")
async def compare(
    request: Request,
    principal: OptionalPrincipal,
    codes: Annotated[str, Query(max_length=100)],
) -> comparaison.Comparaison:
    """Two or three fiches side by side (``codes=A,B[,C]``)."""
    return await comparaison.comparer(
        request.app.state.runtime, codes, voir_brouillons=voit_brouillons(principal)
    )


@router.get("/fiches/{code_rome}/transitions")
def get_transitions(
    code_rome: str,
    session: SessionDep,
    principal: OptionalPrincipal,
    limit: Annotated[int, Query(ge=1, le=30)] = 10,
) -> list[transitions.Transition]:
    """The closest fiches by skills, with shared skills and skills to acquire."""
    return transitions.transitions(
        session, code_rome, limit=limit, voir_brouillons=voit_brouillons(principal)
    )
