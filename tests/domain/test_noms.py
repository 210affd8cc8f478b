"""Gendered names of ROME labels: one row per behaviour."""

from __future__ import annotations

import dataclasses

import pytest

from agents_metiers.domain.noms import NomsGenres, noms_genres


@pytest.mark.parametrize(
    ("libelle", "masculin", "feminin"),
    [
        # Lowercase right side: the masculine ends L, shared prefix before it.
        ("Artiste plasticien / plasticienne", "Artiste plasticien", "Artiste plasticienne"),
        (
            "Responsable commercial / commerciale",
            "Responsable commercial",
            "Responsable commerciale",
        ),
        (
            "Médecin anesthésiste réanimateur / réanimatrice (MAR)",
            "Médecin anesthésiste réanimateur (MAR)",
            "Médecin anesthésiste réanimatrice (MAR)",
        ),
        # Capitalised right side: R is the feminine then a shared suffix.
        (
            "Agent général / Agente générale d'assurance",
            "Agent général d'assurance",
            "Agente générale d'assurance",
        ),
        ("Homme sage-femme / Sage-femme", "Homme sage-femme", "Sage-femme"),
        (
            "Conducteur / Conductrice d'engins agricoles",
            "Conducteur d'engins agricoles",
            "Conductrice d'engins agricoles",
        ),
        (
            "Développeur / Développeuse informatique",
            "Développeur informatique",
            "Développeuse informatique",
        ),
    ],
)
def test_doublet_masculin_et_feminin(libelle: str, masculin: str, feminin: str) -> None:
    noms = noms_genres(libelle)
    assert (noms.masculin, noms.feminin) == (masculin, feminin)


@pytest.mark.parametrize(
    ("libelle", "epicene"),
    [
        ("Développeur / Développeuse informatique", "Développeur ou développeuse informatique"),
        (
            "Agent général / Agente générale d'assurance",
            "Agent général ou agente générale d'assurance",
        ),
        ("Artiste plasticien / plasticienne", "Artiste plasticien ou plasticienne"),
        (
            "Médecin anesthésiste réanimateur / réanimatrice (MAR)",
            "Médecin anesthésiste réanimateur ou réanimatrice (MAR)",
        ),
        # The feminine is contained in the masculine: it names both.
        ("Homme sage-femme / Sage-femme", "Sage-femme"),
        # Words equal on both sides are said once.
        (
            "Secrétaire général / Secrétaire générale de mairie",
            "Secrétaire général ou générale de mairie",
        ),
    ],
)
def test_epicene_resout_le_doublet(libelle: str, epicene: str) -> None:
    assert noms_genres(libelle).epicene == epicene


@pytest.mark.parametrize("libelle", ["Actuaire", "Artiste peintre", "Groupiste / Groupiste"])
def test_libelle_epicene_donne_trois_formes_egales(libelle: str) -> None:
    nom = libelle.split(" / ", maxsplit=1)[0]
    assert noms_genres(libelle) == NomsGenres(nom, nom, nom)


def test_epicene_garde_un_acronyme_en_tete_feminine() -> None:
    noms = noms_genres("BIM Modeleur / Modeleuse")
    assert (noms.feminin, noms.epicene) == ("BIM Modeleuse", "BIM Modeleur ou modeleuse")


def test_feminin_prend_la_casse_du_masculin_remplace() -> None:
    noms = noms_genres("Aide électricien monteur / Electricienne monteuse réseaux")
    assert noms.masculin == "Aide électricien monteur réseaux"
    assert noms.feminin == "Aide electricienne monteuse réseaux"


@pytest.mark.parametrize(
    ("libelle", "masculin", "feminin"),
    [
        ("Opérateur(trice) machine", "Opérateur machine", "Opératrice machine"),
        (
            "Accompagnant(e) éducatif(ve) et social(e) à domicile",
            "Accompagnant éducatif et social à domicile",
            "Accompagnante éducative et sociale à domicile",
        ),
        (
            "Technicien(ne) de maintenance",
            "Technicien de maintenance",
            "Technicienne de maintenance",
        ),
        ("Chef(fe) de rayon", "Chef de rayon", "Cheffe de rayon"),
        ("Acheteur(se) vendeur(euse)", "Acheteur vendeur", "Acheteuse vendeuse"),
        ("Magasinier(e) cariste", "Magasinier cariste", "Magasinière cariste"),
        ("Conseiller(ère) en insertion", "Conseiller en insertion", "Conseillère en insertion"),
        ("Maître(sse) de maison", "Maître de maison", "Maîtresse de maison"),
        ("Professeur(e) des écoles", "Professeur des écoles", "Professeure des écoles"),
        ("Ajusteur(se)-monteur(se)", "Ajusteur-monteur", "Ajusteuse-monteuse"),
        ("Projeteur(teuse) BTP", "Projeteur BTP", "Projeteuse BTP"),
    ],
)
def test_marque_entre_parentheses(libelle: str, masculin: str, feminin: str) -> None:
    noms = noms_genres(libelle)
    assert (noms.masculin, noms.feminin) == (masculin, feminin)


