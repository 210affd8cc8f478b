"""Similarity between occupations from what the ROME says about each of them (pure).

Each fiche is described by *families* of features: its savoir-faire (compétences), their
macro-compétences, its savoirs, the words of its skill labels, the words of its name and
appellations. Within a family a feature weighs ``tf × idf``: ``tf`` is 2 for an item the
ROME marks *cœur de métier* (1 otherwise), ``idf = ln(N / df)`` so that an item few fiches
share says more than a common one. Each family's vector is normalised, and the similarity of
two fiches is the weighted mean of the family cosines (weights in ``POIDS``): 0 to 1.

The ``CANDIDATS`` most similar fiches are then **re-ranked** by a small linear model over
traits of the pair, all read from what the ROME says of the two fiches
(``Similarite.traits``): the rank of the similarity both ways, the ROME V3 structure
(parent fiche, same parent, the target is itself a parent), domaine, cadre jobs, the
fiches' texts (définition, accès, names: a cosine, and the source's name and skill words
found in the target's accès and définition), how general the target is (number of
appellations and of V4 specialities) and supervision words in the names. The weights
(``POIDS_RECLASSEMENT``) were learned on the half of the codes with an even CRC32; the
score is the logistic of the weighted sum, 0 to 1, in the ranking's order.

The ROME mobility list is deliberately **not** an input: it is the yardstick the similarity
is measured against and the labels the weights were fitted to, on the tuning half only
(``scripts/bench_exploration.py``; docs/explorer.md gives the figures and what was tried).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from agents_metiers.domain.fiche import normaliser

# Family weights, tuned on the half of the codes with an even CRC32 (docs/explorer.md).
POIDS: Mapping[str, float] = {
    "savoir_faire": 1.0,
    "savoir": 1.0,
    "mots_competences": 1.0,
    "macro": 0.5,
    "mot": 0.5,
}
# Families that are not part of the skills similarity but feed the re-ranking.
TEXTE = "texte"  # word stems of the définition, accès, name and appellations
TEXTE_ACCES = "texte_acces"  # word stems of the accès and définition only
REQUETE = "requete"  # word stems of the name, appellations and skill labels


# A feature more than this share of the fiches have says little (idf < ln 5) and costs a
# lot: comparing through it touches df² pairs. It is left out (on referentials big enough for
# the cost to matter: the cap is never below DF_PLAFOND_MIN).
PART_DF_MAX = 0.2
DF_PLAFOND_MIN = 50

# Words of an occupation's name that mark a job of supervision, training or expertise.
MOTS_ENCADREMENT = (
    "responsable",
    "chef",
    "directeur",
    "directrice",
    "formateur",
    "formatrice",
    "encadrant",
    "manager",
    "superviseur",
    "cadre",
    "ingenieur",
    "conseiller",
    "coordinateur",
)


def encadrement(libelle: str) -> bool:
    """Whether an occupation's name holds one of ``MOTS_ENCADREMENT`` (accents ignored)."""
    nom = normaliser(libelle)
    return any(mot in nom for mot in MOTS_ENCADREMENT)


# The re-ranking of the best candidates: a linear model over the traits of the pair
# (source → target, see ``Similarite.traits``), learned by a listwise softmax on the
# candidates of the even-CRC32 half of the codes with the ROME mobilities as labels (the
# text weights held non-negative), then calibrated (logistic) on the same half
# (docs/explorer.md). The traits are correlated: a weight alone is not an effect (the parent
# trait weighs negatively because it always comes with ``meme_parent`` and ``cible_racine``:
# the three together add 0.10).
CANDIDATS = 100
POIDS_RECLASSEMENT: Mapping[str, float] = {
    "rang": -0.433,  # ln(1 + rank of the target among the source's candidates, from 0)
    "rang_inverse": -0.182,  # ln(1 + rank of the source among the target's, CANDIDATS if not)
    "parent": -1.079,  # the target is the source's V3 parent fiche
    "meme_parent": 0.327,  # both come from the same V3 parent fiche
    "cible_racine": 0.855,  # the target is a V3 parent fiche itself
    "meme_domaine": 0.445,
    "cible_cadre": 0.916,  # the target is a cadre job…
    "cadre_sans_source_cadre": -0.828,  # …but the source is not one
    "texte": 1.35,  # cosine of the texts (définition, accès, name, appellations)
    "requete": 3.886,  # the source's name and skill words in the target's accès/définition
    "appellations_cible": 0.135,  # ln(1 + the target's appellations in use)
    "specialites_cible": 0.227,  # ln(1 + the V4 fiches the target is the V3 parent of)
    "cible_encadrement": 0.669,  # a supervision/training word in the target's name…
    "encadrement_sans_source": -0.578,  # …but none in the source's
}
BIAIS_RECLASSEMENT = -2.41


