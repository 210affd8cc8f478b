"""Auto-correction (PRODUCT.md §6.3): apply a validation report's problems and suggestions.

The model returns only the narrative fields it changes; ROME facts are out of its reach
(``Correction`` has no field for them), and ``services/ia/actions.py`` stores the result.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from agents_metiers.agents import prompts
from agents_metiers.agents.llm import Llm, LlmResult, donnees
from agents_metiers.agents.redacteur import Aptitude, Court, Site

ITEMS_MAX = 20
ITEM_CHARS_MAX = 500


class Correction(BaseModel):
    description: str | None = Field(default=None, max_length=3000)
    description_courte: str | None = Field(default=None, max_length=200)
    missions_principales: list[Court] | None = Field(default=None, max_length=12)
    traits_personnalite: list[Court] | None = Field(default=None, max_length=10)
    aptitudes: list[Aptitude] | None = Field(default=None, max_length=10)
    formations: list[Court] | None = Field(default=None, max_length=15)
    certifications: list[Court] | None = Field(default=None, max_length=10)
    sites_utiles: list[Site] | None = Field(default=None, max_length=8)
    acces_metier: str | None = Field(default=None, max_length=5000)
    explications: list[str] = Field(default_factory=list, max_length=30)


def _puces(items: Sequence[str]) -> str:
    return "\n".join(f"- {item[:ITEM_CHARS_MAX]}" for item in items[:ITEMS_MAX]) or "(aucun)"


async def corriger(
    llm: Llm,
    *,
    fiche: Mapping[str, Any],
    problemes: Sequence[str],
    suggestions: Sequence[str],
) -> LlmResult[Correction]:
    prompt = "Corrige cette fiche métier.\n\n" + "\n\n".join(
        [
            donnees("fiche", json.dumps(fiche, ensure_ascii=False, indent=1, default=str)),
            donnees("problemes", _puces(problemes)),
            donnees("suggestions", _puces(suggestions)),
        ]
    )
    return await llm.run(output_type=Correction, instructions=prompts.CORRECTEUR, prompt=prompt)
