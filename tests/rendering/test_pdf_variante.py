"""A variant laid over its fiche in the fiche's shapes, from both stored shapes (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from agents_metiers.rendering.pdf_variante import appliquer_variante

FICHE: dict[str, Any] = {
    "description": "Conçoit des logiciels.",
    "missions_principales": ["Analyser", "Coder"],
    "aptitudes": [{"nom": "Rigueur", "niveau": 4, "description": "Précision"}],
    "appellations": [
        {"code_ogr": "1", "nom_masculin": "Développeur", "nom_feminin": "Développeuse"}
    ],
    "mobilite": {
        "metiers_proches": [{"code_rome": "M1802", "nom": "Expert", "nom_feminin": "Experte"}],
        "evolutions": [],
    },
    "competences": ["Programmer"],
    "competences_detail": [{"libelle": "Programmer", "enjeu": "Code"}],
}


def test_the_generator_s_strings_take_the_place_of_the_fiche_s_labels() -> None:
    contenu = {
        "description": "Designs software.",
        "missions_principales": ["Analyse", "Code"],
        "aptitudes": ["Rigour"],
        "appellations": ["Developer"],
        "metiers_proches": ["Expert (f)"],
        "competences": ["Programming"],
    }
    vue = appliquer_variante(FICHE, contenu)
    assert vue["missions_principales"] == ["Analyse", "Code"]
    assert vue["aptitudes"] == [{"nom": "Rigour", "niveau": 4, "description": "Précision"}]
    assert vue["appellations"][0]["code_ogr"] == "1"
    assert vue["appellations"][0]["nom_feminin"] == "Developer"
    proche = vue["mobilite"]["metiers_proches"][0]
    assert proche["code_rome"] == "M1802" and proche["nom"] == proche["nom_feminin"] == "Expert (f)"
    assert vue["competences_detail"] == [{"libelle": "Programming"}]
    assert FICHE["aptitudes"][0]["nom"] == "Rigueur"  # the fiche itself is left alone


@pytest.mark.parametrize(
    "contenu",
    [
        {"missions_principales": [{"libelle": "Analyse"}], "aptitudes": [{"nom": "Rigour"}]},
        {"mobilite": {"metiers_proches": [{"nom": "Expert"}]}, "aptitudes": ["Rigour", "Extra"]},
    ],
)
def test_objects_and_extra_items_keep_printable_shapes(contenu: dict[str, Any]) -> None:
    vue = appliquer_variante(FICHE, contenu)
    assert all(isinstance(m, str) for m in vue["missions_principales"])
    assert all(isinstance(a, dict) and a["nom"] for a in vue["aptitudes"])
    assert all(isinstance(m, dict) for m in vue["mobilite"]["metiers_proches"])
