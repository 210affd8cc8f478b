"""Correcteur de langue: typography rules, Grammalecte offline (skipped when absent), the AI
checker with test models, and the service's proposal / application."""

from __future__ import annotations

from typing import Any

import pydantic_ai.models
import pytest
from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.messages import ModelMessage
from pydantic_ai.models.function import AgentInfo, FunctionModel

from agents_metiers.agents.langue import grammalecte, verifier_hors_ligne, verifier_ia
from agents_metiers.agents.llm import Llm
from agents_metiers.config import Settings
from agents_metiers.domain.typographie import NBSP, corriger_typographie
from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.ia.langue import Segment, _appliquer_constats, segments

pydantic_ai.models.ALLOW_MODEL_REQUESTS = False
pytestmark = pytest.mark.anyio
SANS_GRAMMALECTE = pytest.mark.skipif(
    grammalecte("grammalecte-cli") is None,
    reason="grammalecte-cli absent : apt-get install -y grammalecte-cli (correcteur hors ligne)",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _settings(**kw: Any) -> Settings:
    return Settings(environment="test", _env_file=None, **kw)  # type: ignore[call-arg]


def test_high_punctuation_gets_a_non_breaking_space() -> None:
    texte, corrections = corriger_typographie("Soyez rigoureux! Prêt ? Attention: danger;")
    assert texte == f"Soyez rigoureux{NBSP}! Prêt{NBSP}? Attention{NBSP}: danger{NBSP};"
    assert corrections and corrections[0].avant.startswith("Soyez rigoureux!")


def test_quotes_ellipsis_and_apostrophes_are_french() -> None:
    texte, _ = corriger_typographie('L\'agent dit "bonjour"...')
    assert texte == f"L’agent dit «{NBSP}bonjour{NBSP}»…"


def test_times_urls_and_correct_text_are_left_alone() -> None:
    for texte in ("De 8:30 à 17:00 sur https://exemple.fr?a=1", f"Déjà correct{NBSP}!"):
        assert corriger_typographie(texte) == (texte, [])


def test_fragments_and_offsets_are_applied_once_each() -> None:
    from agents_metiers.agents.langue import Constat

    constats = [
        Constat(0, "logiciel", "logiciels", "grammaire", "", "grammalecte", 27, 35),
        Constat(0, "Le", "Ce", "grammaire", "", "ia"),
        Constat(0, "inconnu", None, "orthographe", "", "grammalecte", 0, 2),
    ]
    texte = _appliquer_constats("Le développeur conçoit des logiciel.", constats)
    assert texte == "Ce développeur conçoit des logiciels."


def test_rome_stamped_fields_are_not_checked() -> None:
    contenu = {
        "description": "Texte ROME.",
        "missions_principales": ["Rédige des documents", {"libelle": "Teste"}],
        "provenance": {"description": {"source": "rome"}, "missions_principales": {"source": "ia"}},
    }
    assert segments(contenu) == [
        Segment("missions_principales", 0, "Rédige des documents"),
        Segment("missions_principales", 1, "Teste"),
    ]


@SANS_GRAMMALECTE
async def test_grammalecte_finds_an_agreement_error_and_lists_unknown_words() -> None:
    constats = await verifier_hors_ligne(
        ["Le développeur conçoit des logiciel.", "Il maîtrise le framwork."],
        commande="grammalecte-cli",
        timeout=30,
    )
    accord = next(c for c in constats if c.type == "grammaire")
    assert (accord.segment, accord.avant, accord.apres) == (0, "logiciel", "logiciels")
    inconnu = next(c for c in constats if c.type == "orthographe")
    assert (inconnu.segment, inconnu.avant, inconnu.apres) == (1, "framwork", None)


async def test_a_missing_offline_checker_is_a_503_sentence() -> None:
    with pytest.raises(ServiceUnavailableError, match="pas installé"):
        await verifier_hors_ligne(["x"], commande="commande-introuvable-xyz", timeout=5)


def _ia(corrections: list[dict[str, Any]], *, invalide_d_abord: bool = False) -> FunctionModel:
    appels = {"n": 0}

    def fonction(_messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        appels["n"] += 1
        args: dict[str, Any] = {"corrections": corrections}
        if invalide_d_abord and appels["n"] == 1:
            args = {"corrections": [{"segment": -1, "original": "", "type": "autre"}]}
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, args)])

    return FunctionModel(fonction)


async def test_ai_corrections_are_kept_only_when_the_fragment_exists() -> None:
    corrections = [
        {"segment": 0, "original": "travail", "corrige": "travaille", "type": "grammaire"},
        {"segment": 0, "original": "absent", "corrige": "x", "type": "orthographe"},
    ]
    llm = Llm(_ia(corrections, invalide_d_abord=True), settings=_settings())
    constats, resultat = await verifier_ia(llm, ["Il travail en équipe."])
    assert [(c.avant, c.apres) for c in constats] == [("travail", "travaille")]
    assert resultat.usage.requetes == 2  # the invalid first answer was asked again


async def test_an_ai_provider_error_is_a_503() -> None:
    def panne(_m: list[ModelMessage], _i: AgentInfo) -> ModelResponse:
        raise ModelHTTPError(status_code=529, model_name="f", body="overloaded")

    with pytest.raises(ServiceUnavailableError):
        await verifier_ia(Llm(FunctionModel(panne), settings=_settings()), ["Texte."])