def test_epicene_d_un_libelle_a_marques_couvre_les_mots_genres() -> None:
    noms = noms_genres("Accompagnant(e) éducatif(ve) à domicile")
    assert noms.epicene == "Accompagnant éducatif ou accompagnante éducative à domicile"


@pytest.mark.parametrize(
    ("libelle", "masculin", "feminin"),
    [
        # Slips of the source: detached, glued, truncated or doubled markers.
        (
            "Technicien (cienne) de maintenance",
            "Technicien de maintenance",
            "Technicienne de maintenance",
        ),
        ("Assistant/(e) de direction", "Assistant de direction", "Assistante de direction"),
        (
            "Technicien(ne) supérieur(e)conception",
            "Technicien supérieur conception",
            "Technicienne supérieure conception",
        ),
        ("Che(fe) du service", "Chef du service", "Cheffe du service"),
        ("Technicien(e) contrôle", "Technicien contrôle", "Technicienne contrôle"),
        ("Technicien(ne) supérieure(e)", "Technicien supérieur", "Technicienne supérieure"),
    ],
)
def test_marques_mal_ecrites(libelle: str, masculin: str, feminin: str) -> None:
    noms = noms_genres(libelle)
    assert (noms.masculin, noms.feminin) == (masculin, feminin)


def test_pluriel_entre_parentheses_n_est_pas_un_genre() -> None:
    noms = noms_genres("Responsable de site(s) de vente")
    assert noms.masculin == noms.feminin == "Responsable de site(s) de vente"


def test_doublet_colle_sans_espaces() -> None:
    noms = noms_genres("Garde national/nationale de la chasse")
    assert noms.masculin == "Garde national de la chasse"
    assert noms.feminin == "Garde nationale de la chasse"


def test_barre_entre_deux_mots_differents_reste() -> None:
    noms = noms_genres("Chef / Cheffe d'équipe en plastique/caoutchouc")
    assert noms.masculin == "Chef d'équipe en plastique/caoutchouc"
    assert noms.feminin == "Cheffe d'équipe en plastique/caoutchouc"


@pytest.mark.parametrize(
    ("libelle", "masculin", "feminin"),
    [
        ("Homme / Femme de pied", "Homme de pied", "Femme de pied"),
        ("Garçon / Serveuse de café", "Garçon de café", "Serveuse de café"),
        ("Steward / Hôtesse de l'air", "Steward de l'air", "Hôtesse de l'air"),
        ("Barman / Barmaid", "Barman", "Barmaid"),
        ("Pizzaïolo / Pizzaïola", "Pizzaïolo", "Pizzaïola"),
    ],
)
def test_feminin_d_un_autre_radical(libelle: str, masculin: str, feminin: str) -> None:
    noms = noms_genres(libelle)
    assert (noms.masculin, noms.feminin) == (masculin, feminin)


def test_feminin_ecrit_en_premier() -> None:
    noms = noms_genres("Opératrice / Opérateur de saisie")
    assert (noms.masculin, noms.feminin) == ("Opérateur de saisie", "Opératrice de saisie")


def test_mots_composes_compares_partie_par_partie() -> None:
    noms = noms_genres("Accordeur-réparateur / Accordeuse-réparatrice de pianos")
    assert noms.feminin == "Accordeuse-réparatrice de pianos"
    assert noms.epicene == "Accordeur-réparateur ou accordeuse-réparatrice de pianos"


def test_seule_la_barre_de_genre_coupe_un_libelle_a_plusieurs_barres() -> None:
    noms = noms_genres("Professeur / Professeure technique / Chef de travaux")
    assert noms.masculin == "Professeur technique/Chef de travaux"
    assert noms.feminin == "Professeure technique/Chef de travaux"


@pytest.mark.parametrize(
    "libelle",
    [
        "Chercheur / Concepteur informatique",
        "Sound designer / Designer sonore",
        "Analyste prix / Analyste pricing",
    ],
)
def test_barre_entre_deux_noms_n_est_pas_un_genre(libelle: str) -> None:
    nom = libelle.replace(" / ", "/")
    assert noms_genres(libelle) == NomsGenres(nom, nom, nom)


def test_espaces_normalises() -> None:
    noms = noms_genres("  Conducteur  /  Conductrice   de bus ")
    assert noms.masculin == "Conducteur de bus"


def test_noms_genres_est_immuable() -> None:
    noms = noms_genres("Actuaire")
    with pytest.raises(dataclasses.FrozenInstanceError):
        noms.masculin = "x"  # type: ignore[misc]
