"""Similarity between occupations from what the ROME says about each of them (pure).

Each fiche is described by *families* of features: its savoir-faire (compétences), their
macro-compétences, its savoirs, the words of its skill labels, the words of its name and
appellations. Within a family a feature weighs ``tf × idf``: ``tf`` is 2 for an item the
ROME marks *cœur de métier* (1 otherwise), ``idf = ln(N / df)`` so that an item few fiches
share says more than a common one. Each family's vector is normalised, and the similarity of
two fiches is the weighted mean of the family cosines (weights in ``POIDS``): 0 to 1.

The ``CANDIDATS`` most similar fiches are then re-ranked with a small **structural prior**
on what the ROME says of the two fiches (``Structure``): the target is the source's ROME V3
parent fiche, the two share that parent, the target is itself a parent (a general fiche the
V3 specialities were split from), both are in the same domaine, the target is a cadre job
(plus when the source is one too, minus otherwise). The final score is divided by its
largest possible value, so that it stays between 0 and 1.

The ROME mobility list is deliberately **not** an input: it is the yardstick the similarity
is measured against (``scripts/bench_exploration.py``; docs/explorer.md gives the figures and
the families that were tried and left out because they lowered it).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# Family weights, tuned on the half of the codes with an even CRC32 (docs/explorer.md).
POIDS: Mapping[str, float] = {
    "savoir_faire": 1.0,
    "savoir": 1.0,
    "mots_competences": 1.0,
    "macro": 0.5,
    "mot": 0.5,
}


# A feature more than this share of the fiches have says little (idf < ln 5) and costs a
# lot: comparing through it touches df² pairs. It is left out (on referentials big enough for
# the cost to matter: the cap is never below DF_PLAFOND_MIN).
PART_DF_MAX = 0.2
DF_PLAFOND_MIN = 50


# Structural prior added to the similarity of the best candidates, tuned with the family
# weights on the even-CRC32 half of the codes (docs/explorer.md).
CANDIDATS = 100
PRIOR: Mapping[str, float] = {
    "parent": 0.10,  # the target is the source's V3 parent fiche
    "meme_parent": 0.04,  # both come from the same V3 parent fiche
    "cible_racine": 0.08,  # the target is a V3 parent fiche itself
    "meme_domaine": 0.02,
    "cible_cadre": 0.08,  # the target is a cadre job…
    "cadre_sans_source_cadre": -0.10,  # …but the source is not one
}
PRIOR_MAX = sum(p for p in PRIOR.values() if p > 0)


@dataclass(frozen=True)
class Structure:
    """What the ROME says of a fiche's place in the referential."""

    code_domaine: str | None = None
    code_rome_parent: str | None = None  # its ROME V3 fiche (itself for a V3 parent)
    cadre: bool = False


@dataclass(frozen=True)
class ProfilMetier:
    """The features of one fiche: family → {feature code: tf}, and its structure."""

    code_rome: str
    traits: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    structure: Structure = field(default_factory=Structure)


def prior(source: ProfilMetier, cible: ProfilMetier) -> float:
    """The structural prior of going from ``source`` to ``cible`` (directional)."""
    s, c = source.structure, cible.structure
    traits = {
        "parent": s.code_rome_parent is not None and s.code_rome_parent == cible.code_rome,
        "meme_parent": s.code_rome_parent is not None and s.code_rome_parent == c.code_rome_parent,
        "cible_racine": c.code_rome_parent == cible.code_rome,
        "meme_domaine": s.code_domaine is not None and s.code_domaine == c.code_domaine,
        "cible_cadre": c.cadre,
        "cadre_sans_source_cadre": c.cadre and not s.cadre,
    }
    return sum(PRIOR[nom] for nom, vrai in traits.items() if vrai)


@dataclass(frozen=True)
class Voisin:
    code_rome: str
    score: float


Index = dict[str, list[tuple[str, float]]]


def _vecteurs(profils: Sequence[ProfilMetier], famille: str) -> dict[str, dict[str, float]]:
    """Normalised tf-idf vectors of one family, keyed by code ROME (features too common
    to inform, see ``PART_DF_MAX``, are left out)."""
    df: dict[str, int] = defaultdict(int)
    for profil in profils:
        for trait in profil.traits.get(famille, {}):
            df[trait] += 1
    total = len(profils)
    plafond = max(PART_DF_MAX * total, DF_PLAFOND_MIN)
    vecteurs: dict[str, dict[str, float]] = {}
    for profil in profils:
        vecteur = {
            trait: tf * math.log(total / df[trait])
            for trait, tf in profil.traits.get(famille, {}).items()
            if df[trait] < total and df[trait] <= plafond
        }
        norme = math.sqrt(sum(poids * poids for poids in vecteur.values()))
        if norme > 0:
            vecteurs[profil.code_rome] = {t: p / norme for t, p in vecteur.items()}
    return vecteurs


def _index(vecteurs: Mapping[str, Mapping[str, float]]) -> Index:
    index: Index = defaultdict(list)
    for code, vecteur in vecteurs.items():
        for trait, valeur in vecteur.items():
            index[trait].append((code, valeur))
    return index


class Similarite:
    """Family vectors and inverted indexes of a set of fiches, ready to rank neighbours."""

    def __init__(
        self,
        profils: Iterable[ProfilMetier],
        poids: Mapping[str, float] = POIDS,
        *,
        avec_prior: bool = True,
    ):
        profils = list(profils)
        self.profils = {profil.code_rome: profil for profil in profils}
        self.avec_prior = avec_prior
        total = sum(p for p in poids.values() if p > 0) or 1.0
        self.familles: list[tuple[float, dict[str, dict[str, float]], Index]] = []
        for famille, poids_famille in poids.items():
            if poids_famille > 0:
                vecteurs = _vecteurs(profils, famille)
                self.familles.append((poids_famille / total, vecteurs, _index(vecteurs)))

    def scores(self, code_rome: str) -> dict[str, float]:
        """Similarity (0–1) of ``code_rome`` to every fiche sharing at least one feature."""
        scores: dict[str, float] = defaultdict(float)
        for poids, vecteurs, index in self.familles:
            for trait, valeur in vecteurs.get(code_rome, {}).items():
                for autre, valeur_autre in index[trait]:
                    scores[autre] += poids * valeur * valeur_autre
        scores.pop(code_rome, None)
        return scores

    def plus_proches(self, code_rome: str, k: int) -> list[Voisin]:
        """The ``k`` closest fiches, best first (ties by code): the ``CANDIDATS`` most
        similar ones re-ranked with the structural prior (0–1 either way)."""
        scores = self.scores(code_rome)
        if not self.avec_prior:
            meilleurs = heapq.nsmallest(k, ((-score, code) for code, score in scores.items()))
            return [Voisin(code, -score) for score, code in meilleurs]
        candidats = heapq.nsmallest(
            max(k, CANDIDATS), ((-score, code) for code, score in scores.items())
        )
        source = self.profils[code_rome]
        finaux = sorted(
            (-(-score + prior(source, self.profils[code])) / (1 + PRIOR_MAX), code)
            for score, code in candidats
        )
        return [Voisin(code, max(0.0, -score)) for score, code in finaux[:k]]
