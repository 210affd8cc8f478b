"""``sync-rome`` and ``review-change`` in a subprocess, as a user runs them (both databases)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille
from agents_metiers.storage.tables import FicheRow, RomeChangeRow


@pytest.fixture
def veille(imported: Runtime, rome_mini: Path, tmp_path: Path) -> Runtime:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_cli", path)
    assert spec and spec.loader
    exports = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(exports)
    export = exports.copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", "Technicien / Technicienne en cybersécurité")
    export.ajouter_codes({"M1899": ("M1805", "Ingénieur / Ingénieure en IA")})
    options = VeilleOptions(source=str(export.path), download_dir=imported.settings.download_dir)
    executer_veille(imported.sessions, options)
    return imported


def _change_id(runtime: Runtime, code: str) -> int:
    with runtime.sessions() as session:
        change_id = session.scalar(select(RomeChangeRow.id).where(RomeChangeRow.code_rome == code))
    assert change_id is not None
    return change_id


def test_sync_rome_json_prints_the_counts_and_creates_the_new_fiche(cli, veille: Runtime) -> None:  # type: ignore[no-untyped-def]
    result = cli("sync-rome", "--json")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert (counts["version"], counts["nouvelles_fiches"], counts["en_attente_revue"]) == (61, 1, 1)
    with veille.sessions() as session:
        assert session.scalar(select(FicheRow.statut).where(FicheRow.code_rome == "M1899")) == (
            "brouillon"
        )
    again = cli("sync-rome")
    assert again.returncode == 1
    assert "lancez d'abord la veille" in again.stderr


def test_review_change_acts_as_the_given_account_and_checks_its_role(cli, veille: Runtime) -> None:  # type: ignore[no-untyped-def]
    create_user(
        veille.sessions, email="e@exemple.fr", password="MotDePasse123", role="editeur", name="Éd"
    )
    create_user(
        veille.sessions,
        email="r@exemple.fr",
        password="MotDePasse123",
        role="relecteur",
        name="Rel",
    )
    change_id = str(_change_id(veille, "M1802"))
    refused = cli("review-change", change_id, "apply", "--as", "e@exemple.fr")
    assert refused.returncode == 1
    assert "relecteur" in refused.stderr
    done = cli("review-change", change_id, "apply", "--as", "r@exemple.fr")
    assert done.returncode == 0, done.stderr
    assert "apply" in done.stdout
    with veille.sessions() as session:
        change = session.get(RomeChangeRow, int(change_id))
        assert change is not None
        assert (change.reviewed_by, change.review_action) == ("Rel", "apply")
    bad = cli("review-change", change_id, "effacer")
    assert bad.returncode == 1
    assert "Action inconnue" in bad.stderr


def test_the_review_help_lists_the_service_actions() -> None:
    from agents_metiers.cli.revue import ACTIONS_AIDE
    from agents_metiers.services.veille.revue import ACTIONS

    assert ", ".join(ACTIONS) == ACTIONS_AIDE
