"""Readability of a text: sentences, words, syllables, a Flesch-type score, FALC checks (pure).

Used on every generated variant (PRODUCT.md §6.5) and by the automatic checks.

- **Sentences**: a text is cut after ``.``, ``!``, ``?`` or ``…`` followed by a space and a
  capital, a digit or a quote; common abbreviations ("M.", "etc.", "ex.") and decimal numbers do
  not end a sentence. Each list item (a mission, a competence…) is its own sentence.
- **Words**: runs of letters, hyphens inside ("sage-femme") kept; an elided article ("l'",
  "d'") is a word of its own; numbers are not words.
- **Syllables**: spoken vowel groups, counted by rule (hyphenation dictionaries such as
  pyphen cut "équipe" or "table" wrongly for this purpose). French: "qu"/"gu" count as one
  consonant and a final mute "e"/"es" is dropped ("é-qui-pe" → 2, "dé-ve-lop-peur" → 4);
  English: a final mute "e" is dropped unless it follows a consonant + "l" ("table" → 2);
  German, Spanish, Italian: one syllable per vowel group (diphthongs count once).
- **Score** (higher = easier), one documented formula per language:
  fr Kandel–Moles (1958) ``207 − 1.015 × mots/phrase − 73.6 × syllabes/mot``;
  en Flesch reading ease ``206.835 − 1.015 × mots/phrase − 84.6 × syllabes/mot``;
  de Amstad (1978) ``180 − mots/phrase − 58.5 × syllabes/mot``;
  es Fernández Huerta (1959) ``206.84 − 60 × syllabes/mot − 1.02 × mots/phrase``;
  it Gulpease (1988) ``89 + (300 × phrases − 10 × lettres) / mots`` (0–100 scale).
- **Limits**: FALC sentences ≤ 15 words (target 12 on average); 11-15 < 20 words; 15-18
  < 25 words; 18+ no limit. Long words (4 syllables or more) and abbreviations are listed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

LANGUES = ("fr", "en", "es", "de", "it")
FALC_MAX_MOTS = 15
FALC_CIBLE_MOTS = 12
MOT_LONG_SYLLABES = 4
_EXEMPLES_MAX = 10

# Most words a sentence may have, per age band (PRODUCT.md §6.5: "< 20", "< 25").
LIMITE_TRANCHE: dict[str, int | None] = {"11-15": 19, "15-18": 24, "18+": None}

FORMULES = {
    "fr": "Kandel–Moles",
    "en": "Flesch reading ease",
    "de": "Amstad",
    "es": "Fernández Huerta",
    "it": "Gulpease",
}

_VOYELLES = "aeiouyàâäéèêëîïôöûùüÿœæáíóúñ"
_GROUPE_VOYELLES = re.compile(f"[{_VOYELLES}]+")
_MOT = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_ELISION = re.compile(r"\b([^\W\d_]|qu|jusqu|lorsqu|puisqu)'", re.IGNORECASE)
_ABREVIATIONS_COURANTES = frozenset(
    {"m", "mme", "mlle", "etc", "ex", "env", "cf", "p", "n", "no", "st", "ste", "dr", "vs", "fig"}
)
_FIN_PHRASE = re.compile(r"(?<=[.!?…])[\"»”)]?\s+(?=[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])")
_SIGLE = re.compile(r"\b[A-ZÀ-Þ]{2,6}s?\b")
_ABREVIATION_POINT = re.compile(r"\b([^\W\d_]{1,4})\.(?!\w)")


@dataclass(frozen=True)
class Regles:
    """Sentence-length rules of one variant: the strictest of its format and age band."""

    limite_mots: int | None
    cible_mots: int | None


def regles(tranche_age: str, format_contenu: str) -> Regles:
    limites = [LIMITE_TRANCHE.get(tranche_age)]
    cible = None
    if format_contenu == "falc":
        limites.append(FALC_MAX_MOTS)
        cible = FALC_CIBLE_MOTS
    connues = [n for n in limites if n is not None]
    return Regles(limite_mots=min(connues) if connues else None, cible_mots=cible)


@dataclass(frozen=True)
class Metriques:
    """Readability of a set of texts; ``score`` is None when there is nothing to measure."""

    langue: str
    formule: str
    phrases: int
    mots: int
    syllabes: int
    mots_par_phrase: float
    mots_par_phrase_max: int
    syllabes_par_mot: float
    score: float | None
    limite_mots: int | None
    cible_mots: int | None
    phrases_trop_longues: int
    exemples_phrases_trop_longues: list[str] = field(default_factory=list)
    mots_longs: list[str] = field(default_factory=list)
    abreviations: list[str] = field(default_factory=list)
    conforme: bool = True
    alertes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def phrases(texte: str) -> list[str]:
    """The sentences of ``texte`` (abbreviations and decimals do not cut)."""
    morceaux: list[str] = []
    courant = ""
    for morceau in _FIN_PHRASE.split(texte.strip()):
        courant = f"{courant} {morceau}".strip() if courant else morceau.strip()
        dernier = courant.rstrip('"»”) ').rsplit(" ", 1)[-1]
        if dernier.rstrip(".").casefold() in _ABREVIATIONS_COURANTES and dernier.endswith("."):
            continue
        morceaux.append(courant)
        courant = ""
    if courant:
        morceaux.append(courant)
    return [p for p in morceaux if mots(p)]


def mots(texte: str) -> list[str]:
    """Words of ``texte``: "l'équipe" gives "l" and "équipe"; numbers are not words."""
    return _MOT.findall(_ELISION.sub(r"\1 ", texte.replace("’", "'")))


def syllabes(mot: str, langue: str = "fr") -> int:
    """Spoken syllables of one word, by rule (at least 1)."""
    m = mot.casefold()
    if langue == "fr":
        m = re.sub(r"(?<=[qg])u(?=[aeiouyéèêî])", "", m)
        if len(_GROUPE_VOYELLES.findall(m)) > 1:
            m = re.sub(r"(?<=[^aeiouyéèêëàâîïôöûùü])es?$", "", m)
    elif langue == "en" and len(m) > 2 and m.endswith("e") and not re.search(r"[^aeiouy]le$", m):
        m = m[:-1]
    return max(1, len(_GROUPE_VOYELLES.findall(m)))


def _abreviations(texte: str) -> set[str]:
    trouvees = {s for s in _SIGLE.findall(texte) if not s.isdigit()}
    points = _ABREVIATION_POINT.findall(texte)
    trouvees |= {f"{m}." for m in points if m.casefold() in _ABREVIATIONS_COURANTES}
    return trouvees


def _score(langue: str, *, n_phrases: int, n_mots: int, n_syllabes: int, lettres: int) -> float:
    mpp, spm = n_mots / n_phrases, n_syllabes / n_mots
    if langue == "en":
        return 206.835 - 1.015 * mpp - 84.6 * spm
    if langue == "de":
        return 180 - mpp - 58.5 * spm
    if langue == "es":
        return 206.84 - 60 * spm - 1.02 * mpp
    if langue == "it":
        return 89 + (300 * n_phrases - 10 * lettres) / n_mots
    return 207 - 1.015 * mpp - 73.6 * spm


def analyser(
    textes: Iterable[str], *, langue: str = "fr", regles_variante: Regles | None = None
) -> Metriques:
    """Readability of ``textes`` (paragraphs or list items) in ``langue``."""
    langue = langue if langue in FORMULES else "fr"
    regle = regles_variante or Regles(limite_mots=None, cible_mots=None)
    toutes = [p for texte in textes if texte and texte.strip() for p in phrases(texte)]
    longueurs = [len(mots(p)) for p in toutes]
    liste_mots = [m for p in toutes for m in mots(p)]
    comptes = {m: syllabes(m, langue) for m in set(liste_mots)}
    n_mots, n_phrases = len(liste_mots), len(toutes)
    n_syllabes = sum(comptes[m] for m in liste_mots)
    trop_longues = [
        p
        for p, n in zip(toutes, longueurs, strict=True)
        if regle.limite_mots and n > regle.limite_mots
    ]
    score = None
    if n_mots:
        lettres = sum(len(m.replace("-", "")) for m in liste_mots)
        brut = _score(
            langue, n_phrases=n_phrases, n_mots=n_mots, n_syllabes=n_syllabes, lettres=lettres
        )
        score = round(brut, 1)
    metriques = Metriques(
        langue=langue,
        formule=FORMULES[langue],
        phrases=n_phrases,
        mots=n_mots,
        syllabes=n_syllabes,
        mots_par_phrase=round(n_mots / n_phrases, 2) if n_phrases else 0.0,
        mots_par_phrase_max=max(longueurs, default=0),
        syllabes_par_mot=round(n_syllabes / n_mots, 3) if n_mots else 0.0,
        score=score,
        limite_mots=regle.limite_mots,
        cible_mots=regle.cible_mots,
        phrases_trop_longues=len(trop_longues),
        exemples_phrases_trop_longues=trop_longues[:_EXEMPLES_MAX],
        mots_longs=sorted(m for m, n in comptes.items() if n >= MOT_LONG_SYLLABES)[:_EXEMPLES_MAX],
        abreviations=sorted(set().union(*(_abreviations(p) for p in toutes)))[:_EXEMPLES_MAX],
    )
    return _avec_verdict(metriques)


def _avec_verdict(m: Metriques) -> Metriques:
    alertes = []
    if m.phrases_trop_longues:
        alertes.append(
            f"{m.phrases_trop_longues} "
            + ("phrase dépasse" if m.phrases_trop_longues < 2 else "phrases dépassent")
            + f" {m.limite_mots} mots "
            f"(la plus longue en compte {m.mots_par_phrase_max})."
        )
    if m.cible_mots and m.mots_par_phrase > m.cible_mots:
        alertes.append(
            f"Les phrases comptent {m.mots_par_phrase:g} mots en moyenne "
            f"(cible FALC : {m.cible_mots})."
        )
    if m.cible_mots and m.abreviations:
        alertes.append(f"Abréviations ou sigles à expliquer : {', '.join(m.abreviations)}.")
    return Metriques(**{**asdict(m), "conforme": not m.phrases_trop_longues, "alertes": alertes})
