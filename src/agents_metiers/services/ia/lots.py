"""AI at scale: enrichment and validation jobs through Anthropic's Message Batches API
(PRODUCT.md §11 « bulk discount APIs »; ``JOBS_AI_MODE=batch``).

An item of such a job runs the very action of a direct call (``services/ia/actions``) twice:

1. **Collect**: the action runs until its model call; ``Collecteur`` takes the call over,
   builds its Messages API request (``Llm.requete_lot``: same system prompt, same prompt, the
   output model as the forced tool) and stops the action with ``DemandeEnLot`` — nothing is
   written. The item waits (``waiting``) with its request; ``services/jobs/lots`` submits the
   waiting items of a job as one provider batch and polls it.
2. **Replay**: when the batch has ended, the item is queued again with its answer; the action
   runs again from the start and ``Rejoueur`` hands it the answer parsed with the same output
   model (``Llm.resultat_lot``, usage at the batch price) — the same validation, merge,
   revision, audit event and ``ia_usages`` row as a direct call. If the fiche changed since
   the request was built, the request no longer matches and the item fails (409 sentence);
   a second call of the action (the rédacteur's targeted complement) is made directly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from anthropic import AsyncAnthropic
from pydantic_ai.models.anthropic import AnthropicModel

from agents_metiers.agents.llm import LOT, ExecutantLot, Llm, LlmResult
from agents_metiers.config import Settings
from agents_metiers.errors import ConflictError, ServiceUnavailableError

T = TypeVar("T")
TYPES_EN_LOT = frozenset({"enrich", "validate"})
ERREURS_LOT = {
    "errored": "Le fournisseur d'IA a renvoyé une erreur pour cette fiche dans le lot ({detail}).",
    "expired": "Le lot du fournisseur d'IA a expiré avant de traiter cette fiche (24 h).",
    "canceled": "Le lot du fournisseur d'IA a été annulé avant de traiter cette fiche.",
}


def empreinte(requete: dict[str, Any]) -> str:
    """A digest of a request: the answer applies only to the very same request."""
    return hashlib.sha256(json.dumps(requete, sort_keys=True).encode()).hexdigest()


class DemandeEnLot(Exception):  # noqa: N818 — a signal, not an error: the item now waits
    """Raised by ``Collecteur``: the action stopped before its call, nothing written."""

    def __init__(self, requete: dict[str, Any]) -> None:
        super().__init__("requête mise en lot")
        self.requete = requete

    def en_attente(self) -> dict[str, Any]:
        """What the waiting item keeps (its ``result``) until the batch answers."""
        return {"lot": None, "requete": self.requete, "empreinte": empreinte(self.requete)}


class Collecteur:
    """Pass 1: build the request of the action's first model call and stop there."""

    async def executer(
        self, llm: Llm, *, output_type: type[T], instructions: str, prompt: str
    ) -> LlmResult[T]:
        raise DemandeEnLot(
            llm.requete_lot(output_type=output_type, instructions=instructions, prompt=prompt)
        )


def _refus(reponse: dict[str, Any]) -> ServiceUnavailableError:
    genre = str(reponse.get("type"))
    erreur = (reponse.get("error") or {}).get("error") or {}
    detail = erreur.get("type") or "erreur inconnue"
    modele = ERREURS_LOT.get(genre, "Réponse du lot inattendue ({detail}).")
    return ServiceUnavailableError(modele.format(detail=detail) + " La fiche n'a pas été modifiée.")


class Rejoueur:
    """Pass 2: answer the action's first call with the batch's answer for this item."""

    def __init__(self, attente: dict[str, Any], code: str) -> None:
        self.empreinte = str(attente.get("empreinte"))
        self.reponse: dict[str, Any] = attente.get("reponse") or {}
        self.code = code
        self.utilise = False

    async def executer(
        self, llm: Llm, *, output_type: type[T], instructions: str, prompt: str
    ) -> LlmResult[T]:
        if self.utilise:  # a further call of the same action: made directly
            return await llm.run_direct(
                output_type=output_type, instructions=instructions, prompt=prompt
            )
        self.utilise = True
        requete = llm.requete_lot(output_type=output_type, instructions=instructions, prompt=prompt)
        if empreinte(requete) != self.empreinte:
            raise ConflictError(
                f"La fiche {self.code} a été modifiée depuis l'envoi du lot : la réponse de "
                "l'IA ne correspond plus à son contenu. Rien n'a été enregistré, relancez "
                "l'action."
            )
        if self.reponse.get("type") != "succeeded":
            raise _refus(self.reponse)
        return llm.resultat_lot(output_type, self.reponse.get("message") or {})


def client_lots(llm: Llm | None) -> AsyncAnthropic:
    """The Anthropic client of the configured model (its key, address and HTTP client);
    503 with a sentence when the model is not an Anthropic one."""
    client = llm.model.client if llm is not None and isinstance(llm.model, AnthropicModel) else None
    if not isinstance(client, AsyncAnthropic):
        raise ServiceUnavailableError(
            "Le traitement par lot (JOBS_AI_MODE=batch) passe par l'API Message Batches "
            "d'Anthropic : configurez un modèle « anthropic:… » avec ANTHROPIC_API_KEY, ou "
            "repassez JOBS_AI_MODE à « direct »."
        )
    return client


def en_lot(settings: Settings, type_tache: str) -> bool:
    """Whether items of ``type_tache`` go through provider batches on this installation."""
    return (
        settings.jobs_ai_mode == "batch"
        and settings.jobs_backend == "embedded"
        and type_tache in TYPES_EN_LOT
    )


@contextmanager
def mode_lot(
    settings: Settings, type_tache: str, code: str, attente: dict[str, Any] | None
) -> Iterator[None]:
    """Run a job item's action in batch mode when it applies (collect, or replay when the
    item holds its batch answer); a plain direct call otherwise."""
    executant: ExecutantLot | None = None
    if en_lot(settings, type_tache):
        a_rejouer = attente is not None and "reponse" in attente
        executant = Rejoueur(attente or {}, code) if a_rejouer else Collecteur()
    jeton = LOT.set(executant)
    try:
        yield
    finally:
        LOT.reset(jeton)
