"""The readable before/after of a detected change: texts, items added and removed."""

from __future__ import annotations

from agents_metiers.web.pages.vue_veille import lignes


def test_a_relabel_reads_old_then_new_label() -> None:
    [ligne] = lignes({"libelle": {"avant": "Expert", "apres": "Technicien", "sens_modifie": True}})
    assert (ligne.champ, ligne.avant, ligne.apres) == ("Intitulé", "Expert", "Technicien")


def test_a_definition_lists_the_sentences_removed_and_added() -> None:
    [ligne] = lignes({"definition": {"avant": ["A.", "B."], "apres": ["A.", "C."]}})
    assert (ligne.retraits, ligne.ajouts) == (["B."], ["C."])


def test_items_added_removed_and_moved_are_named_with_their_codes() -> None:
    details = {
        "savoir_faire": {"retires": [{"code": "100", "libelle": "Souder"}]},
        "appellations": {
            "ajoutees": [{"code_ogr": "7", "libelle": "Soudeur", "depuis": "H2913"}],
            "retirees": [{"code_ogr": "8", "libelle": "Braseur", "vers": "H2914"}],
        },
        "mobilites": {"ajoutees": [{"code_rome": "M1805", "libelle": "Développeur"}]},
    }
    sf, appellations, mobilites = lignes(details)
    assert sf.retraits == ["Souder (100)"]
    assert appellations.ajouts == ["Soudeur (7), venue de H2913"]
    assert appellations.retraits == ["Braseur (8), partie vers H2914"]
    assert mobilites.ajouts == ["Développeur (M1805)"]


def test_structured_values_read_as_key_value_text_never_as_a_dict() -> None:
    [riasec] = lignes(
        {"riasec": {"avant": {"majeur": "R", "mineur": None}, "apres": {"majeur": "I"}}}
    )
    assert (riasec.avant, riasec.apres) == ("majeur : R", "majeur : I")
    assert "{" not in (riasec.avant or "") + (riasec.apres or "")
