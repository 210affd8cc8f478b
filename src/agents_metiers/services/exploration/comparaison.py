"""Side-by-side comparison of two or three fiches (what the reader may see of each)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.errors import AgentsMetiersError, InvalidInputError, NotFoundError
from agents_metiers.services.fiches.lecture import check_code_rome, get_detail
from agents_metiers.services.fiches.schemas import FicheDetail
from agents_metiers.services.indisponible import marche_pour
from agents_metiers.services.marche import blocs

if TYPE_CHECKING:
    from agents_metiers.services.runtime import Runtime

MAX_CODES = 3


class FicheComparee(BaseModel):
    code_rome: str
    nom: str
    missions: list[str]
    acces_metier: str | None
    niveau_formation: str | None
    riasec: dict[str, Any] | None
    domaine: str | None
    competences_specifiques: list[str]
    contextes: list[str]
    marche: dict[str, Any]


class Comparaison(BaseModel):
    codes: list[str]
    competences_communes: list[str]
    fiches: list[FicheComparee]


def lire_codes(texte: str) -> list[str]:
    """``"A,B[,C]"`` → the distinct valid codes, in order; a sentence when it is not 2 or 3."""
    bruts = [part.strip() for part in texte.split(",") if part.strip()]
    codes = list(dict.fromkeys(check_code_rome(code) for code in bruts))
    if len(codes) < 2:
        raise InvalidInputError("Indiquez au moins deux codes ROME différents à comparer.")
    if len(codes) > MAX_CODES:
        raise InvalidInputError(
            f"Vous pouvez comparer au plus {MAX_CODES} fiches à la fois ({len(codes)} codes reçus)."
        )
    return codes


def _fiches(session: Session, codes: list[str], voir_brouillons: bool) -> list[FicheDetail]:
    fiches, inconnus = [], []
    for code in codes:
        try:
            fiches.append(get_detail(session, code, voir_brouillons=voir_brouillons))
        except NotFoundError:
            inconnus.append(code)
    if inconnus:
        raise InvalidInputError(f"Fiches introuvables : {', '.join(inconnus)}.")
    return fiches


def _competences(fiche: FicheDetail) -> list[str]:
    return list(dict.fromkeys([*fiche.competences, *fiche.savoirs]))


def _contextes(fiche: FicheDetail) -> list[str]:
    return [
        str(item.get("libelle"))
        for groupe in fiche.contextes_travail
        for item in groupe.get("items") or []
        if item.get("libelle")
    ]


async def _marche(runtime: Runtime, code: str, voir_brouillons: bool) -> dict[str, Any]:
    """The national market block, or its « indisponible » sentence."""
    try:
        donnees = await blocs.regional(runtime, code, None, voir_brouillons=voir_brouillons)
    except AgentsMetiersError as exc:
        donnees = {"disponible": False, "message": exc.message}
    bloc = {
        cle: donnees.get(cle)
        for cle in ("disponible", "message", "source", "periode", "nb_offres", "tension")
    }
    return marche_pour(bloc, equipe=voir_brouillons)


async def comparer(runtime: Runtime, codes_texte: str, *, voir_brouillons: bool) -> Comparaison:
    """Missions, access, RIASEC, shared and specific skills, contexts and market of 2–3 fiches."""
    codes = lire_codes(codes_texte)
    with runtime.sessions() as session:
        fiches = _fiches(session, codes, voir_brouillons)
    ensembles = [set(_competences(fiche)) for fiche in fiches]
    communes = set.intersection(*ensembles)
    comparees = []
    for fiche in fiches:
        domaine = (fiche.domaine_professionnel or {}).get("domaine")
        comparees.append(
            FicheComparee(
                code_rome=fiche.code_rome,
                nom=fiche.nom_epicene,
                missions=fiche.missions_principales,
                acces_metier=fiche.acces_metier,
                niveau_formation=fiche.niveau_formation,
                riasec=fiche.profil_riasec,
                domaine=domaine,
                competences_specifiques=[c for c in _competences(fiche) if c not in communes],
                contextes=_contextes(fiche),
                marche=await _marche(runtime, fiche.code_rome, voir_brouillons),
            )
        )
    return Comparaison(
        codes=codes,
        competences_communes=[c for c in _competences(fiches[0]) if c in communes],
        fiches=comparees,
    )
