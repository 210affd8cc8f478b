"""Fixtures for the ROME export tests: the mini export and a tiny competence-tree xlsx.

The xlsx is built with openpyxl in tmp_path (never committed). Its rows are those of the
official ``arborescence_competences.xlsx`` (sheet "Données brutes Macro-comp.", update of
18/09/2025) for the 28 macro-compétences of ``tests/fixtures/rome_mini``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "rome_mini"

MACRO_SHEET = "Données brutes Macro-comp."
MACRO_HEADER = (
    "0 - Code domaine compétence",
    "1 - Domaine compétence",
    "2 - Enjeu",
    "3 - Objectif",
    "4 - Macro-compétence",
    "Catégorie",
    "4 - Macro-compétence (bis)",
)

D1 = "Management, Social, Soin"
D2 = "Communication, Création, Innovation, Nouvelles technologies"
D3 = "Production, Construction, Qualité, Logistique"
D4 = "Pilotage, Gestion, Cadre réglementaire"
D5 = "Développement économique"
D6 = "Coopération, Organisation et Développement de ses compétences"
SF = "Savoir-faire"
SE = "Savoir-être professionnel"
TRANSMETTRE = "Transmettre des bonnes pratiques et développer des compétences"
LOGICIEL = "Concevoir, développer, administrer un logiciel ou un SI"
AGIR = "Agir et interagir en contexte professionnel"
DATA = "Data et Nouvelles technologies"

# (code domaine, domaine, enjeu, objectif, macro-compétence, catégorie), in the sheet's order.
# fmt: off
MACRO_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("1", D1, "Management", "Manager une équipe",
     "Coordonner l'intervention d'équipes pluridisciplinaires", SF),
    ("1", D1, "Conseil, Transmission", TRANSMETTRE,
     "Transmettre une technique, un savoir-faire", SF),
    ("1", D1, "Conseil, Transmission", TRANSMETTRE,
     "Enseigner, transmettre des connaissances, développer des compétences", SF),
    ("1", D1, "Soin", "Prendre soin des personnes",
     "Surveiller l'état de santé d'une personne", SF),
    ("1", D1, "Soin", "Soigner des personnes", "Prodiguer des soins médicaux", SF),
    ("1", D1, "Soin", "Soigner des personnes", "Assurer le suivi médical d'un patient", SF),
    ("1", D1, "Soin", "Soigner des personnes", "Concevoir des protocoles de soins", SF),
    ("1", D1, "Soin", "Soigner des personnes", "Coordonner des soins médicaux", SF),
    ("2", D2, "Recherche, Innovation", "Expérimenter, piloter la recherche et l'innovation",
     "Réaliser une veille technique ou technologique pour anticiper les évolutions", SF),
    ("2", D2, DATA, LOGICIEL,
     "Développer un logiciel, un système d'informations, une application", SF),
    ("2", D2, DATA, LOGICIEL,
     "Déployer, intégrer un logiciel, un système d'informations, une application", SF),
    ("2", D2, DATA, LOGICIEL, "Administrer un système d'informations", SF),
    ("2", D2, DATA, LOGICIEL,
     "Concevoir un logiciel, un système d'informations, une application", SF),
    ("2", D2, DATA, "Développer les nouvelles technologies",
     "Intégrer des produits Data dans les processus métiers", SF),
    ("2", D2, DATA, "Analyser et structurer des données, informations ",
     "Mettre à jour un dossier, une base de données", SF),
    ("3", D3, "Maintenance, Réparation", "Assurer la maintenance technique",
     "Contrôler la conformité d'un équipement, d'une machine, d'une installation", SF),
    ("3", D3, "Maintenance, Réparation", "Assurer la maintenance technique",
     "Réaliser un diagnostic technique", SF),
    ("4", D4, "Pilotage et maîtrise des coûts", "Maîtriser les coûts, acheter",
     "Assurer la gestion administrative et financière d'une activité", SF),
    ("5", D5, "Relation client",
     "Gérer la relation client, recueillir et analyser les besoins client",
     "Apporter une assistance technique aux équipes", SF),
    ("5", D5, "Stratégie de développement", "Piloter un projet, une activité",
     "Piloter une activité", SF),
    ("5", D5, "Stratégie de développement", "Conduire une stratégie de développement",
     "Concevoir et mettre en oeuvre une stratégie digitale", SF),
    ("6", D6, "Organisation", "Respecter les règles",
     "Respecter la confidentialité des informations", SF),
    ("6", D6, "Savoir-être professionnels", AGIR, "Etre à l'écoute, faire preuve d'empathie", SE),
    ("6", D6, "Savoir-être professionnels", AGIR, "Etre force de proposition", SE),
    ("6", D6, "Savoir-être professionnels", AGIR,
     "Organiser son travail selon les priorités et les objectifs", SE),
    ("6", D6, "Savoir-être professionnels", AGIR, "Faire preuve d'autonomie", SE),
    ("6", D6, "Savoir-être professionnels", AGIR, "Faire preuve de rigueur et de précision", SE),
    ("6", D6, "Savoir-être professionnels", AGIR, "Faire preuve de réactivité", SE),
)
# fmt: on

XlsxWriter = Callable[[Path, Sequence[Sequence[str]]], Path]


def write_competences_xlsx(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Write a competence-tree workbook like the official one; empty cells hold one space."""
    workbook = Workbook()
    intro = workbook.active
    intro.title = "Définition"
    intro.append(["Arborescence des regroupements de compétences"])
    sheet = workbook.create_sheet(MACRO_SHEET)
    sheet.append(MACRO_HEADER)
    for row in rows:
        cells = [value or " " for value in row]
        sheet.append([*cells, cells[4]])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


@pytest.fixture
def rome_mini() -> Path:
    """The committed mini export (read only)."""
    return FIXTURE_DIR


@pytest.fixture
def rome_mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini export in ``tmp_path/rome/v460``."""
    target = tmp_path / "rome" / "v460"
    shutil.copytree(FIXTURE_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target


@pytest.fixture
def macro_rows() -> list[tuple[str, ...]]:
    return list(MACRO_ROWS)


@pytest.fixture
def competences_xlsx() -> XlsxWriter:
    """``write(path, rows)`` builds a competence-tree workbook at ``path``."""
    return write_competences_xlsx
