"""Salaries read from job-offer texts, made comparable (gross annual €), pure.

France Travail offers state pay as ``salaire.libelle``: « Mensuel de 1923.00 Euros sur 12 mois »,
« Annuel de 45000.0 Euros à 55000.0 Euros », « Horaire de 11.88 Euros »… Rules (documented in
docs/marche.md):

- monthly × the number of months stated (« sur 13 mois »), 12 when none is stated;
- hourly × 151.67 h × 12 (the legal monthly hours of a 35-hour week, paid monthly);
- a range counts as its midpoint; a text without an amount or with an unknown period is ignored;
- quartiles need at least ``minimum`` offers with a readable salary, else there is no figure.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

HEURES_MENSUELLES_LEGALES = 151.67
PERIODES = {"annuel": 1.0, "mensuel": 12.0, "horaire": HEURES_MENSUELLES_LEGALES * 12}
_MONTANT = r"(\d[\d\s]*(?:[.,]\d+)?)"
_LIBELLE = re.compile(
    rf"^\s*(?P<periode>annuel|mensuel|horaire)\s+de\s+{_MONTANT}\s*(?:euros?|€)"
    rf"(?:\s+à\s+{_MONTANT}\s*(?:euros?|€))?(?:\s+sur\s+(?P<mois>\d+(?:[.,]\d+)?)\s+mois)?",
    re.IGNORECASE,
)


def _nombre(texte: str) -> float:
    return float(texte.replace(" ", "").replace("\u202f", "").replace(",", "."))


def salaire_annuel(libelle: str | None) -> float | None:
    """The gross annual salary an offer's ``salaire.libelle`` states, or None."""
    if not libelle:
        return None
    match = _LIBELLE.match(libelle)
    if match is None:
        return None
    bas = _nombre(match.group(2))
    haut = _nombre(match.group(3)) if match.group(3) else bas
    if bas <= 0 or haut < bas:
        return None
    periode = match.group("periode").lower()
    facteur = PERIODES[periode]
    if periode == "mensuel" and match.group("mois"):
        facteur = _nombre(match.group("mois"))
    return round((bas + haut) / 2 * facteur, 2)


@dataclass(frozen=True)
class Distribution:
    """Quartiles of a sample of annual salaries (€, rounded to the euro)."""

    effectif: int
    min: int
    q1: int
    median: int
    q3: int
    max: int
    moyenne: int


def distribution(valeurs: Iterable[float], *, minimum: int) -> Distribution | None:
    """Quartiles of ``valeurs``; None below ``minimum`` values (too few to say anything)."""
    sample = sorted(valeurs)
    if len(sample) < max(minimum, 2):
        return None
    q1, median, q3 = statistics.quantiles(sample, n=4, method="inclusive")
    return Distribution(
        effectif=len(sample),
        min=round(sample[0]),
        q1=round(q1),
        median=round(median),
        q3=round(q3),
        max=round(sample[-1]),
        moyenne=round(statistics.fmean(sample)),
    )


_ANNEES = re.compile(r"(\d+)\s*an", re.IGNORECASE)
_MOIS = re.compile(r"(\d+)\s*mois", re.IGNORECASE)
# The experience buckets of the Offres API (filter ``experience``): 1 less than a year,
# 2 from one to three years, 3 more than three years.
NIVEAUX_EXPERIENCE = {"1": "junior", "2": "confirme", "3": "senior"}


def _niveau_mois(mois: int) -> str:
    if mois < 12:
        return "junior"
    return "confirme" if mois <= 36 else "senior"


def niveau_experience(exige: str | None, libelle: str | None) -> str | None:
    """The offer's experience bucket (junior, confirme, senior) from ``experienceExige``
    (D = beginner accepted) and ``experienceLibelle`` (« 2 An(s) », « 6 Mois »), or None."""
    if exige == "D":
        return "junior"
    texte = libelle or ""
    if annees := _ANNEES.search(texte):
        return _niveau_mois(int(annees.group(1)) * 12)
    if mois := _MOIS.search(texte):
        return _niveau_mois(int(mois.group(1)))
    return None