@dataclass(frozen=True)
class Structure:
    """What the ROME says of a fiche's place in the referential."""

    code_domaine: str | None = None
    code_rome_parent: str | None = None  # its ROME V3 fiche (itself for a V3 parent)
    cadre: bool = False
    appellations: int = 0  # appellations in use
    encadrement: bool = False  # its name holds a word of MOTS_ENCADREMENT


@dataclass(frozen=True)
class ProfilMetier:
    """The features of one fiche: family → {feature code: tf}, and its structure."""

    code_rome: str
    traits: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    structure: Structure = field(default_factory=Structure)


@dataclass(frozen=True)
class Voisin:
    code_rome: str
    score: float


Index = dict[str, list[tuple[str, float]]]
Vecteurs = dict[str, dict[str, float]]


def _idf(profils: Sequence[ProfilMetier], famille: str) -> dict[str, float]:
    """``ln(N / df)`` of the features of one family that inform (see ``PART_DF_MAX``)."""
    df: dict[str, int] = defaultdict(int)
    for profil in profils:
        for trait in profil.traits.get(famille, {}):
            df[trait] += 1
    total = len(profils)
    plafond = max(PART_DF_MAX * total, DF_PLAFOND_MIN)
    return {t: math.log(total / n) for t, n in df.items() if n < total and n <= plafond}


def _normer(vecteur: dict[str, float]) -> dict[str, float] | None:
    norme = math.sqrt(sum(poids * poids for poids in vecteur.values()))
    return {t: p / norme for t, p in vecteur.items()} if norme > 0 else None


def _vecteurs(
    profils: Sequence[ProfilMetier], famille: str, idf: Mapping[str, float] | None = None
) -> Vecteurs:
    """Normalised tf-idf vectors of one family, keyed by code ROME (features too common
    to inform, see ``PART_DF_MAX``, are left out)."""
    idf = _idf(profils, famille) if idf is None else idf
    vecteurs: Vecteurs = {}
    for profil in profils:
        vecteur = _normer(
            {
                trait: tf * idf[trait]
                for trait, tf in profil.traits.get(famille, {}).items()
                if trait in idf
            }
        )
        if vecteur is not None:
            vecteurs[profil.code_rome] = vecteur
    return vecteurs


def _index(vecteurs: Mapping[str, Mapping[str, float]]) -> Index:
    index: Index = defaultdict(list)
    for code, vecteur in vecteurs.items():
        for trait, valeur in vecteur.items():
            index[trait].append((code, valeur))
    return index


