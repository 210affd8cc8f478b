"""The variants agent with pydantic-ai test models: valid output, invalid then valid output,
provider errors, timeouts — never a real model call."""

from __future__ import annotations

import asyncio
from types import ModuleType
from typing import Any

import pydantic_ai.models
import pytest
from pydantic_ai import ModelResponse
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.messages import ModelMessage
from pydantic_ai.models.function import AgentInfo, FunctionModel
from pydantic_ai.models.test import TestModel

from agents_metiers.agents.llm import Llm
from agents_metiers.agents.variantes import generer, modele_sortie
from agents_metiers.config import Settings
from agents_metiers.domain.noms import NomsGenres
from agents_metiers.domain.variantes import Combinaison
from agents_metiers.errors import ServiceUnavailableError

pydantic_ai.models.ALLOW_MODEL_REQUESTS = False
pytestmark = pytest.mark.anyio

NOMS = NomsGenres(
    "Développeur informatique",
    "Développeuse informatique",
    "Développeur ou développeuse informatique",
)
TEXTES: dict[str, str | list[str]] = {
    "description": "Conçoit des logiciels.",
    "competences": ["Développer une application", "Tester un logiciel"],
}
EN = [Combinaison("en", "18+", "standard", g) for g in ("masculin", "feminin")]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _settings(**kw: Any) -> Settings:
    return Settings(environment="test", _env_file=None, **kw)  # type: ignore[call-arg]


async def test_every_requested_combination_comes_back_with_every_field(fakes: ModuleType) -> None:
    llm = Llm(fakes.repondre(lambda p, _n: fakes.adapter(p)), settings=_settings())
    generation = await generer(llm, textes=TEXTES, noms=NOMS, combinaisons=EN)
    assert sorted(v.combinaison for v in generation.variantes) == sorted(EN)
    variante = generation.variantes[0]
    assert variante.textes["competences"] == [
        "[en] Développer une application",
        "[en] Tester un logiciel",
    ]
    assert generation.usage.requetes == 1


async def test_an_answer_missing_a_list_item_is_asked_again_then_accepted(
    fakes: ModuleType,
) -> None:
    model = fakes.repondre(lambda p, n: fakes.adapter(p, oublier_item=n == 1))
    llm = Llm(model, settings=_settings())
    generation = await generer(llm, textes=TEXTES, noms=NOMS, combinaisons=EN)
    assert generation.usage.requetes == 2
    assert all(len(v.textes["competences"]) == 2 for v in generation.variantes)


async def test_an_answer_with_a_duplicated_combination_is_refused_every_time(
    fakes: ModuleType,
) -> None:
    def doublon(prompt: str, _n: int) -> dict[str, Any]:
        reponse = fakes.adapter(prompt)
        reponse["variantes"][1] = reponse["variantes"][0]
        return reponse

    llm = Llm(fakes.repondre(doublon), settings=_settings(llm_output_retries=1))
    with pytest.raises(ServiceUnavailableError, match="invalide après 2 essais"):
        await generer(llm, textes=TEXTES, noms=NOMS, combinaisons=EN)


async def test_a_provider_error_is_a_503_sentence() -> None:
    def panne(_messages: list[ModelMessage], _info: AgentInfo) -> ModelResponse:
        raise ModelHTTPError(status_code=500, model_name="fonction", body="boom")

    llm = Llm(FunctionModel(panne), settings=_settings())
    with pytest.raises(ServiceUnavailableError, match="erreur"):
        await generer(llm, textes=TEXTES, noms=NOMS, combinaisons=EN)


async def test_a_slow_provider_times_out_with_a_503_sentence() -> None:
    async def lent(_messages: list[ModelMessage], _info: AgentInfo) -> ModelResponse:
        await asyncio.sleep(5)
        raise AssertionError("jamais atteint")

    llm = Llm(FunctionModel(lent), settings=_settings(llm_timeout_seconds=0.05))
    with pytest.raises(ServiceUnavailableError, match="délai"):
        await generer(llm, textes=TEXTES, noms=NOMS, combinaisons=EN)


def test_the_output_type_requires_every_field_with_the_same_item_count() -> None:
    sortie = modele_sortie(TEXTES, EN[:1])
    valide = {
        "variantes": [
            {
                **EN[0].cle(),
                "nom": "Developer",
                "textes": {"description": "x", "competences": ["a", "b"]},
            }
        ]
    }
    sortie.model_validate(valide)
    valide["variantes"][0]["textes"] = {"description": "x", "competences": ["a"]}
    with pytest.raises(ValueError, match="competences"):
        sortie.model_validate(valide)


async def test_the_library_test_model_fills_the_schema_it_is_given() -> None:
    # TestModel answers from the JSON schema alone: with one combination per call and one
    # text field its answer is valid, which shows the schema itself carries the constraints.
    llm = Llm(TestModel(), settings=_settings())
    combinaison = [Combinaison("de", "11-15", "falc", "epicene")]
    generation = await generer(
        llm, textes={"description": "Texte."}, noms=NOMS, combinaisons=combinaison
    )
    assert [v.combinaison for v in generation.variantes] == combinaison
