"""The similarity behind skills-based transitions: family cosines and structural prior."""

from __future__ import annotations

import pytest

from agents_metiers.domain.similarite import (
    PRIOR,
    PRIOR_MAX,
    ProfilMetier,
    Similarite,
    Structure,
    prior,
)


def _profil(code: str, traits: dict[str, float], **structure: object) -> ProfilMetier:
    return ProfilMetier(code, {"savoir_faire": traits}, Structure(**structure))  # type: ignore[arg-type]


def _referentiel(*profils: ProfilMetier) -> list[ProfilMetier]:
    # unrelated fiches, so that the shared skills keep a positive idf
    autres = [_profil(f"Z{n:04d}", {f"z{n}": 1.0}) for n in range(8)]
    return [*profils, *autres]


def test_the_v3_parent_comes_before_an_equally_similar_fiche() -> None:
    source = _profil("A1201", {"a": 1.0, "b": 1.0}, code_rome_parent="A1101")
    parent = _profil("A1101", {"a": 1.0, "b": 1.0}, code_rome_parent="A1101")
    autre = _profil("A1001", {"a": 1.0, "b": 1.0}, code_rome_parent="A1002")
    sans_prior = Similarite(_referentiel(source, parent, autre), avec_prior=False)
    assert [v.code_rome for v in sans_prior.plus_proches("A1201", 2)] == ["A1001", "A1101"]
    avec_prior = Similarite(_referentiel(source, parent, autre))
    voisins = avec_prior.plus_proches("A1201", 2)
    assert [v.code_rome for v in voisins] == ["A1101", "A1001"]
    assert all(0 <= v.score <= 1 for v in voisins)


def test_the_prior_never_brings_a_fiche_sharing_nothing() -> None:
    source = _profil("A1201", {"a": 1.0}, code_rome_parent="A1101")
    parent = _profil("A1101", {"x": 1.0}, code_rome_parent="A1101")
    proche = _profil("B1001", {"a": 1.0}, code_rome_parent="B1001")
    similarite = Similarite(_referentiel(source, parent, proche))
    assert [v.code_rome for v in similarite.plus_proches("A1201", 5)] == ["B1001"]


@pytest.mark.parametrize(
    ("source", "cible", "attendu"),
    [
        (Structure("A11", "A1101"), Structure("A12", "A1201"), 0.0),
        (Structure("A11", "A1101"), Structure("A11", "A1101"), 0.04 + 0.02),
        (Structure(None, None, cadre=False), Structure(None, None, cadre=True), 0.08 - 0.10),
        (Structure(None, None, cadre=True), Structure(None, None, cadre=True), 0.08),
    ],
)
def test_prior_of_each_trait(source: Structure, cible: Structure, attendu: float) -> None:
    assert prior(ProfilMetier("A1301", {}, source), ProfilMetier("A1401", {}, cible)) == (
        pytest.approx(attendu)
    )


def test_prior_is_directional_towards_the_parent() -> None:
    enfant = ProfilMetier("A1201", {}, Structure("A12", "A1101"))
    parent = ProfilMetier("A1101", {}, Structure("A11", "A1101"))
    vers_parent = prior(enfant, parent)
    assert vers_parent == pytest.approx(
        PRIOR["parent"] + PRIOR["meme_parent"] + PRIOR["cible_racine"]
    )
    assert prior(parent, enfant) == pytest.approx(PRIOR["meme_parent"])
    assert vers_parent <= PRIOR_MAX
