"""Readability: sentences, words, syllables, Kandel–Moles and the FALC / age-band limits."""

from __future__ import annotations

import pytest

from agents_metiers.domain.lisibilite import analyser, mots, phrases, regles, syllabes


def test_abbreviations_and_decimals_do_not_end_a_sentence() -> None:
    texte = "M. Dupont gagne 3.5 k€, etc. et il aime ça ! Vraiment ? Oui."
    assert phrases(texte) == ["M. Dupont gagne 3.5 k€, etc. et il aime ça !", "Vraiment ?", "Oui."]


def test_elided_articles_are_words_and_numbers_are_not() -> None:
    assert mots("L'équipe d'aujourd'hui compte 12 sages-femmes.") == [
        "L",
        "équipe",
        "d",
        "aujourd'hui",
        "compte",
        "sages-femmes",
    ]


@pytest.mark.parametrize(
    ("mot", "n"),
    [
        ("développeur", 4),
        ("informatique", 4),
        ("équipe", 2),
        ("métier", 2),
        ("oiseau", 2),
        ("il", 1),
    ],
)
def test_french_syllables_are_spoken_vowel_groups(mot: str, n: int) -> None:
    assert syllabes(mot) == n


def test_kandel_moles_follows_its_formula() -> None:
    m = analyser(["Le chat dort. Il mange."], langue="fr")
    assert (m.phrases, m.mots, m.syllabes) == (2, 5, 5)
    assert m.score == round(207 - 1.015 * 2.5 - 73.6 * 1.0, 1)
    assert m.formule == "Kandel–Moles"


def test_falc_flags_long_sentences_and_abbreviations() -> None:
    longue = (
        "Le développeur écrit des programmes pour les entreprises "
        "et les clients du monde entier chaque jour."
    )
    m = analyser([longue, "Il a un BTS."], langue="fr", regles_variante=regles("18+", "falc"))
    assert (m.limite_mots, m.cible_mots, m.phrases_trop_longues, m.conforme) == (15, 12, 1, False)
    assert m.abreviations == ["BTS"]
    assert any("15 mots" in a for a in m.alertes)


def test_age_bands_set_the_limit_and_falc_is_stricter() -> None:
    assert regles("11-15", "standard").limite_mots == 19
    assert regles("15-18", "standard").limite_mots == 24
    assert regles("18+", "standard").limite_mots is None
    assert regles("11-15", "falc").limite_mots == 15


def test_other_languages_use_their_own_formula() -> None:
    assert analyser(["The cat sleeps."], langue="en").formule == "Flesch reading ease"
    assert analyser(["Il gatto dorme."], langue="it").formule == "Gulpease"
    assert analyser([""], langue="de").score is None
