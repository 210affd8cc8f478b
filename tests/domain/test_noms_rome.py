"""Invariants of `noms_genres` over every label of the real ROME v460 export."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from agents_metiers.domain.noms import NomsGenres, noms_genres

ROME = Path(__file__).resolve().parents[3] / "shared" / "rome" / "v460"
APPELLATIONS = ROME / "unix_referentiel_appellation_v460_utf8.csv"
FICHES = ROME / "unix_referentiel_code_rome_v460_utf8.csv"

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not ROME.is_dir(), reason=f"ROME v460 export absent from {ROME}"),
]

# " / " joining two names rather than two genders: kept as "/", same name for all.
ALTERNATIVES = {
    "Analyste prix / Analyste pricing",
    "Bioinformaticienne / Bio-informaticienne",
    "Chercheur / Concepteur informatique",
    "Lapidaire / Diamantaire",
    "Responsable développement / Business Developer",
    "Responsable plate-forme expédition / Livraison",
    "Sound designer / Designer sonore",
    "Tubiste / Contre tubiste",
}
# A feminine marker glued to a word, "(s)" (plural) aside.
MARQUE = re.compile(r"[^\W\d_]\((?!s\))[a-zàâçéèêëîïôûùüÿœ]+\)")


def _colonne(chemin: Path, *colonnes: str) -> set[str]:
    with chemin.open(encoding="utf-8", newline="") as fichier:
        return {ligne[c] for ligne in csv.DictReader(fichier) for c in colonnes}


@pytest.fixture(scope="module")
def noms() -> dict[str, NomsGenres]:
    libelles = _colonne(APPELLATIONS, "libelle_appellation_long", "libelle_appellation_court")
    libelles |= _colonne(FICHES, "libelle_rome")
    return {libelle: noms_genres(libelle) for libelle in libelles}


def _formes(n: NomsGenres) -> tuple[str, str, str]:
    return n.masculin, n.feminin, n.epicene


def test_tous_les_libelles_sont_lus(noms: dict[str, NomsGenres]) -> None:
    assert len(noms) > 15_000


def test_aucune_barre_espacee_ne_reste(noms: dict[str, NomsGenres]) -> None:
    fautifs = [lib for lib, n in noms.items() if any(" / " in f for f in _formes(n))]
    assert fautifs == []


def test_aucune_forme_vide_ni_espace_en_trop(noms: dict[str, NomsGenres]) -> None:
    fautifs = [
        lib
        for lib, n in noms.items()
        if any(not f or "  " in f or f != f.strip() for f in _formes(n))
    ]
    assert fautifs == []


def test_un_doublet_donne_deux_genres_differents(noms: dict[str, NomsGenres]) -> None:
    fautifs = [
        lib
        for lib, n in noms.items()
        if " / " in lib
        and n.masculin == n.feminin
        and len({cote.casefold() for cote in lib.split(" / ")}) > 1
        and lib not in ALTERNATIVES
    ]
    assert fautifs == []


def test_alternatives_gardees_telles_quelles(noms: dict[str, NomsGenres]) -> None:
    for libelle in ALTERNATIVES:
        assert noms[libelle].epicene == libelle.replace(" / ", "/")


def test_une_marque_donne_deux_genres_sans_parenthese(noms: dict[str, NomsGenres]) -> None:
    marques = {lib: n for lib, n in noms.items() if MARQUE.search(lib)}
    assert len(marques) > 1_500
    fautifs = [
        lib
        for lib, n in marques.items()
        if n.masculin == n.feminin or any(MARQUE.search(f) for f in _formes(n))
    ]
    assert fautifs == []


def test_epicene_nomme_les_deux_genres(noms: dict[str, NomsGenres]) -> None:
    fautifs = [
        lib
        for lib, n in noms.items()
        if n.masculin != n.feminin and " ou " not in n.epicene and n.epicene != n.feminin
    ]
    assert fautifs == []
