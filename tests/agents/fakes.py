"""Scripted models for the agent tests (pydantic-ai ``FunctionModel``): valid outputs per agent.

Loaded by path (``load_fakes`` in ``tests/agents/conftest.py``), also from tests/pages,
tests/services and tests/web."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    ModelResponse,
    ToolCallPart,
    UserPromptPart,
)
from pydantic_ai.models.function import AgentInfo, FunctionModel

REDACTION: dict[str, Any] = {
    "description": "La personne développe des applications. Elle conçoit et teste le code.",
    "description_courte": "Conçoit et développe des applications informatiques.",
    "missions_principales": ["Analyser les besoins", "Développer le code", "Tester"],
    "traits_personnalite": ["Rigueur", "Curiosité", "Autonomie", "Esprit d'équipe"],
    "aptitudes": [{"nom": "Logique", "niveau": 4, "description": "Raisonnement"}],
    "formations": ["BTS Services informatiques aux organisations", "Master informatique"],
    "certifications": [],
    "sites_utiles": [
        {"nom": "Onisep", "url": "https://www.onisep.fr", "description": "Orientation"},
        {"nom": "Cassé", "url": "pas une adresse", "description": ""},
    ],
    "statuts_professionnels": ["Salarié"],
    "evolutions": [{"nom": "Chef de projet informatique", "type": "ascendante"}],
    "salaires_estimes": {
        "junior": {"min": 30000, "median": 34000, "max": 38000},
        "confirme": {"min": 38000, "median": 45000, "max": 52000},
        "senior": {"min": 50000, "median": 60000, "max": 75000},
    },
}


def evaluation(scores: tuple[int, int, int, int] = (80, 80, 80, 80)) -> dict[str, Any]:
    c, q, co, e = scores
    return {
        "criteres": {
            "completude": {"score": c, "commentaire": "ok", "champs_manquants": []},
            "qualite": {"score": q, "commentaire": "ok"},
            "coherence": {"score": co, "commentaire": "ok"},
            "exactitude": {"score": e, "commentaire": "ok"},
        },
        "problemes": ["description : trop courte"],
        "suggestions": ["Détailler la description"],
        "plan_amelioration": [],
    }


CORRECTION: dict[str, Any] = {
    "description": "Description corrigée, plus détaillée. Elle précise le contexte du métier.",
    "explications": ["Description détaillée"],
}


def scripted(
    *answers: dict[str, Any] | Exception, prompts: list[str] | None = None
) -> FunctionModel:
    """A model that answers each call with the next output (or raises the next exception)."""
    queue = list(answers)

    def respond(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        if prompts is not None:
            prompts.append(repr(messages))
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, answer)])

    return FunctionModel(respond)


Respond = Callable[[list[ModelMessage], AgentInfo], ModelResponse]


# --- Variants: a model that adapts every field of every requested combination ------------


def _prompt(messages: list[ModelMessage]) -> str:
    first = messages[0]
    assert isinstance(first, ModelRequest)
    return next(str(p.content) for p in first.parts if isinstance(p, UserPromptPart))


def demandes(prompt: str) -> list[dict[str, str]]:
    motif = r"langue=(\S+) .*?tranche_age=(\S+) .*?format_contenu=(\S+) .*?genre=(\S+) "
    axes = ("langue", "tranche_age", "format_contenu", "genre")
    return [dict(zip(axes, m, strict=True)) for m in re.findall(motif, prompt)]


def source(prompt: str) -> dict[str, Any]:
    bloc = prompt.split('<donnees nom="fiche_source">', 1)[1].rsplit("</donnees>", 1)[0]
    return dict(json.loads(bloc))


def adapter(prompt: str, *, oublier_item: bool = False) -> dict[str, Any]:
    """A well-formed answer: every requested combination, every field prefixed by its language."""
    textes = source(prompt)["textes"]
    variantes = []
    for d in demandes(prompt):
        adaptes = {
            k: f"[{d['langue']}] {v}" if isinstance(v, str) else [f"[{d['langue']}] {i}" for i in v]
            for k, v in textes.items()
        }
        if oublier_item:
            adaptes = {k: v[:-1] if isinstance(v, list) else v for k, v in adaptes.items()}
        variantes.append({**d, "nom": f"{d['genre']} developer", "textes": adaptes})
    return {"variantes": variantes}


def repondre(fabrique: Callable[[str, int], dict[str, Any]]) -> FunctionModel:
    appels = {"n": 0}

    def fonction(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        appels["n"] += 1
        args = fabrique(_prompt(messages), appels["n"])
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, args)])

    return FunctionModel(fonction)


def variantes() -> FunctionModel:
    """The variants agent's model: each answer adapts every text of every combination asked."""
    return repondre(lambda prompt, _n: adapter(prompt))