def _produit(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(valeur * b.get(trait, 0.0) for trait, valeur in a.items())


class Similarite:
    """Family vectors and inverted indexes of a set of fiches, ready to rank neighbours."""

    def __init__(
        self,
        profils: Iterable[ProfilMetier],
        poids: Mapping[str, float] = POIDS,
        *,
        reclasser: bool = True,
    ):
        profils = list(profils)
        self.profils = {profil.code_rome: profil for profil in profils}
        self.reclasser = reclasser
        total = sum(p for p in poids.values() if p > 0) or 1.0
        self.familles: list[tuple[float, Vecteurs, Index]] = []
        for famille, poids_famille in poids.items():
            if poids_famille > 0:
                vecteurs = _vecteurs(profils, famille)
                self.familles.append((poids_famille / total, vecteurs, _index(vecteurs)))
        self._candidats: dict[str, list[tuple[str, float]]] | None = None
        self._rangs: dict[str, dict[str, int]] = {}
        if reclasser:
            self.textes = _vecteurs(profils, TEXTE)
            idf_acces = _idf(profils, TEXTE_ACCES)
            self.textes_acces = _vecteurs(profils, TEXTE_ACCES, idf_acces)
            self.requetes: Vecteurs = {}
            for profil in profils:
                requete = _normer(
                    {m: idf_acces[m] for m in profil.traits.get(REQUETE, {}) if m in idf_acces}
                )
                if requete is not None:
                    self.requetes[profil.code_rome] = requete
            self.specialites: dict[str, int] = defaultdict(int)
            for profil in profils:
                parent = profil.structure.code_rome_parent
                if parent is not None and parent != profil.code_rome:
                    self.specialites[parent] += 1

    def scores(self, code_rome: str) -> dict[str, float]:
        """Similarity (0–1) of ``code_rome`` to every fiche sharing at least one feature."""
        scores: dict[str, float] = defaultdict(float)
        for poids, vecteurs, index in self.familles:
            for trait, valeur in vecteurs.get(code_rome, {}).items():
                for autre, valeur_autre in index[trait]:
                    scores[autre] += poids * valeur * valeur_autre
        scores.pop(code_rome, None)
        return scores

    def _meilleurs(self, code_rome: str, k: int) -> list[tuple[str, float]]:
        """The ``k`` most similar fiches with their similarity, best first (ties by code)."""
        scores = self.scores(code_rome)
        meilleurs = heapq.nsmallest(k, ((-score, code) for code, score in scores.items()))
        return [(code, -score) for score, code in meilleurs]

    def candidats(self, code_rome: str) -> list[tuple[str, float]]:
        """The ``CANDIDATS`` most similar fiches (computed for every fiche at first use:
        the re-ranking reads the rank of the source among its targets' candidates)."""
        if self._candidats is None:
            self._candidats = {code: self._meilleurs(code, CANDIDATS) for code in self.profils}
            self._rangs = {
                code: {cible: rang for rang, (cible, _) in enumerate(liste)}
                for code, liste in self._candidats.items()
            }
        return self._candidats.get(code_rome, [])

    def traits(self, source: str, cible: str, *, rang: int) -> dict[str, float]:
        """The traits of the pair ``source`` → ``cible`` the re-ranking weighs (directional);
        ``rang`` is the rank of ``cible`` among the source's candidates, from 0."""
        self.candidats(source)
        s, c = self.profils[source].structure, self.profils[cible].structure
        vrai = {
            "parent": s.code_rome_parent is not None and s.code_rome_parent == cible,
            "meme_parent": s.code_rome_parent is not None
            and s.code_rome_parent == c.code_rome_parent,
            "cible_racine": c.code_rome_parent == cible,
            "meme_domaine": s.code_domaine is not None and s.code_domaine == c.code_domaine,
            "cible_cadre": c.cadre,
            "cadre_sans_source_cadre": c.cadre and not s.cadre,
            "cible_encadrement": c.encadrement,
            "encadrement_sans_source": c.encadrement and not s.encadrement,
        }
        inverse = self._rangs.get(cible, {}).get(source, CANDIDATS)
        return {
            "rang": math.log1p(rang),
            "rang_inverse": math.log1p(min(inverse, CANDIDATS)),
            **{nom: float(v) for nom, v in vrai.items()},
            "texte": _produit(self.textes.get(source, {}), self.textes.get(cible, {})),
            "requete": _produit(self.requetes.get(source, {}), self.textes_acces.get(cible, {})),
            "appellations_cible": math.log1p(c.appellations),
            "specialites_cible": math.log1p(self.specialites[cible]),
        }

    def plus_proches(self, code_rome: str, k: int) -> list[Voisin]:
        """The ``k`` closest fiches, best first (ties by code): the ``CANDIDATS`` most
        similar ones re-ranked by ``POIDS_RECLASSEMENT`` (so never more than ``CANDIDATS``),
        or the most similar ones without re-ranking; the score is 0–1 either way."""
        if not self.reclasser:
            return [Voisin(code, score) for code, score in self._meilleurs(code_rome, k)]
        notes = []
        for rang, (cible, _) in enumerate(self.candidats(code_rome)):
            traits = self.traits(code_rome, cible, rang=rang)
            note = BIAIS_RECLASSEMENT + sum(POIDS_RECLASSEMENT[n] * v for n, v in traits.items())
            notes.append((-note, cible))
        notes.sort()
        return [Voisin(cible, 1 / (1 + math.exp(moins_note))) for moins_note, cible in notes[:k]]
