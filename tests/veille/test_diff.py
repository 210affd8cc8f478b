"""The pure diff of two referentials: every change once, with the right fields and values."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from agents_metiers.rome.diff import Changement, Comparaison, comparer
from agents_metiers.rome.export import open_export
from agents_metiers.rome.referentiel import Referentiel, load_referentiel

MEANING = "Technicien / Technicienne en cybersécurité"
TYPO = "Médecin anesthésiste réanimateur / Réanimatrice -MAR-"
NEW_LABEL = "Ingénieur / Ingénieure en intelligence artificielle"


def _ref(path: Path, tmp_path: Path) -> Referentiel:
    return load_referentiel(open_export(path, download_dir=tmp_path / "dl"))


@pytest.fixture
def comparaison(rome_mini: Path, tmp_path: Path, exports: ModuleType) -> Comparaison:
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.relibeller("J1124", TYPO)
    export.reformuler_definition("M1805", 2, "Conçoit et programme des logiciels.")
    export.retirer_lien("M1805", "109846")
    export.retirer_mobilite("M1805", "M1810")
    export.deplacer_appellation("10944", "M1802")
    export.supprimer_code("J1104")
    export.ajouter_codes({"M1899": ("M1805", NEW_LABEL)})
    export.retirer_textes("J1506")
    return comparer(_ref(rome_mini, tmp_path), _ref(export.path, tmp_path))


def _par_code(comparaison: Comparaison) -> dict[str, Changement]:
    codes = [c.code_rome for c in comparaison.changements]
    assert len(codes) == len(set(codes)), "a code is reported once"
    return {c.code_rome: c for c in comparaison.changements}


def test_every_change_is_reported_once_with_its_type(comparaison: Comparaison) -> None:
    types = {code: c.change_type for code, c in _par_code(comparaison).items()}
    assert types == {
        "M1899": "new",
        "J1104": "deleted",
        "M1802": "modified",
        "J1124": "modified",
        "M1805": "modified",
        "J1506": "modified",
    }
    assert comparaison.inchangees == 1  # M1810
    assert (comparaison.version_avant, comparaison.version_apres) == (60, 61)


def test_a_relabel_that_changes_the_job_is_flagged_and_typography_is_not(
    comparaison: Comparaison,
) -> None:
    changes = _par_code(comparaison)
    sens = changes["M1802"].details["libelle"]
    assert changes["M1802"].sens_modifie is True
    assert sens["avant"] == "Expert / Experte systèmes et réseaux informatiques"
    assert sens["apres"] == MEANING
    assert sens["noms_apres"]["feminin"] == "Technicienne en cybersécurité"
    assert changes["J1124"].sens_modifie is False
    assert changes["J1124"].fields_changed == ["libelle"]
    assert comparaison.relibellees == 2
    assert comparaison.sens_modifies == 1


def test_definition_competence_and_mobility_changes_carry_before_and_after(
    comparaison: Comparaison,
) -> None:
    change = _par_code(comparaison)["M1805"]
    assert sorted(change.fields_changed) == [
        "appellations",
        "definition",
        "mobilites",
        "savoir_faire",
    ]
    definition = change.details["definition"]
    assert definition["avant"][1].startswith("Conçoit et développe des applications")
    assert definition["apres"][1] == "Conçoit et programme des logiciels."
    retires = change.details["savoir_faire"]["retires"]
    assert [r["code"] for r in retires] == ["109846"] and retires[0]["libelle"]
    assert change.details["mobilites"] == {
        "retirees": [
            {
                "code_rome": "M1810",
                "libelle": "Technicien / Technicienne d'exploitation informatique",
            }
        ]
    }


def test_a_moved_appellation_is_reported_on_both_codes(comparaison: Comparaison) -> None:
    changes = _par_code(comparaison)
    libelle = "Analyste développeur / Analyste développeuse"
    assert changes["M1805"].details["appellations"] == {
        "retirees": [{"code_ogr": "10944", "libelle": libelle, "vers": "M1802"}]
    }
    assert changes["M1802"].details["appellations"] == {
        "ajoutees": [{"code_ogr": "10944", "libelle": libelle, "depuis": "M1805"}]
    }


def test_missing_texts_are_reported_never_guessed(comparaison: Comparaison) -> None:
    change = _par_code(comparaison)["J1506"]
    assert change.details == {"textes_manquants": ["definition", "acces"]}
    assert any("J1506" in a and "définition" in a for a in comparaison.avertissements)


def test_new_and_deleted_codes_name_their_label(comparaison: Comparaison) -> None:
    changes = _par_code(comparaison)
    assert changes["M1899"].nom_metier == NEW_LABEL
    assert changes["M1899"].details["libelle"] == {"avant": None, "apres": NEW_LABEL}
    deleted = changes["J1104"]
    assert deleted.details["libelle"]["avant"] == "Homme sage-femme / Sage-femme"
    retirees = {a["code_ogr"] for a in deleted.details["appellations"]["retirees"]}
    assert retirees == {"19299", "24798"}


def test_identical_referentials_have_no_change(rome_mini: Path, tmp_path: Path) -> None:
    ref = _ref(rome_mini, tmp_path)
    comparaison = comparer(ref, _ref(rome_mini, tmp_path))
    assert comparaison.changements == []
    assert comparaison.inchangees == 6
