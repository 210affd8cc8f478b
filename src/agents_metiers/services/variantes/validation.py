"""A generated variant is checked like a human edit before it is stored (issue 11, item 3).

A variant stores the fiche's text fields adapted (``contenu.py``): the free texts take the
very types of ``PATCH /api/fiches/{code}`` (``services/fiches/inputs``), every list item the
type of an edited list item (``Ligne``: trimmed, not empty, 500 characters at most). A list
has as many items as the fiche's (the agent's output type enforces it), which may exceed the
100 items an editor may send (H1206 has 121 appellations), so the list size is not capped
again here. Aptitudes and names of occupations are stored as labels. A variant that does
not fit is not stored: its combination is a failed item with a French sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ConfigDict, create_model

from agents_metiers.services.fiches.inputs import FicheUpdate, Ligne, Nom
from agents_metiers.services.ia.validation import erreur_schema
from agents_metiers.services.variantes.contenu import CHAMPS_CHAINE, CHAMPS_LISTE, CHAMPS_NOMS


def _champs() -> dict[str, Any]:
    champs: dict[str, Any] = {"nom": (Nom, ...)}
    for champ in CHAMPS_CHAINE:
        champs[champ] = (FicheUpdate.model_fields[champ].annotation, None)
    for champ in (*CHAMPS_LISTE, *CHAMPS_NOMS):
        champs[champ] = (list[Ligne] | None, None)
    return champs


ContenuVarianteIn = create_model(
    "ContenuVarianteIn", __config__=ConfigDict(extra="forbid"), **_champs()
)


def erreur_variante(contenu: Mapping[str, Any]) -> str | None:
    """Why a variant's content cannot be stored (a French sentence), or None when it can."""
    probleme = erreur_schema(ContenuVarianteIn, contenu)
    if probleme is None:
        return None
    return (
        f"La variante produite par l'IA ne respecte pas le format d'une fiche ({probleme}) : "
        "elle n'a pas été enregistrée."
    )
