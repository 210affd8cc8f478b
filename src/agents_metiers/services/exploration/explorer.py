"""Interest explorer: a RIASEC questionnaire and ROME centres d'intérêt → matching fiches.

Deterministic, no AI (docs/explorer.md). The occupations come from what the reader may see
(published content for the public); the centres d'intérêt offered are the referential's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from agents_metiers.domain import interets
from agents_metiers.errors import InvalidInputError
from agents_metiers.services.exploration.publiees import FicheVisible, fiches_visibles
from agents_metiers.storage import exploration as store

NB_RESULTATS = 20
POIDS_RIASEC = 0.6  # when both the questionnaire and centres d'intérêt are given
POIDS_PRINCIPAL = 1.0
POIDS_SECONDAIRE = 0.5
LETTRE_CHAMP = {
    "R": "realiste",
    "I": "investigateur",
    "A": "artistique",
    "S": "social",
    "E": "entreprenant",
    "C": "conventionnel",
}


class ItemPublic(BaseModel):
    id: str
    texte: str
    riasec: str


class CentreInteret(BaseModel):
    code: str
    libelle: str


class Questionnaire(BaseModel):
    tranche_age: str
    langue: str
    items: list[ItemPublic]
    centres_interet: list[CentreInteret]


class ReponsesExplorer(BaseModel):
    reponses: dict[str, int] = Field(default_factory=dict, max_length=100)
    centres_interet: list[str] = Field(default_factory=list, max_length=100)
    tranche_age: str | None = Field(default=None, max_length=10)
    langue: str | None = Field(default=None, max_length=5)


class ResultatExplorer(BaseModel):
    code_rome: str
    nom: str
    score: float
    raisons: list[str]


class ProfilExplorer(BaseModel):
    profil: dict[str, float]
    resultats: list[ResultatExplorer]


def check_tranche(tranche_age: str | None) -> str:
    if tranche_age is None or tranche_age == "":
        return interets.TRANCHE_DEFAUT
    if tranche_age not in interets.TRANCHES:
        raise InvalidInputError(
            f"Tranche d'âge inconnue : « {tranche_age} ». "
            f"Valeurs possibles : {', '.join(interets.TRANCHES)}."
        )
    return tranche_age


def check_langue(langue: str | None) -> str:
    if langue is None or langue == "":
        return interets.LANGUE_DEFAUT
    if langue not in interets.LANGUES:
        raise InvalidInputError(
            f"Langue inconnue : « {langue} ». Valeurs possibles : {', '.join(interets.LANGUES)}."
        )
    return langue


def questionnaire(
    session: Session, tranche_age: str | None = None, langue: str | None = None
) -> Questionnaire:
    """The questions, worded for the reader's age and in their language, and the centres
    d'intérêt to tick (the referential's French labels: the ROME has no other)."""
    tranche = check_tranche(tranche_age)
    code_langue = check_langue(langue)
    return Questionnaire(
        tranche_age=tranche,
        langue=code_langue,
        items=[
            ItemPublic(id=item.id, texte=item.texte(tranche, code_langue), riasec=item.riasec)
            for item in interets.ITEMS
        ],
        centres_interet=[
            CentreInteret(code=code, libelle=libelle)
            for code, libelle in store.items_par_kind(session=session, kind="centre_interet")
        ],
    )


def _verifier(session: Session, entree: ReponsesExplorer) -> tuple[dict[str, int], list[str]]:
    inconnus = sorted(set(entree.reponses) - set(interets.ITEMS_PAR_ID))
    if inconnus:
        raise InvalidInputError(f"Questions inconnues : {', '.join(inconnus)}.")
    invalides = sorted(k for k, v in entree.reponses.items() if v not in interets.REPONSES)
    if invalides:
        raise InvalidInputError(
            "Chaque réponse vaut 1 (j'aime), 0 (ça m'est égal) ou -1 (je n'aime pas) ; "
            f"réponses invalides pour : {', '.join(invalides)}."
        )
    connus = {code for code, _ in store.items_par_kind(session=session, kind="centre_interet")}
    centres = list(dict.fromkeys(entree.centres_interet))
    absents = [code for code in centres if code not in connus]
    if absents:
        raise InvalidInputError(f"Centres d'intérêt inconnus : {', '.join(absents)}.")
    if not centres and not any(v == 1 for v in entree.reponses.values()):
        raise InvalidInputError(
            "Le questionnaire est vide : indiquez au moins une activité que vous aimez "
            "ou un centre d'intérêt, pour que nous puissions vous proposer des métiers."
        )
    return dict(entree.reponses), centres


def _riasec_metier(fiche: FicheVisible) -> dict[str, float]:
    profil = fiche.profil_riasec or {}
    return {lettre: float(profil.get(champ) or 0.0) for lettre, champ in LETTRE_CHAMP.items()}


def _centres_metier(fiche: FicheVisible) -> dict[str, tuple[str, bool]]:
    familles = (fiche.preferences_interets or {}).get("familles") or []
    return {
        str(f.get("code")): (str(f.get("nom") or ""), bool(f.get("principal")))
        for f in familles
        if isinstance(f, dict)
    }


def _raison_riasec(profil: Mapping[str, float], fiche: FicheVisible, langue: str) -> str | None:
    riasec = fiche.profil_riasec or {}
    dominantes = [lettre for lettre in (riasec.get("majeur"), riasec.get("mineur")) if lettre]
    communes = [lettre for lettre in dominantes if profil.get(lettre, 0) > 0]
    if not communes:
        return None
    return interets.raison_riasec(communes, langue)


def _score(
    profil: Mapping[str, float] | None,
    centres: Sequence[str],
    fiche: FicheVisible,
    langue: str = interets.LANGUE_DEFAUT,
) -> tuple[float, list[str]]:
    raisons: list[str] = []
    parts: list[tuple[float, float]] = []  # (weight, value)
    if profil is not None:
        parts.append((POIDS_RIASEC, interets.affinite_riasec(profil, _riasec_metier(fiche))))
        raison = _raison_riasec(profil, fiche, langue)
        if raison:
            raisons.append(raison)
    if centres:
        du_metier = _centres_metier(fiche)
        gain = 0.0
        for code in centres:
            if code in du_metier:
                nom, principal = du_metier[code]
                gain += POIDS_PRINCIPAL if principal else POIDS_SECONDAIRE
                raisons.append(interets.raison_centre(nom, langue))
        parts.append((1 - POIDS_RIASEC if profil is not None else 1.0, gain / len(centres)))
    total = sum(poids for poids, _ in parts)
    return sum(poids * valeur for poids, valeur in parts) / total, raisons


def explorer(
    session: Session, entree: ReponsesExplorer, *, voir_brouillons: bool
) -> ProfilExplorer:
    """The reader's RIASEC profile and the best-matching fiches, with the reasons why (in
    ``entree.langue``; the fiches' names and the centres d'intérêt stay in French)."""
    check_tranche(entree.tranche_age)
    langue = check_langue(entree.langue)
    reponses, centres = _verifier(session, entree)
    profil = interets.profil_reponses(reponses)
    a_aime = any(v == 1 for v in reponses.values())
    resultats = []
    for fiche in fiches_visibles(session, voir_brouillons=voir_brouillons).values():
        score, raisons = _score(profil if a_aime else None, centres, fiche, langue)
        if raisons:  # a fiche with no reason to show is not a match
            resultats.append(
                ResultatExplorer(
                    code_rome=fiche.code_rome, nom=fiche.nom, score=round(score, 3), raisons=raisons
                )
            )
    resultats.sort(key=lambda r: (-r.score, r.code_rome))
    return ProfilExplorer(profil=profil, resultats=resultats[:NB_RESULTATS])
