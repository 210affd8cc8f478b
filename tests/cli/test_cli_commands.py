"""The consultation, export and account commands, run as a user would (SQLite only)."""

from __future__ import annotations

import csv
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from agents_metiers.services.comptes.users import create_user, verify_password
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import UserRow

Cli = Callable[..., subprocess.CompletedProcess[str]]
CODES = ["J1104", "J1124", "J1506", "M1802", "M1805", "M1810"]
PASSWORD = "motdepasse2025"

pytestmark = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def succeeded(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The stdout lines of a run that must have worked (else show what it said)."""
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    return result.stdout.splitlines()


def test_stats_counts_the_imported_fiches(cli: Cli, imported: Runtime) -> None:
    lines = succeeded(cli("stats"))
    assert lines[:2] == ["Fiches : 6", "  Brouillon : 6"]
    assert "Référentiel ROME : version 60" in lines


def test_list_filters_by_statut_and_stops_at_the_limit(cli: Cli, imported: Runtime) -> None:
    lines = succeeded(cli("list", "--statut", "brouillon", "--limit", "2"))
    rows = [line.split("\t") for line in lines[:-1]]
    assert [(row[0], row[1]) for row in rows] == [("J1104", "brouillon"), ("J1124", "brouillon")]
    assert lines[-1] == "2 fiches affichées sur 6."


def test_search_puts_the_feminine_name_match_first(cli: Cli, imported: Runtime) -> None:
    lines = succeeded(cli("search", "développeuse"))
    assert lines[0].split("\t")[0] == "M1805"


def test_show_prints_every_name_form(cli: Cli, imported: Runtime) -> None:
    lines = succeeded(cli("show", "M1805"))
    assert lines[:2] == [
        "M1805 — Développeur ou développeuse informatique",
        "Masculin : Développeur informatique | Féminin : Développeuse informatique",
    ]


def test_output_is_plain_without_a_terminal(cli: Cli, imported: Runtime) -> None:
    result = cli("list", env={"CI": None})  # only "not a TTY" asks for plain output here
    lines = succeeded(result)
    assert "\x1b[" not in result.stdout
    assert [line.split("\t")[0] for line in lines[:-1]] == CODES


def test_export_csv_writes_one_row_per_fiche(cli: Cli, imported: Runtime, tmp_path: Path) -> None:
    target = tmp_path / "out" / "fiches.csv"
    lines = succeeded(cli("export", "--format", "csv", "--output", str(target)))
    with target.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert lines == [f"6 fiches exportées dans {target}"]
    assert reader.fieldnames == [
        "code_rome",
        "nom_masculin",
        "nom_feminin",
        "nom_epicene",
        "statut",
        "version",
        "rome_version",
        "score_completude",
        "description_courte",
        "niveau_formation",
        "code_domaine",
        "domaine",
        "riasec_majeur",
        "riasec_mineur",
        "nb_competences",
        "nb_savoirs",
        "nb_appellations",
        "metiers_proches",
        "date_maj",
    ]
    assert [row["code_rome"] for row in rows] == CODES
    assert rows[CODES.index("M1805")]["metiers_proches"] == "M1802 M1810"


def test_export_json_writes_the_detail_of_every_fiche(
    cli: Cli, imported: Runtime, tmp_path: Path
) -> None:
    target = tmp_path / "fiches.json"
    lines = succeeded(cli("export", "--format", "json", "--output", str(target)))
    fiches = json.loads(target.read_text(encoding="utf-8"))
    assert lines == [f"6 fiches exportées dans {target}"]
    assert [fiche["code_rome"] for fiche in fiches] == CODES
    assert fiches[CODES.index("M1805")]["nom_feminin"] == "Développeuse informatique"


def test_users_create_stores_an_account_with_a_hashed_password(cli: Cli, db: Runtime) -> None:
    lines = succeeded(
        cli("users", "create", "--email", "A@b.fr", "--password", PASSWORD, "--role", "admin")
    )
    with db.sessions() as session:
        user = session.scalar(select(UserRow).where(UserRow.email == "a@b.fr"))
    assert lines == ["Compte créé : a@b.fr (admin)"]
    assert user is not None and user.role == "admin"
    assert verify_password(PASSWORD, user.password_hash)


def test_users_create_refuses_an_existing_email(cli: Cli, db: Runtime) -> None:
    create_user(db.sessions, email="a@b.fr", password=PASSWORD, role="admin", name=None)
    result = cli("users", "create", "--email", "a@b.fr", "--password", PASSWORD, "--role", "admin")
    assert result.returncode == 1
    assert result.stderr == "Erreur : Un compte existe déjà pour a@b.fr.\n"
