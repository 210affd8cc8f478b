"""Gendered names checked against the ROME forms; a correct ROME feminine is never degraded."""

from __future__ import annotations

from agents_metiers.domain.genre import formes_rome, nom_pour_genre, noms_surs, verifier_noms
from agents_metiers.domain.noms import NomsGenres

FORMES = formes_rome(
    "Développeur / Développeuse informatique",
    [
        {
            "nom_masculin": "Programmeur",
            "nom_feminin": "Programmeuse",
            "nom_epicene": "Programmeur ou programmeuse",
        }
    ],
)
ROME = NomsGenres(
    "Développeur informatique",
    "Développeuse informatique",
    "Développeur ou développeuse informatique",
)


def test_the_rome_names_pass() -> None:
    assert verifier_noms(ROME, FORMES) == []


def test_a_feminine_equal_to_the_masculine_is_reported_with_the_rome_form() -> None:
    noms = NomsGenres(ROME.masculin, ROME.masculin, ROME.epicene)
    [probleme] = verifier_noms(noms, FORMES)
    assert (probleme.champ, probleme.attendu) == ("nom_feminin", "Développeuse informatique")


def test_leftover_markers_and_a_masculine_only_epicene_are_reported() -> None:
    noms = NomsGenres("Programmeur", "Programmeur(euse)", "Programmeur")
    champs = {p.champ for p in verifier_noms(noms, FORMES)}
    assert champs == {"nom_feminin", "nom_epicene"}


def test_a_proposal_never_replaces_the_rome_feminine() -> None:
    propose = NomsGenres(ROME.masculin, "Développeur informatique", "Développeur informatique")
    assert noms_surs(ROME, propose, FORMES) == ROME


def test_without_rome_forms_the_proposal_is_taken() -> None:
    propose = NomsGenres("Pilote de drone", "Pilote de drone", "Pilote de drone")
    assert noms_surs(propose, propose, {}) == propose


def test_a_variant_takes_the_name_of_its_gender() -> None:
    assert nom_pour_genre(ROME, "feminin") == "Développeuse informatique"
    assert nom_pour_genre(ROME, "epicene") == ROME.epicene
