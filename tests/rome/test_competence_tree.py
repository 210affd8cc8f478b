"""The competence tree: finding the xlsx, matching macro-compétences by label then by code."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

from agents_metiers.errors import RomeSourceError
from agents_metiers.rome.competence_tree import (
    CompetenceTree,
    GroupeCompetence,
    MacroCompetence,
    MatchStats,
)
from agents_metiers.rome.export import RomeExport, open_export

XlsxWriter = Callable[[Path, Sequence[Sequence[str]]], Path]
Rows = list[tuple[str, ...]]

D2 = "Communication, Création, Innovation, Nouvelles technologies"
D5 = "Développement économique"
LOGICIEL = GroupeCompetence(
    "2",
    D2,
    "Data et Nouvelles technologies",
    "Concevoir, développer, administrer un logiciel ou un SI",
)
DEVELOPPER = (
    "300199",
    "2D102",
    "Développer un logiciel, un système d'informations, une application",
)
ADMINISTRER = ("300204", "2D104", "Administrer un système d'informations")
STRATEGIE_DIGITALE = ("300393", "5C210", "Concevoir et mettre en oeuvre une stratégie digitale")
ASSISTANCE = ("300184", "5A204", "Apporter une assistance technique aux équipes")


def without(rows: Rows, *labels: str) -> Rows:
    kept = [row for row in rows if row[4] not in labels]
    assert len(kept) == len(rows) - len(labels)
    return kept


def export_with_tree(
    export_dir: Path, tmp_path: Path, write: XlsxWriter, rows: Sequence[Sequence[str]]
) -> RomeExport:
    xlsx = write(tmp_path / "arbo" / "arborescence_competences.xlsx", rows)
    return open_export(export_dir, download_dir=tmp_path / "dl", arborescences=xlsx.parent)


def tree_of(export: RomeExport) -> CompetenceTree:
    tree = export.competence_tree()
    assert tree is not None
    return tree


# --- where the xlsx is found --------------------------------------------------------------


def test_tree_is_found_in_sibling_arborescences_folder(
    rome_mini_copy: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    sibling = rome_mini_copy.parent / "arborescences" / "arborescence_competences.xlsx"
    competences_xlsx(sibling, macro_rows)
    export = open_export(rome_mini_copy, download_dir=tmp_path / "dl")
    assert tree_of(export).groupe(*DEVELOPPER) == LOGICIEL


def test_tree_is_found_in_the_export_folder(
    rome_mini_copy: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    competences_xlsx(rome_mini_copy / "arborescence_competences.xlsx", macro_rows)
    export = open_export(rome_mini_copy, download_dir=tmp_path / "dl")
    assert tree_of(export).groupe(*DEVELOPPER) == LOGICIEL


def test_explicit_path_may_name_the_xlsx_itself(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    xlsx = competences_xlsx(tmp_path / "arbres.xlsx", macro_rows)
    export = open_export(rome_mini, download_dir=tmp_path / "dl", arborescences=xlsx)
    assert tree_of(export).groupe(*DEVELOPPER) == LOGICIEL


def test_no_tree_when_none_is_found(rome_mini_copy: Path, tmp_path: Path) -> None:
    assert open_export(rome_mini_copy, download_dir=tmp_path).competence_tree() is None


def test_unreadable_tree_found_by_itself_is_ignored(rome_mini_copy: Path, tmp_path: Path) -> None:
    (rome_mini_copy / "arborescence_competences.xlsx").write_text("pas un classeur")
    assert open_export(rome_mini_copy, download_dir=tmp_path).competence_tree() is None


def test_explicit_missing_tree_is_a_source_error(rome_mini: Path, tmp_path: Path) -> None:
    export = open_export(rome_mini, download_dir=tmp_path, arborescences=tmp_path / "absent")
    with pytest.raises(RomeSourceError, match="arborescence des compétences est introuvable"):
        export.competence_tree()


def test_explicit_unreadable_tree_is_a_source_error(rome_mini: Path, tmp_path: Path) -> None:
    xlsx = tmp_path / "arborescence_competences.xlsx"
    xlsx.write_text("pas un classeur")
    export = open_export(rome_mini, download_dir=tmp_path, arborescences=xlsx)
    with pytest.raises(RomeSourceError, match="est illisible"):
        export.competence_tree()


def test_sheet_without_expected_column_is_a_source_error(rome_mini: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.create_sheet("Données brutes Macro-comp.")
    sheet.append(["0 - Code domaine compétence", "1 - Domaine compétence", "3 - Objectif"])
    workbook.save(tmp_path / "arborescence_competences.xlsx")
    export = open_export(rome_mini, download_dir=tmp_path / "dl", arborescences=tmp_path)
    with pytest.raises(RomeSourceError, match="n'a pas la colonne attendue « 2 - Enjeu »"):
        export.competence_tree()


def test_tree_is_read_once(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    export = export_with_tree(rome_mini, tmp_path, competences_xlsx, macro_rows)
    assert export.competence_tree() is export.competence_tree()


# --- matching -----------------------------------------------------------------------------


def test_every_fixture_macro_matches_by_label(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    tree = tree_of(export_with_tree(rome_mini, tmp_path, competences_xlsx, macro_rows))
    assert tree.stats == MatchStats(total=28, by_label=28, by_code=0)


def test_domaine_labels_by_code(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    tree = tree_of(export_with_tree(rome_mini, tmp_path, competences_xlsx, macro_rows))
    assert sorted(tree.domaines) == ["1", "2", "3", "4", "5", "6"]
    assert tree.domaines["5"] == D5


def test_objectif_is_learned_from_the_code_when_label_is_absent(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    rows = without(macro_rows, ADMINISTRER[2])
    tree = tree_of(export_with_tree(rome_mini, tmp_path, competences_xlsx, rows))
    assert tree.groupe(*ADMINISTRER) == LOGICIEL
    assert tree.stats == MatchStats(total=28, by_label=27, by_code=1)


def test_only_the_enjeu_is_known_when_the_objectif_code_is_new(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    rows = without(macro_rows, STRATEGIE_DIGITALE[2])
    tree = tree_of(export_with_tree(rome_mini, tmp_path, competences_xlsx, rows))
    expected = GroupeCompetence("5", D5, "Stratégie de développement", None)
    assert tree.groupe(*STRATEGIE_DIGITALE) == expected


def test_unknown_label_and_enjeu_gives_no_group(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    rows = without(macro_rows, ASSISTANCE[2])
    tree = tree_of(export_with_tree(rome_mini, tmp_path, competences_xlsx, rows))
    assert tree.groupe(*ASSISTANCE) is None
    assert tree.stats is not None
    assert tree.stats.unmatched == 1


def test_single_space_cell_means_no_objectif(
    rome_mini: Path, tmp_path: Path, competences_xlsx: XlsxWriter, macro_rows: Rows
) -> None:
    rows = [(*row[:3], "", *row[4:]) if row[4] == DEVELOPPER[2] else row for row in macro_rows]
    tree = tree_of(export_with_tree(rome_mini, tmp_path, competences_xlsx, rows))
    assert tree.groupe(*DEVELOPPER) == GroupeCompetence(
        "2", D2, "Data et Nouvelles technologies", None
    )


def test_label_match_ignores_case_spaces_ellipsis_and_ligature() -> None:
    groupe = GroupeCompetence("2", D2, "Création artistique", "Composer, mettre en scène")
    tree = CompetenceTree({"Écrire ou modifier une œuvre  (roman, scénario…)": groupe})
    assert tree.groupe("300092", "2B101", "écrire ou modifier une oeuvre (roman, scénario...)") == (
        groupe
    )


def test_ambiguous_label_gives_no_group() -> None:
    tree = CompetenceTree(
        {
            "Gérer une caisse": GroupeCompetence("1", "A", "B", "C"),
            "gérer  une caisse": GroupeCompetence("2", "A", "B", "C"),
        }
    )
    assert tree.groupe("1", "", "Gérer une caisse") is None


def test_learned_ogr_code_wins_over_a_changed_label() -> None:
    tree = CompetenceTree({DEVELOPPER[2]: LOGICIEL})
    tree.learn([MacroCompetence(*DEVELOPPER)])
    assert tree.groupe("300199", "2D102", "Libellé renommé depuis") == LOGICIEL
