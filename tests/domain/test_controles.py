"""Automatic checks: each finds its own kind of defect, and a clean fiche has none of them."""

from __future__ import annotations

from typing import Any

from agents_metiers.domain.controles import (
    coherence_rome,
    controler,
    lisibilite,
    marche,
    salaires,
    typographie,
    urls,
)

NBSP = "\u00a0"


def _niveau(mn: int, med: int, mx: int) -> dict[str, int]:
    return {"min": mn, "median": med, "max": mx}


def test_salaries_must_be_ordered_and_plausible() -> None:
    ok = {
        "salaires": {"junior": _niveau(25000, 28000, 31000), "senior": _niveau(40000, 50000, 60000)}
    }
    assert list(salaires(ok)) == []
    bad = {
        "salaires": {
            "junior": _niveau(30000, 28000, 31000),
            "confirme": _niveau(20000, 22000, 24000),
        }
    }
    messages = [c.message for c in salaires(bad)]
    assert any("min ≤ médian ≤ max" in m for m in messages)
    assert any("croître" in m for m in messages)
    assert [c.severite for c in salaires({"salaires": {"junior": _niveau(500, 600, 700)}})] == [
        "erreur"
    ] * 3


def test_competences_must_come_from_the_fiche_referential() -> None:
    fiche = {
        "competences": [
            {"code_ogr": "1", "libelle": "Coder"},
            {"code_ogr": "9", "libelle": "Piloter un avion"},
            {"libelle": "Texte libre"},
        ]
    }
    constats = list(coherence_rome(fiche, {"competences": {"1"}}))
    assert [(c.severite, c.message[:18]) for c in constats] == [
        ("erreur", "« Piloter un avion"),
        ("avertissement", "« Texte libre » ne"),
    ]
    assert [c.severite for c in coherence_rome(fiche, None)] == ["info"]


def test_urls_need_a_scheme_and_a_host() -> None:
    fiche: dict[str, Any] = {
        "sites_utiles": [
            {"url": "https://www.onisep.fr"},
            {"url": "http://example.org"},
            {"url": "onisep"},
        ]
    }
    assert [c.severite for c in urls(fiche)] == ["info", "erreur"]


def test_long_sentences_and_long_short_description() -> None:
    fiche = {"description": " ".join(["mot"] * 40) + ".", "description_courte": "x" * 201}
    assert {c.champ for c in lisibilite(fiche)} == {"description", "description_courte"}


def test_french_typography() -> None:
    assert list(typographie({"description": f"Il faut{NBSP}: être «{NBSP}rigoureux{NBSP}»."})) == []
    champs = [c.message for c in typographie({"description": 'Il faut: être "rigoureux" ! 14:30'})]
    assert len(champs) == 2


def test_contract_shares_are_fractions() -> None:
    assert list(marche({"types_contrats": {"cdi": 0.6, "cdd": 0.4}})) == []
    assert [c.severite for c in marche({"types_contrats": {"cdi": 60, "cdd": 40}})] == ["erreur"]


def test_report_counts_and_completeness() -> None:
    rapport = controler({}, referentiel=None).as_dict()
    assert rapport["score_completude"] == 0
    assert rapport["avertissements"] > 0 and rapport["erreurs"] == 0
