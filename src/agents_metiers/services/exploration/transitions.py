"""Skills-based transitions: the fiches closest to a fiche by what the ROME says of them.

The neighbours are precomputed over all fiches (``recalculer_transitions``, called by the
ROME import and to be called by any later sync, inside its transaction) and stored in
``rome_transitions``; a request reads them, keeps those the reader may see and lists the
skills the two fiches share and those the reader would still have to learn.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.orm import Session

from agents_metiers.domain.similarite import Similarite
from agents_metiers.errors import NotFoundError
from agents_metiers.services.exploration.profils import COEUR, charger_profils
from agents_metiers.services.exploration.publiees import noms_visibles
from agents_metiers.services.fiches.lecture import check_code_rome
from agents_metiers.storage import exploration as store

K_STOCKES = 50  # more than shown, so that unpublished neighbours can be skipped
KINDS_COMPETENCES = ("savoir_faire", "savoir")
MAX_COMPETENCES = 15


@dataclass(frozen=True)
class RapportTransitions:
    fiches: int
    lignes: int
    secondes: float
    secondes_cpu: float  # this process only: the honest figure on a shared machine


class CompetenceTransition(BaseModel):
    code: str
    libelle: str
    type: str  # savoir_faire | savoir
    coeur_metier: bool


class Transition(BaseModel):
    code_rome: str
    nom: str
    score: float
    mobilite_rome: bool
    competences_communes: list[CompetenceTransition]
    competences_a_acquerir: list[CompetenceTransition]
    nb_competences_communes: int
    nb_competences_a_acquerir: int


def recalculer_transitions(session: Session, *, k: int = K_STOCKES) -> RapportTransitions:
    """Recompute the ``k`` nearest fiches of every fiche (caller's transaction)."""
    debut, debut_cpu = time.perf_counter(), time.process_time()
    profils = charger_profils(session)
    similarite = Similarite(profils)
    mobilites = store.mobilites(session=session)
    rows = [
        {
            "code_rome": profil.code_rome,
            "code_rome_cible": voisin.code_rome,
            "rang": rang,
            "score": round(voisin.score, 4),
            "mobilite_rome": voisin.code_rome in mobilites.get(profil.code_rome, set()),
        }
        for profil in profils
        for rang, voisin in enumerate(similarite.plus_proches(profil.code_rome, k), start=1)
    ]
    store.remplacer_transitions(session=session, rows=rows)
    return RapportTransitions(
        len(profils), len(rows), time.perf_counter() - debut, time.process_time() - debut_cpu
    )


Competences = dict[tuple[str, str], bool]  # (kind, code) → cœur de métier


def _competences(session: Session, codes: list[str]) -> dict[str, Competences]:
    par_fiche: dict[str, Competences] = defaultdict(dict)
    for lien in store.liens_traits(session=session, kinds=KINDS_COMPETENCES, codes=codes):
        par_fiche[lien.code_rome][(lien.kind, lien.code)] = lien.coeur_metier == COEUR
    return par_fiche


def _ordre(cles: list[tuple[str, str]], coeur: Competences) -> list[tuple[str, str]]:
    """Cœur de métier first, savoir-faire before savoirs, then ROME order; the shown part."""
    ordre = sorted(cles, key=lambda cle: (not coeur[cle], cle[0] != "savoir_faire"))
    return ordre[:MAX_COMPETENCES]


def _liste(
    cles: list[tuple[str, str]], coeur: Competences, libelles: dict[tuple[str, str], str]
) -> list[CompetenceTransition]:
    return [
        CompetenceTransition(
            code=code,
            libelle=libelles.get((kind, code), code),
            type=kind,
            coeur_metier=coeur[(kind, code)],
        )
        for kind, code in cles
    ]


def transitions(
    session: Session, code: str, *, limit: int, voir_brouillons: bool
) -> list[Transition]:
    """The ``limit`` closest fiches the reader may see, best first (404 if ``code`` is not
    visible to the reader)."""
    code = check_code_rome(code)
    if code not in noms_visibles(session, voir_brouillons=voir_brouillons, codes=[code]):
        raise NotFoundError(f"Fiche {code} non trouvée.")
    stockees = store.transitions_de(session=session, code_rome=code)
    noms = noms_visibles(
        session, voir_brouillons=voir_brouillons, codes=[t.code_rome_cible for t in stockees]
    )
    retenues = [t for t in stockees if t.code_rome_cible in noms][:limit]
    competences = _competences(session, [code, *(t.code_rome_cible for t in retenues)])
    source = competences.get(code, {})
    listes = []
    for stockee in retenues:
        cible = competences.get(stockee.code_rome_cible, {})
        communes = [cle for cle in cible if cle in source]
        a_acquerir = [cle for cle in cible if cle not in source]
        listes.append((stockee, cible, communes, a_acquerir))
    # labels of the shown skills only, in one query
    montrees = [c for _, cible, com, acq in listes for c in _ordre(com, cible) + _ordre(acq, cible)]
    libelles = store.libelles_competences_de(session=session, cles=montrees)
    return [
        Transition(
            code_rome=stockee.code_rome_cible,
            nom=noms[stockee.code_rome_cible],
            score=stockee.score,
            mobilite_rome=stockee.mobilite_rome,
            competences_communes=_liste(_ordre(communes, cible), cible, libelles),
            competences_a_acquerir=_liste(_ordre(a_acquerir, cible), cible, libelles),
            nb_competences_communes=len(communes),
            nb_competences_a_acquerir=len(a_acquerir),
        )
        for stockee, cible, communes, a_acquerir in listes
    ]
