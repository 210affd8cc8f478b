"""Readable field-by-field differences between two contents of a fiche."""

from __future__ import annotations

from agents_metiers.domain.diff import differences


def test_list_items_are_compared_by_label() -> None:
    avant = {"competences": [{"libelle": "Souder", "code_ogr": "1"}, {"libelle": "Lire un plan"}]}
    apres = {"competences": [{"libelle": "Lire un plan"}, "Contrôler une pièce"]}
    (change,) = differences(avant, apres)
    assert change.champ == "competences"
    assert change.nature == "modifie"
    assert change.ajouts == ["Contrôler une pièce"]
    assert change.suppressions == ["Souder"]


def test_objects_are_compared_key_by_key() -> None:
    avant = {"salaires": {"junior": {"median": 24000}, "source": "x"}}
    apres = {"salaires": {"junior": {"median": 26000}, "source": "x"}}
    (change,) = differences(avant, apres)
    assert [(c.cle, c.avant, c.apres) for c in change.cles] == [
        ("junior", {"median": 24000}, {"median": 26000})
    ]


def test_added_and_removed_texts_are_named_so() -> None:
    changes = {
        c.champ: c.nature
        for c in differences(
            {"description": "", "acces_metier": "Bac"},
            {"description": "Texte", "acces_metier": None},
        )
    }
    assert changes == {"description": "ajoute", "acces_metier": "supprime"}


def test_bookkeeping_fields_are_not_differences() -> None:
    avant = {"version": 1, "date_maj": "2026-01-01", "provenance": {}, "statut": "brouillon"}
    apres = {"version": 2, "date_maj": "2026-02-01", "provenance": {"x": 1}, "statut": "enrichi"}
    assert [c.champ for c in differences(avant, apres)] == ["statut"]


def test_identical_contents_have_no_difference() -> None:
    contenu = {"description": "Texte", "competences": ["a"]}
    assert differences(contenu, dict(contenu)) == []
