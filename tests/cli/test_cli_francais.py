"""Click's and Typer's own messages in French (usage, help, errors), and ``export`` to the
standard output when ``--output`` is absent (issue 14)."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import subprocess
import sys

import pytest
import typer.main

from agents_metiers.cli.francais import traduire_erreur, type_en_francais
from agents_metiers.cli.main import app
from agents_metiers.services.runtime import Runtime

from .conftest import Cli

SQLITE = pytest.mark.parametrize("database", ["sqlite"], indirect=True)
ANGLAIS = (
    "Usage:",
    "Missing ",
    "No such ",
    "Invalid value",
    "Try '",
    "Show this message",
    "Error",
    "Did you mean",
    "COMMAND ",
    "[ARGS]",
)
# Typer's English value placeholders (« <int> », « <list[str]> », « <bool> » on a flag).
PLACEHOLDERS = re.compile(r"<[^>]*\b(?:str|int|float|bool|path|file|dir|list|range)\b[^>]*>")


def _commands() -> list[list[str]]:
    group = typer.main.get_command(app)
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        found += [[name, child] for child in sub] if sub else [[name]]
    return found


@SQLITE
def test_every_command_s_help_is_in_french(cli: Cli) -> None:
    for command in [[], *_commands()]:
        result = cli(*command, "--help", env={"COLUMNS": "300"})
        assert result.returncode == 0, (command, result.stderr)
        assert "Utilisation : " in result.stdout, command
        if not command:  # the group's usage line names its placeholders in French
            assert "[OPTIONS] COMMANDE [ARGUMENTS]..." in result.stdout
        assert "Affiche cette aide et quitte." in result.stdout, command
        assert not [word for word in ANGLAIS if word in result.stdout], (command, result.stdout)
        assert not PLACEHOLDERS.findall(result.stdout), (command, result.stdout)


@SQLITE
@pytest.mark.parametrize(
    ("args", "french"),
    [
        (["review-batch", "--statut", "brouillon"], "Il manque l'option '--as'."),
        (["show"], "Il manque l'argument 'code'."),
        (["export", "--bogus"], "Option inconnue : --bogus."),
        (["review-batch", "--statut"], "L'option « --statut » demande une valeur."),
        (["list", "--limit", "abc"], "'--limit' : un nombre entier est attendu."),
        (["review-batch", "--as", "a@b.fr", "--concurrency", "100"], "au plus 64 est attendu"),
        (["show", "M1805", "M1802"], "Argument en trop : M1802."),
        (["inconnue"], "Commande inconnue : « inconnue »."),
        (["import"], "Commande inconnue : « import ». Vouliez-vous dire 'import-rome'"),
    ],
    ids=["missing-option", "missing-argument", "unknown-option", "option-without-value",
         "not-a-number", "over-the-range", "extra-argument", "unknown-command",
         "close-command"],
)  # fmt: skip
def test_usage_errors_are_in_french(cli: Cli, args: list[str], french: str) -> None:
    result = cli(*args, env={"COLUMNS": "300"})
    assert result.returncode == 2, result.stderr
    assert french in result.stderr
    assert "Erreur" in result.stderr
    assert not [word for word in ANGLAIS if word in result.stderr], result.stderr


def test_an_unknown_english_message_is_left_as_it_is() -> None:
    assert traduire_erreur("Something new happened.") == "Something new happened."


@SQLITE
def test_an_unknown_export_format_lists_every_accepted_one(cli: Cli) -> None:
    result = cli("export", "--format", "xml")
    assert result.returncode == 1
    assert result.stderr.strip() == "Erreur : Format d'export inconnu : « xml » (json, csv ou pdf)."


@SQLITE
def test_export_without_output_writes_json_then_csv_on_stdout(cli: Cli, imported: Runtime) -> None:
    as_json = cli("export")
    assert as_json.returncode == 0, as_json.stderr
    fiches = json.loads(as_json.stdout)
    assert sorted(f["code_rome"] for f in fiches) == [
        "J1104", "J1124", "J1506", "M1802", "M1805", "M1810"
    ]  # fmt: skip
    assert as_json.stderr.strip() == "6 fiches exportées sur la sortie standard"
    as_csv = cli("export", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 6 and rows[0]["code_rome"]


@SQLITE
def test_a_pdf_export_is_never_written_to_a_terminal(cli: Cli, imported: Runtime) -> None:
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "agents_metiers.cli", "export", "--format", "pdf"],
            env=cli.env, cwd=cli.cwd, stdin=subprocess.DEVNULL, stdout=follower,
            stderr=subprocess.PIPE, text=True, timeout=60, check=False,
        )  # fmt: skip
    finally:
        os.close(follower)
        os.close(leader)
    assert result.returncode == 1
    assert "Le ZIP des PDF ne s'affiche pas dans un terminal" in result.stderr
    assert "--output FICHIER" in result.stderr


@SQLITE
def test_help_shows_value_placeholders_in_french(cli: Cli) -> None:
    result = cli("export", "--help", env={"COLUMNS": "200"})
    lignes = {ligne.split()[1]: ligne for ligne in result.stdout.splitlines() if "│ --" in ligne}
    assert "<chemin>" in lignes["--output"]
    assert "<texte>" in lignes["--format"]
    assert "<liste[texte]>" in lignes["--code"]
    assert "<" not in lignes["--help"]  # a flag takes no value
    limites = cli("list", "--help", env={"COLUMNS": "200"}).stdout
    assert "<entier>" in limites


@pytest.mark.parametrize(
    ("anglais", "francais"),
    [("<int>", "<entier>"), ("<list[str]>", "<liste[texte]>"), ("<int range>", "<entier>"),
     ("<float>", "<nombre>"), ("<dir>", "<dossier>")],
)  # fmt: skip
def test_type_names_are_put_in_french(anglais: str, francais: str) -> None:
    assert type_en_francais(anglais) == francais
