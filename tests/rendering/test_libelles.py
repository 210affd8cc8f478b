"""The label table and the French number formats (pure)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agents_metiers.domain.controles import CHAMPS_LISTES_TEXTE, CHAMPS_TEXTE
from agents_metiers.domain.evenements import _PAR_NOM
from agents_metiers.domain.fiche import Source, Statut
from agents_metiers.domain.users import Role
from agents_metiers.domain.variantes import AXES
from agents_metiers.domain.workflow import TRANSITIONS, Action
from agents_metiers.rendering import libelles, nombres
from agents_metiers.services.fiches.inputs import FicheUpdate

EN = json.loads(
    (Path(__file__).resolve().parents[2] / "src/agents_metiers/web/locales/en.json").read_text(
        encoding="utf-8"
    )
)


def test_statuses_are_accented_and_transitions_readable() -> None:
    assert [libelles.statut(s.value) for s in Statut] == [
        "Brouillon",
        "Enrichie",
        "Validée",
        "Publiée",
    ]
    assert libelles.transition("valide", "publiee") == "Validée → Publiée"


def test_fields_are_named_by_their_label_never_their_code() -> None:
    assert libelles.champ("traits_personnalite") == "Traits de personnalité"
    assert libelles.champ("sites_utiles") == "Sites utiles"
    editables = set(FicheUpdate.model_fields) - {"version", "motif", "statut"}
    for code in editables | set(CHAMPS_TEXTE) | set(CHAMPS_LISTES_TEXTE):
        assert code in libelles.CHAMPS, code
    # A code the table does not know yet still reads as words.
    assert libelles.champ("nouveau_champ") == "Nouveau champ"


def test_every_vocabulary_of_the_code_has_its_labels() -> None:
    events = {t.evenement for t in TRANSITIONS.values()} | set(_PAR_NOM)
    assert events <= set(libelles.EVENEMENTS)
    assert {s.value for s in Source} <= set(libelles.SOURCES)
    assert {r.value for r in Role} <= set(libelles.ROLES)
    assert {a.value for a in Action} <= set(libelles.ACTIONS)
    assert set(AXES) <= set(libelles.AXES_VARIANTES)
    assert {v for values in AXES.values() for v in values} <= set(libelles.VALEURS_VARIANTES)
    assert libelles.evenement("auth.connexion") == "Connexion"
    assert libelles.evenement("user.cree") == "Compte créé"


def test_each_vocabulary_is_one_lookup_shared_by_its_function_and_its_filter() -> None:
    from agents_metiers.web.pages.rendu import environment

    for nom, table in libelles.TABLES.items():
        assert nom in environment.filters, nom
        code, label = next(iter(table.items()))
        assert libelles.libelle(nom, code) == label
        assert libelles.libelle(nom, "code_inconnu") == "Code inconnu"
        if fonction := getattr(libelles, nom, None):
            assert fonction(code) == label, nom
    rendu = environment.from_string("{{ 'publiee'|statut }} {{ 'x.mot_neuf'|evenement }}")
    assert rendu.render() == "Publiée Mot neuf"


def test_every_pdf_and_chart_label_has_its_english_once_in_the_pages_catalogue() -> None:
    # The French table is complete; its English comes from en.json, the pages' catalogue.
    francais, anglais = libelles.libelles("fr"), libelles.libelles("en")
    assert sorted(fr for fr in francais.values() if fr not in EN) == []
    assert all(anglais[cle] == EN[fr] for cle, fr in francais.items())
    assert anglais["pdf.source_rome"] == "Source: France Travail, ROME 4.0 version {version}"


def test_every_label_shown_on_pages_has_an_english_translation() -> None:
    labels = {v for table in libelles.TABLES.values() for v in table.values()}
    assert sorted(label for label in labels if label not in EN) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (nombres.nombre(1234), "1\u202f234"),
        (nombres.nombre(3.25, 1), "3,2"),
        (nombres.nombre(2.5, None), "2,5"),
        (nombres.nombre(4.0, None), "4"),
        (nombres.pourcent(1.0), "100 %"),
        (nombres.pourcent(0.334), "33 %"),
        (nombres.euros(35000), "35\u202f000 €"),
        (nombres.nombre(None), ""),
        (nombres.nombre(True), ""),
    ],
)
def test_french_number_formats(value: str, expected: str) -> None:
    assert value == expected


def test_a_stored_value_reads_as_a_sentence_never_a_repr() -> None:
    salaire = {"max": 40000, "min": 30000, "median": 35000}
    texte = nombres.lisible(
        salaire, cle=libelles.cle, chiffre=nombres.euros, ordre=tuple(libelles.CLES)
    )
    assert texte == "minimum : 30\u202f000 € · médian : 35\u202f000 € · maximum : 40\u202f000 €"
    assert nombres.lisible(None) == nombres.lisible([]) == nombres.lisible({}) == "—"
    assert nombres.lisible(["Rigueur", "Curiosité"]) == "Rigueur ; Curiosité"
    assert nombres.lisible({"cdi": 0.7}, cle=libelles.cle, chiffre=nombres.pourcent) == (
        "CDI : 70 %"
    )
    assert nombres.lisible(True) == "oui"
