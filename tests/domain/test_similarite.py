"""The similarity behind skills-based transitions: family cosines and the re-ranking of the
best candidates by traits of the pair (structure, texts, generality, seniority)."""

from __future__ import annotations

import math

import pytest

from agents_metiers.domain.similarite import (
    BIAIS_RECLASSEMENT,
    CANDIDATS,
    POIDS_RECLASSEMENT,
    REQUETE,
    TEXTE,
    TEXTE_ACCES,
    ProfilMetier,
    Similarite,
    Structure,
    encadrement,
)


def _profil(
    code: str,
    traits: dict[str, float],
    textes: dict[str, dict[str, float]] | None = None,
    **structure: object,
) -> ProfilMetier:
    return ProfilMetier(
        code,
        {"savoir_faire": traits, **(textes or {})},
        Structure(**structure),  # type: ignore[arg-type]
    )


def _referentiel(*profils: ProfilMetier) -> list[ProfilMetier]:
    # unrelated fiches, so that the shared skills and words keep a positive idf
    autres = [
        _profil(f"Z{n:04d}", {f"z{n}": 1.0}, {TEXTE_ACCES: {f"mot{n}": 1.0}}) for n in range(8)
    ]
    return [*profils, *autres]


def test_the_v3_parent_in_the_same_domaine_comes_before_an_equally_similar_fiche() -> None:
    source = _profil("A1201", {"a": 1.0, "b": 1.0}, code_domaine="A12", code_rome_parent="A1101")
    parent = _profil("A1101", {"a": 1.0, "b": 1.0}, code_domaine="A12", code_rome_parent="A1101")
    soeur = _profil("A1202", {"c": 1.0}, code_domaine="A12", code_rome_parent="A1101")
    autre = _profil("A1001", {"a": 1.0, "b": 1.0}, code_domaine="A10", code_rome_parent="A1002")
    sans = Similarite(_referentiel(source, parent, soeur, autre), reclasser=False)
    assert [v.code_rome for v in sans.plus_proches("A1201", 2)] == ["A1001", "A1101"]
    avec = Similarite(_referentiel(source, parent, soeur, autre))
    voisins = avec.plus_proches("A1201", 2)
    assert [v.code_rome for v in voisins] == ["A1101", "A1001"]
    assert all(0 <= v.score <= 1 for v in voisins)
    assert voisins[0].score > voisins[1].score


def test_the_reranking_never_brings_a_fiche_sharing_nothing() -> None:
    source = _profil("A1201", {"a": 1.0}, code_rome_parent="A1101")
    parent = _profil("A1101", {"x": 1.0}, code_rome_parent="A1101")
    proche = _profil("B1001", {"a": 1.0}, code_rome_parent="B1001")
    similarite = Similarite(_referentiel(source, parent, proche))
    assert [v.code_rome for v in similarite.plus_proches("A1201", 5)] == ["B1001"]


def test_the_source_words_in_the_target_access_text_change_the_order() -> None:
    # two fiches as similar by skills; the accès of one names the source's trade
    source = _profil("D1106", {"a": 1.0, "b": 1.0}, {REQUETE: {"vendeu": 1.0, "epicer": 1.0}})
    muette = _profil("D1001", {"a": 1.0, "b": 1.0}, {TEXTE_ACCES: {"caisse": 1.0}})
    ouverte = _profil("D1502", {"a": 1.0, "b": 1.0}, {TEXTE_ACCES: {"vendeu": 1.0}})
    sans = Similarite(_referentiel(source, muette, ouverte), reclasser=False)
    assert [v.code_rome for v in sans.plus_proches("D1106", 2)] == ["D1001", "D1502"]
    avec = Similarite(_referentiel(source, muette, ouverte))
    assert [v.code_rome for v in avec.plus_proches("D1106", 2)] == ["D1502", "D1001"]


