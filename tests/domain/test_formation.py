"""Level of education read from accès texts written in the style of the ROME ones."""

from __future__ import annotations

import pytest

from agents_metiers.domain.formation import niveau_formation

ACCES = "Cet emploi est accessible avec "


@pytest.mark.parametrize(
    ("acces", "niveau"),
    [
        (ACCES + "un diplôme de niveau CAP en horlogerie.", "CAP/BEP"),
        (ACCES + "un CAP ou un BEP en hôtellerie.", "CAP/BEP"),
        (ACCES + "un CAP/BEP en menuiserie, métallerie.", "CAP/BEP"),
        (ACCES + "un Bac professionnel industries de process.", "Bac"),
        (ACCES + "un diplôme de niveau baccalauréat dans le secteur tertiaire.", "Bac"),
        (ACCES + "un Brevet Professionnel (BP) Coiffure.", "Bac"),
        (ACCES + "un BTS ou un DUT en chimie.", "Bac+2"),
        (ACCES + "une Licence Professionnelle en Logistique.", "Bac+3"),
        (ACCES + "un Master en droit des affaires.", "Bac+5"),
        (ACCES + "un diplôme d'ingénieur en génie civil.", "Bac+5"),
        (ACCES + "un Doctorat en astrophysique.", "Bac+8"),
        (ACCES + "un diplôme de niveau Bac +5 en finance.", "Bac+5"),
        (ACCES + "un Bac + 8 doctorat en médecine.", "Bac+8"),
    ],
)
def test_un_seul_niveau(acces: str, niveau: str) -> None:
    assert niveau_formation(acces) == niveau


@pytest.mark.parametrize(
    ("acces", "niveau"),
    [
        (
            ACCES + "un diplôme de niveau Bac+2 à Bac+5  dans le domaine de l'informatique.",
            "Bac+2 à Bac+5",
        ),
        (ACCES + "un diplôme de niveau CAP à Bac +2 en couture, mode.", "CAP/BEP à Bac+2"),
        (
            "Cet emploi est accessible à partir d'un Bac professionnel au BTS maintenance.",
            "Bac à Bac+2",
        ),
        (ACCES + "des formations variées, allant de Bac+2 à Bac+5.", "Bac+2 à Bac+5"),
        (ACCES + "un CAP Maintenance des véhicules ou un Bac Professionnel.", "CAP/BEP à Bac"),
        (ACCES + "une formation de niveau Bac+2/3 à Bac+5.", "Bac+2/3 à Bac+5"),
    ],
)
def test_fourchette_du_plus_bas_au_plus_haut(acces: str, niveau: str) -> None:
    assert niveau_formation(acces) == niveau


@pytest.mark.parametrize(
    "acces",
    [
        ACCES + "un diplôme de niveau Bac+2/3 en Systèmes Informatiques et Réseaux.",
        ACCES + "un BTS en Transport ou une Licence en Logistique.",
        ACCES + "une formation de niveau Bac + 2 ou Bac + 3.",
    ],
)
def test_deux_niveaux_voisins_s_ecrivent_avec_une_barre(acces: str) -> None:
    assert niveau_formation(acces) == "Bac+2/3"


def test_exemples_entre_parentheses_ignores() -> None:
    acces = ACCES + "un diplôme de niveau Bac+2 (BTS, BUT, ...) en commerce."
    assert niveau_formation(acces) == "Bac+2"


def test_parentheses_lues_quand_seules_a_nommer_un_niveau() -> None:
    acces = ACCES + "une équivalence via les diplômes de l'Education nationale (CAP, Bac pro)."
    assert niveau_formation(acces) == "CAP/BEP à Bac"


@pytest.mark.parametrize(
    ("acces", "niveau"),
    [
        (ACCES + "une qualification de niveau 5 de l'hôtellerie/restauration.", "Bac+2"),
        (ACCES + "un diplôme de niveau 3, comme les CAP Agricoles.", "CAP/BEP"),
        (
            "Cet emploi est accessible à partir d'un niveau CAP (niveau 3) à Bac (4).",
            "CAP/BEP à Bac",
        ),
    ],
)
def test_niveaux_de_la_nomenclature_nationale(acces: str, niveau: str) -> None:
    assert niveau_formation(acces) == niveau


@pytest.mark.parametrize(
    "acces",
    [
        "Ce métier est accessible sans diplôme ni expérience professionnelle.",
        "Cet emploi est accessible sans qualification particulière.",
        "Cet emploi est accessible sans condition de diplôme.",
        "Cet emploi est accessible à tous les niveaux de qualification. Le permis C est requis.",
        "Aucun diplôme n'est requis pour accéder aux formations.",
        "L'accès à cet emploi n'est pas conditionné par la détention d'un diplôme.",
        ACCES + "un niveau CAP dans le domaine de la propreté, voire sans diplôme.",
    ],
)
def test_sans_diplome(acces: str) -> None:
    assert niveau_formation(acces) == "Sans diplôme"


def test_sans_diplome_malgre_une_option() -> None:
    acces = "Cet emploi est accessible sans qualification, mais un CAP Agricole peut être un atout."
    assert niveau_formation(acces) == "Sans diplôme"


def test_premiere_phrase_qui_donne_un_niveau() -> None:
    acces = (
        "Ce métier est accessible avec un CAP/BEP en carrelage. Il est également accessible avec"
        " une expérience sans diplôme particulier. Un diplôme de niveau Bac peut être demandé."
    )
    assert niveau_formation(acces) == "CAP/BEP"


def test_phrase_d_option_passee_pour_le_niveau_d_entree() -> None:
    acces = (
        "Cet emploi est accessible avec un permis B. Aucune obligation réglementaire n'est requise."
        " Une formation de niveau CAP à Bac peut cependant en faciliter l'accès."
        " Ce métier est accessible avec un Bac pro dans certaines entreprises."
    )
    assert niveau_formation(acces) == "Bac"


@pytest.mark.parametrize(
    "acces",
    [
        "",
        ACCES + "un CQP Gestionnaire de magasin cycles.",
        ACCES + "un Diplôme d'État d'infirmier, obligatoire pour exercer.",
        ACCES + "un Permis de conduire catégorie B, obligatoire pour la conduite.",
        # Options only: the text states no entry level.
        ACCES + "un permis D. Des formations complémentaires comme le CAP peuvent être utiles.",
        ACCES + "un Diplôme d'Etat de Cadre de Santé. Celui-ci peut être complété par un Master.",
        "Un diplôme de niveau CAP dans le secteur du bâtiment peut faciliter l'accès à cet emploi.",
        # Not education levels.
        "Ce métier ne peut s'exercer sans qualification.",
        "La détention de la Capacité équestre professionnelle de niveau 3 est obligatoire.",
        "La formation Prévention et Secours Civiques de niveau 1 est requise.",
        "Il est nécessaire d'obtenir une licence IV pour vendre des boissons alcoolisées.",
        "Ce métier est exercé dans le but de servir la clientèle.",
    ],
)
def test_aucun_niveau_enonce(acces: str) -> None:
    assert niveau_formation(acces) is None


def test_brevet_professionnel_agricole_est_de_niveau_cap() -> None:
    acces = ACCES + "un brevet professionnel agricole, option ouvrier d'élevage."
    assert niveau_formation(acces) == "CAP/BEP"


def test_espaces_et_casse_indifferents() -> None:
    assert niveau_formation("Cet emploi est accessible avec un  BAC + 3  en droit.") == "Bac+3"
