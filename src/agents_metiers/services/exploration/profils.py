"""Each fiche's features (``domain.similarite.ProfilMetier``) read from the referential."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from agents_metiers.domain.fiche import normaliser
from agents_metiers.domain.similarite import (
    REQUETE,
    TEXTE,
    TEXTE_ACCES,
    ProfilMetier,
    Structure,
    encadrement,
)
from agents_metiers.storage import exploration as store

COEUR = "Principale"
# Words of occupation names that say nothing about the occupation itself.
_NOMS = "agent agente aide assistant assistante autre charge chargee chef cheffe dans des du \
employe employee en et la le les ou pour responsable sur technicien technicienne operateur \
operatrice ouvrier ouvriere"
MOTS_VIDES_NOMS = frozenset(_NOMS.split())
_COMPETENCES = "avec dans pour des les une sur selon aux par leur leurs ses son sous entre"
MOTS_VIDES_COMPETENCES = frozenset(_COMPETENCES.split())
RACINE = 6  # skill words are cut to their first letters: a crude French stemmer
# Words of the fiches' texts (définition, accès) that say nothing about one occupation.
_TEXTES = f"{_COMPETENCES} est peut etre cette emploi emplois metier metiers accessible \
diplome diplomes niveau egalement professionnelle professionnel experience domaine secteur \
type titre certificat qualification"
MOTS_VIDES_TEXTES = frozenset(_TEXTES.split())


def _mots_nom(libelle: str) -> list[str]:
    return [m for m in normaliser(libelle).split() if len(m) > 3 and m not in MOTS_VIDES_NOMS]


def _racines_texte(texte: str) -> list[str]:
    mots = normaliser(texte).split()
    return [m[:RACINE] for m in mots if len(m) > 3 and m not in MOTS_VIDES_TEXTES]


def _tf(racines: list[str]) -> dict[str, float]:
    comptes: dict[str, int] = defaultdict(int)
    for racine in racines:
        comptes[racine] += 1
    return {racine: 1 + math.log(compte) for racine, compte in comptes.items()}


def _racines(libelle: str) -> list[str]:
    mots = normaliser(libelle).split()
    return [m[:RACINE] for m in mots if len(m) > 3 and m not in MOTS_VIDES_COMPETENCES]


class _Profils:
    """Accumulates features per fiche and family."""

    def __init__(self) -> None:
        self.traits: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
        self.mots: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.appellations: dict[str, list[str]] = defaultdict(list)

    def ajouter(self, code: str, famille: str, trait: str | None, tf: float = 1.0) -> None:
        if trait:
            traits = self.traits[code][famille]
            traits[trait] = max(traits.get(trait, 0.0), tf)

    def profils(self, fiches: list[store.FicheReferentiel]) -> list[ProfilMetier]:
        for code, comptes in self.mots.items():
            # a word repeated across skills counts, with diminishing returns
            self.traits[code]["mots_competences"] = {
                mot: 1 + math.log(compte) for mot, compte in comptes.items()
            }
        for fiche in fiches:
            self._textes(fiche)
        return [
            ProfilMetier(
                fiche.code_rome,
                dict(self.traits[fiche.code_rome]),
                Structure(
                    fiche.code_domaine,
                    fiche.code_rome_parent,
                    fiche.emploi_cadre,
                    appellations=len(self.appellations[fiche.code_rome]),
                    encadrement=encadrement(fiche.libelle),
                ),
            )
            for fiche in fiches
        ]

    def _textes(self, fiche: store.FicheReferentiel) -> None:
        """The text families the re-ranking reads (domain.similarite): the word stems of
        the définition and accès, with the names too, and the source-side query (the
        stems of the names and of the skill labels)."""
        code = fiche.code_rome
        noms = _racines_texte(" ".join([fiche.libelle, *self.appellations[code]]))
        acces = _racines_texte(f"{fiche.acces} {fiche.definition}")
        traits = self.traits[code]
        traits[TEXTE_ACCES] = _tf(acces)
        traits[TEXTE] = _tf(acces + noms)
        requete = set(noms) | set(traits.get("mots_competences", {}))
        traits[REQUETE] = dict.fromkeys(requete, 1.0)


def _ajouter_lien(
    profils: _Profils,
    lien: store.LienTrait,
    competences: dict[str, dict[str, Any]],
    libelles: dict[tuple[str, str], str],
) -> None:
    code, tf = lien.code_rome, 2.0 if lien.coeur_metier == COEUR else 1.0
    profils.ajouter(code, lien.kind, lien.code, tf)
    if lien.kind == "savoir_faire":
        macro = competences.get(lien.code, {}).get("code_ogr_macro_comp") or lien.code
        profils.ajouter(code, "macro", macro, tf)
    for mot in _racines(libelles.get((lien.kind, lien.code), "")):
        profils.mots[code][mot] += tf


def charger_profils(session: Session) -> list[ProfilMetier]:
    """The profile of every fiche of the stored referential, by code."""
    fiches = store.fiches_referentiel(session=session)
    competences = store.attributs_items(session=session, kind="competence")
    libelles = store.libelles_competences(session=session)
    profils = _Profils()
    for fiche in fiches:
        for mot in _mots_nom(fiche.libelle):
            profils.ajouter(fiche.code_rome, "mot", mot, 2.0)
    for lien in store.liens_traits(session=session, kinds=("savoir_faire", "savoir")):
        _ajouter_lien(profils, lien, competences, libelles)
    for code, libelle in store.libelles_appellations(session=session):
        profils.appellations[code].append(libelle)
        for mot in _mots_nom(libelle):
            profils.ajouter(code, "mot", mot)
    return profils.profils(fiches)
