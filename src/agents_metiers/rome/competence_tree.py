"""The official competence tree (``arborescence_competences.xlsx``): domaine → enjeu → objectif.

The xlsx has no OGR codes, so a macro-compétence of the CSV export is matched on its label
(normalised: case, spaces, "…" against "...", "œ" against "oe"). When the label is not found,
its ``code_macro_comp`` gives the group: on v460 the code reads ``DEOnn`` — ``D`` the domaine
code (1–6), ``DE`` the enjeu (32 values), ``DEO`` the objectif (84 values), ``nn`` a rank — and
the labels of those prefixes are learned from the macro-compétences matched by label.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from python_calamine import CalamineError, CalamineWorkbook

from agents_metiers.errors import RomeSourceError

MACRO_SHEET = "Données brutes Macro-comp."
_CODE_DOMAINE = "0 - Code domaine compétence"
_DOMAINE = "1 - Domaine compétence"
_ENJEU = "2 - Enjeu"
_OBJECTIF = "3 - Objectif"
_MACRO = "4 - Macro-compétence"
_COLUMNS = (_CODE_DOMAINE, _DOMAINE, _ENJEU, _OBJECTIF, _MACRO)

_ENJEU_PREFIX = 2
_OBJECTIF_PREFIX = 3


@dataclass(frozen=True)
class GroupeCompetence:
    """Where a macro-compétence sits in the tree; ``objectif`` is None when unknown."""

    code_domaine: str
    domaine: str
    enjeu: str
    objectif: str | None


class MacroCompetence(NamedTuple):
    """A macro-compétence of ``unix_referentiel_competence`` as the tree needs it."""

    code_ogr: str
    code_macro_comp: str
    libelle: str


@dataclass(frozen=True)
class MatchStats:
    """How the macro-compétences of an export were placed in the tree."""

    total: int
    by_label: int
    by_code: int

    @property
    def unmatched(self) -> int:
        return self.total - self.by_label - self.by_code

    @property
    def rate(self) -> float:
        return (self.by_label + self.by_code) / self.total if self.total else 0.0


class CompetenceTree:
    """Groups of macro-compétences by label, and by code prefix once ``learn()`` has run."""

    def __init__(self, groups_by_label: dict[str, GroupeCompetence]) -> None:
        self._by_label: dict[str, GroupeCompetence | None] = {}
        for label, groupe in groups_by_label.items():
            _add_unambiguous(self._by_label, normalise_label(label), groupe)
        self.domaines: dict[str, str] = {
            groupe.code_domaine: groupe.domaine for groupe in groups_by_label.values()
        }
        self._by_prefix: dict[str, GroupeCompetence | None] = {}
        self._by_ogr: dict[str, GroupeCompetence | None] = {}
        self.stats: MatchStats | None = None

    def groupe(self, code_ogr: str, code_macro_comp: str, libelle: str) -> GroupeCompetence | None:
        """The group of one macro-compétence: by label, else by code prefix, else None."""
        if code_ogr in self._by_ogr:
            return self._by_ogr[code_ogr]
        return self._by_label.get(normalise_label(libelle)) or self._by_code(code_macro_comp)

    def learn(self, macros: Iterable[MacroCompetence]) -> MatchStats:
        """Learn the code prefixes from the macro-compétences matched by label, place them all."""
        macros = list(macros)
        for macro in macros:
            groupe = self._by_label.get(normalise_label(macro.libelle))
            if groupe is not None and macro.code_macro_comp[:1] == groupe.code_domaine:
                self._learn_prefixes(macro.code_macro_comp, groupe)
        by_label = by_code = 0
        for macro in macros:
            groupe = self._by_label.get(normalise_label(macro.libelle))
            if groupe is not None:
                by_label += 1
            else:
                groupe = self._by_code(macro.code_macro_comp)
                by_code += groupe is not None
            self._by_ogr[macro.code_ogr] = groupe
        self.stats = MatchStats(total=len(macros), by_label=by_label, by_code=by_code)
        return self.stats

    def _learn_prefixes(self, code: str, groupe: GroupeCompetence) -> None:
        if len(code) >= _OBJECTIF_PREFIX:
            _add_unambiguous(self._by_prefix, code[:_ENJEU_PREFIX], replace(groupe, objectif=None))
            _add_unambiguous(self._by_prefix, code[:_OBJECTIF_PREFIX], groupe)

    def _by_code(self, code: str) -> GroupeCompetence | None:
        if len(code) < _OBJECTIF_PREFIX:
            return None
        return self._by_prefix.get(code[:_OBJECTIF_PREFIX]) or self._by_prefix.get(
            code[:_ENJEU_PREFIX]
        )


def _add_unambiguous(
    index: dict[str, GroupeCompetence | None], key: str, groupe: GroupeCompetence
) -> None:
    """Index ``groupe`` under ``key``; a key seen with two different groups maps to None."""
    if key in index and index[key] != groupe:
        index[key] = None
    else:
        index[key] = groupe


def normalise_label(label: str) -> str:
    """Comparable form of a label: NFKC ("…" → "..."), casefolded, "œ" → "oe", single spaces."""
    text = unicodedata.normalize("NFKC", label).casefold()
    text = text.replace("œ", "oe").replace("’", "'")
    return " ".join(text.split())


def read_competence_tree(path: Path) -> CompetenceTree:
    """Read the sheet "Données brutes Macro-comp." of ``arborescence_competences.xlsx``."""
    rows = _sheet_rows(path)
    header = [_cell(value) for value in rows[0]] if rows else []
    missing = [column for column in _COLUMNS if column not in header]
    if missing:
        raise RomeSourceError(
            f"La feuille « {MACRO_SHEET} » de {path} n'a pas la colonne attendue « {missing[0]} »."
        )
    positions = [header.index(column) for column in _COLUMNS]
    groups: dict[str, GroupeCompetence] = {}
    for row in rows[1:]:
        cells = [_cell(row[i]) if i < len(row) else "" for i in positions]
        code_domaine, domaine, enjeu, objectif, macro = cells
        if code_domaine and domaine and enjeu and macro:
            groups[macro] = GroupeCompetence(code_domaine, domaine, enjeu, objectif or None)
    if not groups:
        raise RomeSourceError(f"La feuille « {MACRO_SHEET} » de {path} ne contient aucune ligne.")
    return CompetenceTree(groups)


def _sheet_rows(path: Path) -> Sequence[Sequence[object]]:
    try:
        with CalamineWorkbook.from_path(path) as workbook:
            if MACRO_SHEET not in workbook.sheet_names:
                raise RomeSourceError(
                    f"Le classeur {path} n'a pas de feuille « {MACRO_SHEET} » : "
                    "ce n'est pas l'arborescence des compétences du ROME."
                )
            return workbook.get_sheet_by_name(MACRO_SHEET).to_python()
    except (CalamineError, OSError, ValueError) as exc:
        raise RomeSourceError(f"Le classeur {path} est illisible ({exc}).") from exc


def _cell(value: object) -> str:
    # Empty cells of the official xlsx hold a single space; codes may come back as floats.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
