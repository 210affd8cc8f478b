"""The detected referential kept aside (staging) reads back exactly as the export it came from."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import select

from agents_metiers.errors import NotFoundError
from agents_metiers.rome.export import open_export
from agents_metiers.rome.fiche_builder import build_fiche
from agents_metiers.rome.referentiel import Referentiel, load_referentiel
from agents_metiers.rome.referentiel_rows import referentiel_from_rows
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille import staging
from agents_metiers.storage.referentiel import current_version, stored_rows
from agents_metiers.storage.tables import RomeFicheRow, RomeVeilleRunRow


def _ref(path: Path, tmp_path: Path) -> Referentiel:
    return load_referentiel(open_export(path, download_dir=tmp_path / "dl"))


def _run(runtime: Runtime) -> int:
    with runtime.sessions.begin() as session:
        run = RomeVeilleRunRow(
            started_at=datetime.now(UTC),
            statut="terminee",
            source="test",
            compteurs={},
            avertissements=[],
        )
        session.add(run)
        session.flush()
        return run.id


def test_stored_rows_rebuild_the_fiches_the_import_built(
    base_mini: Runtime, rome_mini: Path, tmp_path: Path
) -> None:
    ref = _ref(rome_mini, tmp_path)
    with base_mini.sessions() as session:
        relu = referentiel_from_rows(ref.version, stored_rows(session=session))
    assert sorted(relu.fiches) == sorted(ref.fiches)
    for code in ref.fiches:
        assert build_fiche(relu, code) == build_fiche(ref, code)


def test_staged_referential_gives_the_detected_fiche_and_is_promoted(
    base_mini: Runtime, rome_mini: Path, tmp_path: Path, exports: ModuleType
) -> None:
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1805", "Ingénieur / Ingénieure logiciel")
    detecte = _ref(export.path, tmp_path)
    run_id = _run(base_mini)
    with base_mini.sessions.begin() as session:
        staging.mettre_en_attente(session=session, run_id=run_id, ref=detecte)
    with base_mini.sessions() as session:
        fiche = staging.fiche_detectee(session=session, run_id=run_id, code_rome="M1805")
        absente = staging.fiche_detectee(session=session, run_id=run_id, code_rome="Z9999")
    assert fiche == build_fiche(detecte, "M1805")
    assert fiche is not None and fiche["nom_masculin"] == "Ingénieur logiciel"
    assert absente is None
    with base_mini.sessions.begin() as session:
        staging.promouvoir_referentiel(session=session, run_id=run_id)
    with base_mini.sessions() as session:
        version = current_version(session=session)
        libelle = session.scalar(
            select(RomeFicheRow.libelle).where(RomeFicheRow.code_rome == "M1805")
        )
        assert version is not None and version.numero == 61
        assert libelle == "Ingénieur / Ingénieure logiciel"
        with pytest.raises(NotFoundError):
            staging.referentiel_detecte(session=session, run_id=run_id)
