"""Coverage of `niveau_formation` over the accès texts of the real ROME v460 export."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from agents_metiers.domain.formation import niveau_formation

ROME = Path(__file__).resolve().parents[3] / "shared" / "rome" / "v460"
TEXTES = ROME / "unix_texte_v460_utf8.csv"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not ROME.is_dir(), reason=f"ROME v460 export absent from {ROME}"),
]

# Measured on v460: 1 399 of the 1 584 fiches state a level (185 do not: regulated
# "Diplôme d'État", CQP, permits, military or sports qualifications).
FICHES = 1_584
AVEC_NIVEAU_MINIMUM = 1_390
SANS_DIPLOME_MINIMUM = 140
NIVEAU = r"Sans diplôme|CAP/BEP|Bac(?:\+\d{1,2}(?:/\d{1,2})?)?"
LIBELLE = re.compile(rf"(?:{NIVEAU})(?: à (?:{NIVEAU}))?")


def _acces() -> dict[str, str]:
    phrases: dict[str, list[tuple[int, str]]] = defaultdict(list)
    with TEXTES.open(encoding="utf-8", newline="") as fichier:
        for ligne in csv.DictReader(fichier):
            if ligne["libelle_type_texte"] == "acces_metier":
                texte = ligne["libelle_texte"].replace("''", "'")
                phrases[ligne["code_rome"]].append((int(ligne["position_phrase"]), texte))
    return {code: " ".join(t for _, t in sorted(p)) for code, p in phrases.items()}


@pytest.fixture(scope="module")
def niveaux() -> dict[str, str | None]:
    return {code: niveau_formation(texte) for code, texte in _acces().items()}


def test_toutes_les_fiches_ont_un_texte_d_acces(niveaux: dict[str, str | None]) -> None:
    assert len(niveaux) == FICHES


def test_couverture_mesuree_conservee(niveaux: dict[str, str | None]) -> None:
    avec_niveau = [n for n in niveaux.values() if n is not None]
    assert len(avec_niveau) >= AVEC_NIVEAU_MINIMUM
    assert avec_niveau.count("Sans diplôme") >= SANS_DIPLOME_MINIMUM


def test_libelles_normalises(niveaux: dict[str, str | None]) -> None:
    fautifs = {c: n for c, n in niveaux.items() if n is not None and not LIBELLE.fullmatch(n)}
    assert fautifs == {}


@pytest.mark.parametrize(
    ("code", "niveau"),
    [
        ("A1101", "Sans diplôme"),
        ("D1408", "Bac à Bac+2"),
        ("G1408", "Bac+2 à Bac+5"),
        ("I1113", "Bac à Bac+2"),
        ("M1828", "Bac+5"),
        ("J1108", None),
    ],
)
def test_fiches_connues(niveaux: dict[str, str | None], code: str, niveau: str | None) -> None:
    assert niveaux[code] == niveau
