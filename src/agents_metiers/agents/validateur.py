"""Validateur (PRODUCT.md §6.2): the AI quality report of a fiche.

The model scores four criteria; the server computes the global score (weighted sum) and the
verdict, so a model cannot promote a fiche by announcing a high total. The automatic checks
(``domain/controles.py``) are given to the model as data and reported apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field

from agents_metiers.agents import prompts
from agents_metiers.agents.llm import Llm, LlmResult, donnees

POIDS = {"completude": 0.30, "qualite": 0.25, "coherence": 0.25, "exactitude": 0.20}
Critere = Literal["completude", "qualite", "coherence", "exactitude"]


class Note(BaseModel):
    score: int = Field(ge=0, le=100)
    commentaire: str = Field(default="", max_length=2000)


class NoteCompletude(Note):
    champs_manquants: list[str] = Field(default_factory=list, max_length=30)


class Criteres(BaseModel):
    completude: NoteCompletude
    qualite: Note
    coherence: Note
    exactitude: Note


class Amelioration(BaseModel):
    critere: Critere
    priorite: Literal["haute", "moyenne", "basse"]
    quoi_corriger: str = Field(max_length=2000)
    comment_corriger: str = Field(max_length=3000)
    impact_score: str = Field(default="", max_length=50)


class Evaluation(BaseModel):
    """What the model returns; ``rapport()`` adds the server-computed score and verdict."""

    criteres: Criteres
    problemes: list[str] = Field(default_factory=list, max_length=30)
    suggestions: list[str] = Field(default_factory=list, max_length=30)
    plan_amelioration: list[Amelioration] = Field(default_factory=list, max_length=10)


def score_global(criteres: Criteres) -> int:
    return int(sum(getattr(criteres, nom).score * poids for nom, poids in POIDS.items()))


def verdict(score: int) -> str:
    if score >= 90:
        return "excellent"
    if score >= 70:
        return "bon"
    if score >= 50:
        return "acceptable"
    return "insuffisant"


def rapport(evaluation: Evaluation) -> dict[str, Any]:
    """The reference report shape: score, verdict, resume, criteres, problemes, suggestions…"""
    c = evaluation.criteres
    score = score_global(c)
    resume = (
        f"Score global {score}/100 — Complétude : {c.completude.score}/100, "
        f"Qualité : {c.qualite.score}/100, Cohérence : {c.coherence.score}/100, "
        f"Exactitude : {c.exactitude.score}/100"
    )
    return {
        "score": score,
        "verdict": verdict(score),
        "resume": resume,
        **evaluation.model_dump(mode="json"),
    }


async def evaluer(
    llm: Llm, *, fiche: Mapping[str, Any], controles: Mapping[str, Any]
) -> LlmResult[Evaluation]:
    """One AI evaluation of ``fiche`` (its content as JSON-ready values)."""
    prompt = "Évalue cette fiche métier.\n\n" + "\n\n".join(
        [
            donnees("fiche", json.dumps(fiche, ensure_ascii=False, indent=1, default=str)),
            donnees("controles", json.dumps(controles, ensure_ascii=False, indent=1)),
        ]
    )
    return await llm.run(output_type=Evaluation, instructions=prompts.VALIDATEUR, prompt=prompt)