def test_from_a_supervision_job_another_one_comes_first() -> None:
    source = _profil("D1301", {"a": 1.0, "b": 1.0}, encadrement=True)
    pair = _profil("D1001", {"a": 1.0, "b": 1.0})
    chef = _profil("D1502", {"a": 1.0, "b": 1.0}, encadrement=True)
    similarite = Similarite(_referentiel(source, pair, chef))
    assert [v.code_rome for v in similarite.plus_proches("D1301", 2)] == ["D1502", "D1001"]
    # from a job without one, the learned weights nearly cancel: the rank decides
    sans_titre = _profil("D1106", {"a": 1.0, "b": 1.0})
    depuis = Similarite(_referentiel(sans_titre, pair, chef))
    assert [v.code_rome for v in depuis.plus_proches("D1106", 2)] == ["D1001", "D1502"]


def test_traits_of_a_pair_are_directional() -> None:
    enfant = _profil(
        "A1201",
        {"a": 1.0, "b": 1.0},
        {TEXTE: {"soin": 1.0}},
        code_domaine="A12",
        code_rome_parent="A1101",
    )
    parent = _profil(
        "A1101",
        {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0},
        {TEXTE: {"soin": 1.0}},
        code_domaine="A11",
        code_rome_parent="A1101",
        cadre=True,
        appellations=3,
        encadrement=True,
    )
    similarite = Similarite(_referentiel(enfant, parent))
    vers_parent = similarite.traits("A1201", "A1101", rang=0)
    assert vers_parent["parent"] == vers_parent["meme_parent"] == vers_parent["cible_racine"] == 1
    assert vers_parent["meme_domaine"] == 0
    assert vers_parent["cible_cadre"] == vers_parent["cadre_sans_source_cadre"] == 1
    assert vers_parent["cible_encadrement"] == vers_parent["encadrement_sans_source"] == 1
    assert vers_parent["appellations_cible"] == pytest.approx(math.log(4))
    assert vers_parent["specialites_cible"] == pytest.approx(math.log(2))
    assert vers_parent["texte"] == pytest.approx(1)
    assert vers_parent["rang"] == 0
    assert vers_parent["rang_inverse"] == 0  # the child is the parent's closest fiche
    vers_enfant = similarite.traits("A1101", "A1201", rang=3)
    assert vers_enfant["parent"] == vers_enfant["cible_racine"] == 0
    assert vers_enfant["meme_parent"] == 1
    assert vers_enfant["cadre_sans_source_cadre"] == vers_enfant["encadrement_sans_source"] == 0
    assert vers_enfant["specialites_cible"] == 0
    assert vers_enfant["rang"] == pytest.approx(math.log(4))
    assert set(vers_parent) == set(POIDS_RECLASSEMENT)


def test_a_fiche_outside_the_candidates_has_the_largest_inverse_rank() -> None:
    source = _profil("A1201", {"a": 1.0})
    cible = _profil("B1001", {"a": 1.0})
    similarite = Similarite(_referentiel(source, cible))
    assert similarite.traits("A1201", "Z0001", rang=5)["rang_inverse"] == (
        pytest.approx(math.log1p(CANDIDATS))
    )


def test_score_is_the_logistic_of_the_weighted_traits() -> None:
    source = _profil("A1201", {"a": 1.0})
    cible = _profil("B1001", {"a": 1.0})
    similarite = Similarite(_referentiel(source, cible))
    [voisin] = similarite.plus_proches("A1201", 1)
    assert [code for code, _ in similarite.candidats("A1201")] == ["B1001"]
    traits = similarite.traits("A1201", "B1001", rang=0)
    z = BIAIS_RECLASSEMENT + sum(POIDS_RECLASSEMENT[n] * v for n, v in traits.items())
    assert voisin.score == pytest.approx(1 / (1 + math.exp(-z)))


@pytest.mark.parametrize(
    ("libelle", "attendu"),
    [
        ("Responsable de caisses", True),
        ("Cheffe de rayon produits alimentaires", True),
        ("Formateur / Formatrice", True),
        ("Ingénieure qualité", True),
        ("Vendeur / Vendeuse en épicerie", False),
        ("Secrétaire", False),
    ],
)
def test_supervision_words_in_a_name(libelle: str, attendu: bool) -> None:
    assert encadrement(libelle) is attendu
