"""The edit form's state (pure): percentages, list buttons, change detection."""

from __future__ import annotations

from typing import Any

import pytest

from agents_metiers.web.pages.formulaire_fiche import (
    CHAMPS,
    appliquer_geste,
    champs_modifies,
    pourcentage_saisie,
    vers_champs,
)


def _etat(**valeurs: Any) -> dict[str, Any]:
    base: dict[str, Any] = {}
    for nom, champ in CHAMPS.items():
        if champ.genre in ("ligne", "texte"):
            base[nom] = ""
        elif champ.est_liste:
            base[nom] = []
        else:
            base[nom] = {}
    return base | valeurs


@pytest.mark.parametrize(
    ("fraction", "texte"), [(0.6, "60"), (0.355, "35,5"), (1 / 3, "33,3"), (0, "0"), (None, "")]
)
def test_fractions_are_shown_as_french_percentages(fraction: float | None, texte: str) -> None:
    assert pourcentage_saisie(fraction) == texte


def test_list_buttons_add_remove_and_move_within_bounds() -> None:
    etat = _etat(formations=["A", "B", "C"])
    assert appliquer_geste(etat, "ajouter:formations") is not None
    assert etat["formations"] == ["A", "B", "C", ""]
    geste = appliquer_geste(etat, "supprimer:formations:3")
    assert geste is not None and geste.focus == "formations-2"
    assert appliquer_geste(etat, "monter:formations:0") is None  # already first
    assert appliquer_geste(etat, "descendre:formations:2") is None  # already last
    assert appliquer_geste(etat, "supprimer:formations:7") is None
    assert appliquer_geste(etat, "ajouter:description") is None  # not a list
    assert appliquer_geste(etat, "ajouter:inconnu") is None
    geste = appliquer_geste(etat, "descendre:formations:0")
    assert etat["formations"] == ["B", "A", "C"]
    assert geste is not None and geste.focus == "descendre-formations-1"
    geste = appliquer_geste(etat, "monter:formations:1")
    assert etat["formations"] == ["A", "B", "C"] and geste is not None
    assert geste.focus == "descendre-formations-0"  # at the top: its other button


def test_blank_items_windows_newlines_and_spaces_in_numbers_are_no_change() -> None:
    origine = _etat(
        description="Ligne 1\nLigne 2",
        missions_principales=["Coder"],
        salaires={"junior.min": "32 000"},
    )
    etat = _etat(
        description="Ligne 1\nLigne 2",
        missions_principales=["Coder", "  "],
        salaires={"junior.min": "32000"},
    )
    assert champs_modifies(etat, origine) == []
    etat["missions_principales"] = ["Coder", "Tester"]
    assert champs_modifies(etat, origine) == ["missions_principales"]


def test_errors_point_at_the_form_position_of_the_item() -> None:
    etat = _etat(
        sites_utiles=[
            {"nom": "", "url": "", "description": ""},  # blank: dropped before the API
            {"nom": "Onisep", "url": "pas une url", "description": ""},
        ]
    )
    _valeurs, erreurs = vers_champs(etat, ["sites_utiles"], {"champ.sites_utiles": "Sites utiles"})
    assert list(erreurs) == ["sites_utiles.1.url"]
    assert erreurs["sites_utiles.1.url"].startswith("Champ « Sites utiles (adresse) »")
