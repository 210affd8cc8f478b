"""Field-by-field differences between two contents of a fiche, readable by editors (pure).

Lists of labelled items (compétences, savoirs…) are compared by label: the diff says which
items were added and which removed. Objects (salaires, mobilité…) are compared key by key.
Texts and other values are shown before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# Bookkeeping that changes with every revision and says nothing about the content.
IGNORES = frozenset({"version", "date_maj", "date_creation", "provenance", "score_completude"})


@dataclass(frozen=True)
class ChangementCle:
    cle: str
    avant: Any
    apres: Any


@dataclass(frozen=True)
class Changement:
    champ: str
    nature: str  # ajoute | supprime | modifie
    avant: Any
    apres: Any
    ajouts: list[str] = field(default_factory=list)
    suppressions: list[str] = field(default_factory=list)
    cles: list[ChangementCle] = field(default_factory=list)


def libelle(item: Any) -> str:
    """The label of a list item: ``libelle`` or ``nom`` of an object, else its text."""
    if isinstance(item, dict):
        for key in ("libelle", "nom", "titre", "url", "code_rome"):
            if item.get(key):
                return str(item[key])
    return str(item)


def _vide(value: Any) -> bool:
    return value is None or value in ("", [], {})


def _nature(avant: Any, apres: Any) -> str:
    if _vide(avant):
        return "ajoute"
    if _vide(apres):
        return "supprime"
    return "modifie"


def _changement(champ: str, avant: Any, apres: Any) -> Changement:
    nature = _nature(avant, apres)
    if isinstance(avant, list | None) and isinstance(apres, list | None):
        labels_avant = [libelle(i) for i in avant or []]
        labels_apres = [libelle(i) for i in apres or []]
        return Changement(
            champ,
            nature,
            avant,
            apres,
            ajouts=[label for label in labels_apres if label not in labels_avant],
            suppressions=[label for label in labels_avant if label not in labels_apres],
        )
    if isinstance(avant, dict | None) and isinstance(apres, dict | None):
        avant_d, apres_d = avant or {}, apres or {}
        cles = [
            ChangementCle(cle, avant_d.get(cle), apres_d.get(cle))
            for cle in dict.fromkeys([*avant_d, *apres_d])
            if avant_d.get(cle) != apres_d.get(cle)
        ]
        return Changement(champ, nature, avant, apres, cles=cles)
    return Changement(champ, nature, avant, apres)


def differences(avant: Mapping[str, Any], apres: Mapping[str, Any]) -> list[Changement]:
    """Every field whose value differs, in the order of ``apres`` then ``avant``."""
    champs = [c for c in dict.fromkeys([*apres, *avant]) if c not in IGNORES]
    return [
        _changement(champ, avant.get(champ), apres.get(champ))
        for champ in champs
        if avant.get(champ) != apres.get(champ)
    ]
