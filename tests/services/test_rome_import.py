"""Import of the hand-made export into a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from agents_metiers.errors import InvalidInputError, RomeSourceError
from agents_metiers.services.fiches import lecture as fiche_service
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow, FicheRow, RomeFicheRow, RomeLienRow

CODES = ["J1104", "J1124", "J1506", "M1802", "M1805", "M1810"]


def run_import(db: Runtime, source: Path) -> object:
    options = ImportOptions(source=str(source), download_dir=db.settings.download_dir)
    return import_rome(db.sessions, options)


def fiche(db: Runtime, code: str) -> FicheRow:
    with db.sessions() as session:
        row = session.scalar(select(FicheRow).where(FicheRow.code_rome == code))
    assert row is not None
    return row


def copy_export(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_import_creates_every_fiche_as_brouillon(db: Runtime, rome_mini: Path) -> None:
    report = run_import(db, rome_mini)
    assert report.fiches_creees == len(CODES)  # type: ignore[attr-defined]
    with db.sessions() as session:
        rows = session.scalars(select(FicheRow).order_by(FicheRow.code_rome)).all()
    assert [r.code_rome for r in rows] == CODES
    assert {r.statut for r in rows} == {"brouillon"}
    assert {r.rome_version for r in rows} == {60}


def test_every_rome_field_is_stamped_with_source_and_version(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    provenance = fiche(db, "M1805").provenance
    assert provenance["description"]["source"] == "rome"
    assert provenance["competences"]["version"] == 60
    assert {p["source"] for p in provenance.values()} == {"rome"}


def test_fiche_is_complete_from_official_data(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    row = fiche(db, "M1805")
    assert row.nom_masculin == "Développeur informatique"
    assert row.nom_feminin == "Développeuse informatique"
    assert row.description.startswith("Le / La Développeur(se) informatique conçoit")
    assert row.missions_principales[1] == (
        "Participe à l'analyse des besoins des clients et propose des solutions techniques adaptées"
    )
    assert row.acces_metier == (
        "Cet emploi est accessible avec un niveau Bac+2 à Bac+5 dans le domaine de l'informatique."
    )
    assert row.niveau_formation
    assert row.competences and row.competences_transversales and row.savoirs
    assert row.profil_riasec is not None and row.profil_riasec["majeur"]
    assert row.domaine_professionnel is not None
    assert row.domaine_professionnel["code_domaine"] == "M18"
    assert [p["code_rome"] for p in row.mobilite["metiers_proches"]] == ["M1802", "M1810"]  # type: ignore[index]


def test_second_import_changes_nothing(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    before = fiche(db, "M1805")
    report = run_import(db, rome_mini)
    after = fiche(db, "M1805")
    assert report.fiches_inchangees == len(CODES)  # type: ignore[attr-defined]
    assert report.fiches_mises_a_jour == 0  # type: ignore[attr-defined]
    assert (after.version, after.date_maj, after.provenance) == (
        before.version,
        before.date_maj,
        before.provenance,
    )


def _edit_description(db: Runtime, code: str, text: str) -> None:
    with db.sessions.begin() as session:
        row = session.scalar(select(FicheRow).where(FicheRow.code_rome == code))
        assert row is not None
        row.description = text
        row.provenance = {**row.provenance, "description": {"source": "humain", "date": "x"}}


def test_reimport_keeps_an_edited_field(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    _edit_description(db, "M1805", "Texte relu par la rédaction.")
    report = run_import(db, rome_mini)
    assert fiche(db, "M1805").description == "Texte relu par la rédaction."
    assert report.champs_preserves == 1  # type: ignore[attr-defined]


def test_newer_export_is_never_merged_by_an_import(
    db: Runtime, rome_mini: Path, tmp_path: Path
) -> None:
    run_import(db, rome_mini)
    before = fiche(db, "M1805")
    newer = copy_export(rome_mini, tmp_path / "v61")
    rewrite(newer / "version.txt", "Numero de version : 60", "Numero de version : 61")
    rewrite(newer / "unix_texte_v460_utf8.csv", "Bac+2 à Bac+5", "Bac+3 à Bac+5")
    with pytest.raises(InvalidInputError, match="agents-metiers veille-rome"):
        run_import(db, newer)
    after = fiche(db, "M1805")
    assert (after.version, after.acces_metier) == (before.version, before.acces_metier)


def test_an_older_export_or_a_changed_same_version_is_refused(
    db: Runtime, rome_mini: Path, tmp_path: Path
) -> None:
    run_import(db, rome_mini)
    older = copy_export(rome_mini, tmp_path / "v59")
    rewrite(older / "version.txt", "Numero de version : 60", "Numero de version : 59")
    with pytest.raises(InvalidInputError, match="plus ancienne que la version 60"):
        run_import(db, older)
    changed = copy_export(rome_mini, tmp_path / "v60bis")
    rewrite(changed / "unix_texte_v460_utf8.csv", "Bac+2 à Bac+5", "Bac+3 à Bac+5")
    with pytest.raises(InvalidInputError, match="diffère sur 1 codes"):
        run_import(db, changed)


def _counts(db: Runtime) -> tuple[int, int, int, int]:
    with db.sessions() as session:
        return (
            session.scalar(select(func.count()).select_from(FicheRow)) or 0,
            session.scalar(select(func.count()).select_from(RomeFicheRow)) or 0,
            session.scalar(select(func.count()).select_from(RomeLienRow)) or 0,
            session.scalar(select(func.count()).select_from(AuditEventRow)) or 0,
        )


def test_failed_import_leaves_the_database_as_it_was(db: Runtime, rome_mini: Path) -> None:
    before = _counts(db)

    def explode(phase: str, done: int, _total: int) -> None:
        if phase == "fiches" and done >= 1:
            raise RuntimeError("panne simulée pendant l'écriture")

    options = ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    with pytest.raises(RuntimeError):
        import_rome(db.sessions, options, progress=explode)
    assert _counts(db) == before


def test_missing_file_is_a_clear_error(db: Runtime, rome_mini: Path, tmp_path: Path) -> None:
    broken = copy_export(rome_mini, tmp_path / "broken")
    (broken / "unix_rubrique_mobilite_v460_utf8.csv").unlink()
    with pytest.raises(RomeSourceError, match=r"unix_rubrique_mobilite_v460_utf8\.csv"):
        run_import(db, broken)
    assert _counts(db) == (0, 0, 0, 0)


def test_unreadable_value_is_a_clear_error(db: Runtime, rome_mini: Path, tmp_path: Path) -> None:
    broken = copy_export(rome_mini, tmp_path / "broken")
    rewrite(broken / "unix_rubrique_mobilite_v460_utf8.csv", '"M1802","1"', '"M1802","un"')
    with pytest.raises(RomeSourceError, match="illisible"):
        run_import(db, broken)


def test_search_finds_every_name_form_and_appellations(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    with db.sessions() as session:
        for query in ("developpeuse", "Développeur informatique", "m1805", "analyste programmeur"):
            codes = [r.code_rome for r in fiche_service.search(session, query)[1]]
            assert codes[0] == "M1805", query
        _, found = fiche_service.search(session, "maïeuticienne")
        assert [r.code_rome for r in found] == ["J1104"]


def test_search_counts_every_match_beyond_the_page(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    with db.sessions() as session:
        total, page = fiche_service.search(session, "informatique", limit=1, offset=1)
        _, filtered = fiche_service.search(session, "informatique", statut="publiee")
    assert (total, len(page)) == (3, 1)
    assert filtered == []


def test_detail_shape_keeps_reference_keys(db: Runtime, rome_mini: Path) -> None:
    run_import(db, rome_mini)
    with db.sessions() as session:
        detail = fiche_service.get_detail(session, "m1805").model_dump(mode="json")
    assert all(isinstance(c, str) for c in detail["competences"])
    assert detail["competences_detail"][0]["code_ogr"]
    assert "Développeur / Développeuse informatique" not in detail["autres_appellations"]
    assert detail["salaires"]["junior"] == {"min": None, "max": None, "median": None}
    assert detail["perspectives"]["tendance"] == "inconnue"  # no source gave one: not guessed
