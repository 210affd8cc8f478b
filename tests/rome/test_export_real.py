"""The real v460 export of ../shared/rome: row counts of ROME_DATA.md and no trap left over."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from agents_metiers.rome.export import RomeExport, open_export

ROME_DIR = Path(__file__).resolve().parents[3] / "shared" / "rome"
EXPORT_DIR = ROME_DIR / "v460"

# Measured on v460 with the official arborescence_competences.xlsx: all 507 macro-compétences
# match by normalised label (505 by the raw label: two differ only by "..." against "…"); the
# code fallback alone, learned from the others, would place 504 to the objectif, 3 to the enjeu.
MEASURED_MATCH_RATE = 1.0
MEASURED_LABEL_MATCHES = 507

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        not (EXPORT_DIR / "version.txt").is_file(),
        reason=f"export ROME réel absent ({EXPORT_DIR})",
    ),
]


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> RomeExport:
    return open_export(EXPORT_DIR, download_dir=tmp_path_factory.mktemp("dl"))


def test_version_is_60_of_18_09_2025(export: RomeExport) -> None:
    assert (export.version.numero, export.suffix) == (60, "v460")
    assert export.version.titre == "ROME 4.0 version 60 - 25M09"
    export.check_complete()


@pytest.mark.parametrize(
    ("name", "count"),
    [
        ("referentiel_code_rome", 1584),
        ("cr_gd_dp", 1584),
        ("grand_domaine", 14),
        ("domaine_professionnel", 110),
        ("referentiel_appellation", 13120),
        ("rubrique_mobilite", 14912),
        ("referentiel_savoir", 15354),
        ("referentiel_contexte_travail", 179),
        ("referentiel_macro_competence_riasec", 507),
    ],
)
def test_row_counts(export: RomeExport, name: str, count: int) -> None:
    assert len(export.rows(name)) == count


def test_competences_are_507_macro_and_17810_competences(export: RomeExport) -> None:
    natures = Counter(row["nature"] for row in export.rows("referentiel_competence"))
    assert natures == {"Macro-compétence": 507, "Compétence": 17810}


def test_no_value_keeps_a_doubled_apostrophe(export: RomeExport) -> None:
    names = [path.name[5:-14] for path in EXPORT_DIR.glob("unix_*_v460_utf8.csv")]
    assert len(names) == 28
    doubled = [
        name
        for name in names
        if any("''" in value for row in export.rows(name) for value in row.values())
    ]
    assert doubled == []


def test_m1805_texts_read_as_published(export: RomeExport) -> None:
    textes = [row for row in export.rows("texte") if row["code_rome"] == "M1805"]
    definition = [row for row in textes if row["libelle_type_texte"] == "definition"]
    acces = [row["libelle_texte"] for row in textes if row["libelle_type_texte"] == "acces_metier"]
    assert len(definition) == 7
    assert acces == [
        # The double space is in the published text; only the apostrophe is undoubled.
        "Cet emploi est accessible avec un niveau Bac+2 à Bac+5  dans le domaine de l'informatique."
    ]


def test_cp1252_naf_tree_is_decoded(export: RomeExport) -> None:
    rows = export.rows("arborescence_secteur_naf")
    assert len(rows) == 2920
    assert any(row["libelle_rome"] == "Développeur / Développeuse informatique" for row in rows)


def test_competence_tree_matches_at_least_the_measured_rate(export: RomeExport) -> None:
    tree = export.competence_tree()
    assert tree is not None, "arborescence_competences.xlsx attendu dans ../shared/rome"
    assert tree.stats is not None
    assert tree.stats.total == 507
    assert tree.stats.rate >= MEASURED_MATCH_RATE
    assert tree.stats.by_label >= MEASURED_LABEL_MATCHES
    assert len(tree.domaines) == 6
