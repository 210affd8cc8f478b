"""The veille commands, and import-rome of a newer version, through the real CLI process."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import select

from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow, RomeChangeRow, RomeFicheRow

Cli = Callable[..., subprocess.CompletedProcess[str]]
MEANING = "Technicien / Technicienne en cybersécurité"


def _exports() -> ModuleType:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_cli", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def v61(rome_mini: Path, tmp_path: Path) -> Path:
    export = _exports().copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.reformuler_definition("M1805", 2, "Conçoit et programme des logiciels.")
    path: Path = export.path
    return path


def test_veille_rome_prints_counts_and_meaning_changes_then_rome_changes_lists_them(
    cli: Cli, imported: Runtime, v61: Path
) -> None:
    veille = cli("veille-rome", str(v61))
    assert (veille.returncode, veille.stderr) == (0, "")
    assert "Veille ROME v60 → v61 : 0 nouveaux codes, 2 modifiés (1 relibellés, 1 changements" in (
        veille.stdout
    )
    avant = "Expert / Experte systèmes et réseaux informatiques"
    assert f"Changement de sens M1802 : « {avant} » → « {MEANING} »" in veille.stdout
    listed = cli("rome-changes", "--pending", "--json")
    assert listed.returncode == 0
    page = json.loads(listed.stdout)
    assert page["total"] == 2
    assert {c["code_rome"] for c in page["changes"]} == {"M1802", "M1805"}
    one = cli("rome-changes", "--code", "M1805")
    assert "M1805 modified" in one.stdout and "definition" in one.stdout
    again = json.loads(cli("veille-rome", str(v61), "--json").stdout)
    assert (again["changements_enregistres"], again["deja_signales"]) == (0, 2)


def test_import_rome_of_a_newer_version_runs_the_veille_and_merges_nothing(
    cli: Cli, imported: Runtime, v61: Path
) -> None:
    result = cli("import-rome", str(v61))
    assert (result.returncode, result.stderr) == (0, "")
    assert "rien n'a été importé" in result.stdout
    assert "agents-metiers sync-rome" in result.stdout
    with imported.sessions() as session:
        libelle = session.scalar(
            select(RomeFicheRow.libelle).where(RomeFicheRow.code_rome == "M1802")
        )
        fiche = session.scalar(select(FicheRow).where(FicheRow.code_rome == "M1802"))
        changes = session.scalars(select(RomeChangeRow.code_rome)).all()
    assert libelle == "Expert / Experte systèmes et réseaux informatiques"
    assert fiche is not None and fiche.nom_masculin == "Expert systèmes et réseaux informatiques"
    assert fiche.rome_update_pending is True
    assert sorted(changes) == ["M1802", "M1805"]


def test_same_version_reimport_is_a_no_op_and_bad_sources_exit_1(
    cli: Cli, imported: Runtime, rome_mini: Path, tmp_path: Path
) -> None:
    same = cli("import-rome", str(rome_mini))
    assert same.returncode == 0
    assert "ROME version 60 importée : 6 fiches (0 créées, 0 mises à jour, 6 inchangées)" in (
        same.stdout
    )
    for args, sentence in (
        (["veille-rome", str(rome_mini)], "déjà en base"),
        (["veille-rome", str(tmp_path / "absent")], "n'existe pas"),
    ):
        result = cli(*args)
        assert result.returncode == 1, args
        assert sentence in result.stderr, (args, result.stderr)
