"""Similarity between occupations from what the ROME says about each of them (pure).

Each fiche is described by *families* of features: its savoir-faire (compétences), their
macro-compétences, its savoirs, the words of its skill labels, the words of its name and
appellations. Within a family a feature weighs ``tf × idf``: ``tf`` is 2 for an item the
ROME marks *cœur de métier* (1 otherwise), ``idf = ln(N / df)`` so that an item few fiches
share says more than a common one. Each family's vector is normalised, and the similarity of
two fiches is the weighted mean of the family cosines (weights in ``POIDS``): 0 to 1.

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


@dataclass(frozen=True)
class ProfilMetier:
    """The features of one fiche: family → {feature code: tf}."""

    code_rome: str
    traits: Mapping[str, Mapping[str, float]] = field(default_factory=dict)


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

    def __init__(self, profils: Iterable[ProfilMetier], poids: Mapping[str, float] = POIDS):
        profils = list(profils)
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
        """The ``k`` most similar fiches, best first (ties by code)."""
        meilleurs = heapq.nsmallest(
            k, ((-score, code) for code, score in self.scores(code_rome).items())
        )
        return [Voisin(code, -score) for score, code in meilleurs]
