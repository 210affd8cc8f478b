"""The questionnaire and its reasons in the variants' languages."""

from __future__ import annotations

import pytest

from agents_metiers.domain import interets
from agents_metiers.domain import interets_traductions as traductions

AUTRES = [langue for langue in interets.LANGUES if langue != interets.LANGUE_DEFAUT]


@pytest.mark.parametrize("langue", AUTRES)
def test_every_item_is_translated_for_every_age_band(langue: str) -> None:
    assert set(traductions.ITEMS[langue]) == set(interets.ITEMS_PAR_ID)
    for item in interets.ITEMS:
        textes = [item.texte(tranche, langue) for tranche in interets.TRANCHES]
        assert all(t.strip() for t in textes)
        francais = [item.texte(tranche) for tranche in interets.TRANCHES]
        assert not set(textes) & set(francais), (langue, item.id)
        # a band whose French wording differs has its own wording in every language
        if francais[2] != francais[0]:
            assert textes[2] != textes[0], (langue, item.id)


@pytest.mark.parametrize("langue", interets.LANGUES)
def test_reasons_name_the_types_in_the_language(langue: str) -> None:
    une = interets.raison_riasec(["I"], langue)
    deux = interets.raison_riasec(["I", "C"], langue)
    assert f"{interets.nom_riasec('I', langue)} (I)" in une
    assert f"{interets.nom_riasec('C', langue)} (C)" in deux and une != deux
    assert "« X »" in interets.raison_centre("X", "fr")
    assert "X" in interets.raison_centre("X", langue)


def test_french_reasons_are_unchanged() -> None:
    assert interets.raison_riasec(["I", "C"]) == (
        "Vous aimez les activités de type Investigateur (I) et Conventionnel (C), "
        "dominantes de ce métier."
    )
    assert interets.raison_riasec(["S"]) == (
        "Vous aimez les activités de type Social (S), dominante de ce métier."
    )
