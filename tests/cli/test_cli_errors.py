"""Bad input ends with exit code 1 and one French sentence on stderr — never a traceback."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., subprocess.CompletedProcess[str]]
PASSWORD = "motdepasse2025"

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def assert_refused(result: subprocess.CompletedProcess[str], reason: str) -> None:
    """Exit 1, and stderr is one line « Erreur : … » that gives ``reason``."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Erreur : "), lines[0]
    assert reason in lines[0]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["show", "Z9999"], "Fiche Z9999 non trouvée."),
        (["show", "123"], "« 123 » n'est pas un code ROME valide."),
        (["list", "--statut", "archivee"], "Statut invalide : « archivee »."),
        (["list", "--limit", "0"], "La limite doit être comprise entre 1 et 500."),
        (
            ["users", "create", "--email", "a@b.fr", "--role", "admin"],
            "Mot de passe requis : indiquez --password.",
        ),
        (["export", "--format", "xml", "--output", "fiches.xml"], "Format d'export inconnu"),
        (["import-rome", "/does/not/exist"], "/does/not/exist n'existe pas"),
        (["import-rome", "http://127.0.0.1:9/x.zip"], "depuis http://127.0.0.1:9/x.zip"),
        (
            ["users", "create", "--email", "a@b.fr", "--password", "court1", "--role", "admin"],
            "au moins 10 caractères",
        ),
        (
            ["users", "create", "--email", "a@b.fr", "--password", PASSWORD, "--role", "chef"],
            "Rôle inconnu : « chef »",
        ),
        (
            ["users", "create", "--email", "ab.fr", "--password", PASSWORD, "--role", "admin"],
            "Adresse e-mail invalide : « ab.fr »",
        ),
    ],
    ids=[
        "unknown-code",
        "invalid-code",
        "unknown-statut",
        "zero-limit",
        "missing-password",
        "unknown-format",
        "missing-path",
        "unreachable-url",
        "weak-password",
        "unknown-role",
        "bad-email",
    ],
)
def test_bad_input_is_one_error_sentence(cli: Cli, args: list[str], reason: str) -> None:
    assert_refused(cli(*args), reason)


def test_import_of_an_incomplete_export_names_the_missing_file(
    cli: Cli, rome_mini: Path, tmp_path: Path
) -> None:
    broken = shutil.copytree(rome_mini, tmp_path / "incomplete")
    (broken / "unix_rubrique_mobilite_v460_utf8.csv").unlink()
    assert_refused(
        cli("import-rome", str(broken)), "unix_rubrique_mobilite_v460_utf8.csv est absent"
    )


def test_import_of_a_file_that_is_not_a_zip_is_refused(cli: Cli, tmp_path: Path) -> None:
    fake = tmp_path / "RefRomeCsv.zip"
    fake.write_text("pas une archive\n", encoding="utf-8")
    assert_refused(cli("import-rome", str(fake)), "n'est pas une archive zip")


def test_uninitialised_database_asks_to_run_init(cli: Cli, tmp_path: Path) -> None:
    fresh = tmp_path / "jamais-initialisee.db"
    result = cli("show", "M1805", env={"DATABASE_URL": f"sqlite:///{fresh}"})
    assert_refused(result, "lancez « agents-metiers init »")


def test_export_onto_a_directory_is_refused_and_leaves_no_partial_file(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "exports"
    target.mkdir()
    assert_refused(
        cli("export", "--output", str(target)), f"Impossible d'écrire l'export dans {target}"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("exports")) == ["exports"]
