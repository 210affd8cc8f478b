"""Rédacteur (PRODUCT.md §6.1): writes the narrative fields of a fiche from its ROME facts.

The agent sees the facts, the market figures when present, the current narrative content and
the user's optional instructions — each in a ``<donnees>`` block — and returns ``Redaction``.
It never touches the database: ``services/ia/actions.py`` merges and stores what it returns.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from agents_metiers.agents import prompts
from agents_metiers.agents.llm import Llm, LlmResult, donnees

INSTRUCTIONS_MAX = 2000

Court = Annotated[str, Field(min_length=1, max_length=300)]
Url = Annotated[str, Field(min_length=1, max_length=500)]  # syntax checked before saving


class Aptitude(BaseModel):
    nom: Court
    niveau: int = Field(ge=1, le=5)
    description: str = Field(default="", max_length=500)


class Site(BaseModel):
    nom: Court
    url: Url
    description: str = Field(default="", max_length=500)


class Evolution(BaseModel):
    nom: Court
    type: Literal["ascendante", "laterale"]


class Fourchette(BaseModel):
    min: int = Field(ge=0, le=1_000_000)
    median: int = Field(ge=0, le=1_000_000)
    max: int = Field(ge=0, le=1_000_000)


class SalairesEstimes(BaseModel):
    """Gross annual salaries in euros, estimated by the AI (stored as ``estimation_ia``)."""

    junior: Fourchette
    confirme: Fourchette
    senior: Fourchette


class Redaction(BaseModel):
    """The narrative fields the Rédacteur writes (§6.1)."""

    description: str = Field(min_length=1, max_length=3000)
    description_courte: str = Field(min_length=1, max_length=200)
    missions_principales: list[Court] = Field(max_length=12)
    traits_personnalite: list[Court] = Field(max_length=10)
    aptitudes: list[Aptitude] = Field(max_length=10)
    formations: list[Court] = Field(max_length=15)
    certifications: list[Court] = Field(max_length=10)
    sites_utiles: list[Site] = Field(max_length=8)
    statuts_professionnels: list[Court] = Field(max_length=8)
    evolutions: list[Evolution] = Field(max_length=8)
    salaires_estimes: SalairesEstimes | None = None


class Complement(BaseModel):
    """The second, targeted call: only the critical fields still missing."""

    description: str | None = Field(default=None, max_length=3000)
    missions_principales: list[Court] | None = Field(default=None, max_length=12)
    traits_personnalite: list[Court] | None = Field(default=None, max_length=10)
    aptitudes: list[Aptitude] | None = Field(default=None, max_length=10)
    formations: list[Court] | None = Field(default=None, max_length=15)
    sites_utiles: list[Site] | None = Field(default=None, max_length=8)


CHAMPS_CRITIQUES = tuple(Complement.model_fields)


def _json(valeur: Any) -> str:
    return json.dumps(valeur, ensure_ascii=False, indent=1, default=str)


def _blocs(
    faits: Mapping[str, Any], contenu: Mapping[str, Any], marche: Mapping[str, Any]
) -> list[str]:
    return [
        donnees("faits_rome", _json(faits)),
        donnees("marche", _json(marche) if marche else "Aucune donnée de marché disponible."),
        donnees("contenu_actuel", _json(contenu)),
    ]


async def rediger(
    llm: Llm,
    *,
    faits: Mapping[str, Any],
    contenu: Mapping[str, Any],
    marche: Mapping[str, Any],
    instructions: str | None = None,
) -> LlmResult[Redaction]:
    """First call: every narrative field."""
    blocs = _blocs(faits, contenu, marche)
    if instructions:
        blocs.append(donnees("consignes_utilisateur", instructions[:INSTRUCTIONS_MAX]))
    prompt = "Rédige la fiche métier décrite par ces données.\n\n" + "\n\n".join(blocs)
    return await llm.run(output_type=Redaction, instructions=prompts.REDACTEUR, prompt=prompt)


async def completer(
    llm: Llm,
    *,
    faits: Mapping[str, Any],
    contenu: Mapping[str, Any],
    manquants: list[str],
) -> LlmResult[Complement]:
    """Second, targeted call for the critical fields still empty after the first one."""
    blocs = [*_blocs(faits, contenu, {}), donnees("champs_manquants", ", ".join(manquants))]
    prompt = "Complète uniquement les champs manquants.\n\n" + "\n\n".join(blocs)
    return await llm.run(output_type=Complement, instructions=prompts.COMPLEMENT, prompt=prompt)
