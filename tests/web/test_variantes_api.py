"""Variants over HTTP: generation with a fake model, per-variant results, review (FALC
relecture), public visibility, staleness, deletion — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx2
import pydantic_ai.models
import pytest
from pydantic_ai import ModelResponse, ToolCallPart
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.messages import ModelMessage, ModelRequest, UserPromptPart
from pydantic_ai.models.function import AgentInfo, FunctionModel
from sqlalchemy import func, select

from agents_metiers.agents.llm import Llm
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import AuditEventRow, VarianteRow

pydantic_ai.models.ALLOW_MODEL_REQUESTS = False
pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"
GEN = f"/api/fiches/{CODE}/variantes/generate"
AXES = ("langue", "tranche_age", "format_contenu", "genre")


def _prompt(messages: list[ModelMessage]) -> str:
    first = messages[0]
    assert isinstance(first, ModelRequest)
    return next(str(p.content) for p in first.parts if isinstance(p, UserPromptPart))


def _answer(prompt: str) -> dict[str, Any]:
    motif = r"langue=(\S+) .*?tranche_age=(\S+) .*?format_contenu=(\S+) .*?genre=(\S+) "
    bloc = prompt.split('<donnees nom="fiche_source">', 1)[1].rsplit("</donnees>", 1)[0]
    textes = json.loads(bloc)["textes"]
    variantes = []
    for m in re.findall(motif, prompt):
        d = dict(zip(AXES, m, strict=True))
        court = {
            k: "Il crée des logiciels. Il aide les gens."
            if isinstance(v, str)
            else ["Il code."] * len(v)
            for k, v in textes.items()
        }
        variantes.append({**d, "nom": f"Nom IA {d['genre']}", "textes": court})
    return {"variantes": variantes}


def _model(fail_langues: tuple[str, ...] = ()) -> FunctionModel:
    def fonction(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        prompt = _prompt(messages)
        if any(f"langue={langue} " in prompt for langue in fail_langues):
            raise ModelHTTPError(status_code=500, model_name="fonction", body="panne")
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, _answer(prompt))])

    return FunctionModel(fonction)


@pytest.fixture
def with_ai(imported: Runtime) -> Runtime:
    imported.llm = Llm(_model(), settings=imported.settings, model_id="function")
    return imported


async def _generate(
    client: httpx2.AsyncClient, headers: dict[str, str], body: Any
) -> httpx2.Response:
    return await client.post(GEN, headers=headers, json=body)


def _count(runtime: Runtime) -> int:
    with runtime.sessions() as session:
        return session.scalar(select(func.count()).select_from(VarianteRow)) or 0


async def test_without_ai_generation_is_a_503_and_changes_nothing(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await _generate(client, auth_headers("editeur"), {"langues": ["fr"]})
    assert response.status_code == 503
    assert "IA" in response.json()["detail"]
    assert _count(imported) == 0


async def test_reference_defaults_generate_twelve_variants_with_metrics(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    response = await _generate(client, auth_headers("editeur"), None)
    body = response.json()
    assert response.status_code == 200, body
    assert (body["variantes_generees"], body["echecs"], body["message"]) == (
        12,
        0,
        "12 variantes générées",
    )
    assert _count(with_ai) == 12
    with with_ai.sessions() as session:
        row = session.scalars(
            select(VarianteRow).where(VarianteRow.format_contenu == "falc")
        ).first()
        assert row is not None and row.metriques_lisibilite is not None
        assert row.metriques_lisibilite["limite_mots"] == 15
        assert row.metriques_lisibilite["conforme"] is True
        assert row.statut == "genere"


async def test_french_variants_keep_the_rome_gendered_names(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    body = {"langues": ["fr"], "formats": ["standard"], "genres": ["feminin", "epicene"]}
    assert (await _generate(client, auth_headers("editeur"), body)).status_code == 200
    with with_ai.sessions() as session:
        noms = {r.genre: r.nom for r in session.scalars(select(VarianteRow))}
    assert noms == {
        "feminin": "Développeuse informatique",
        "epicene": "Développeur ou développeuse informatique",
    }


async def test_an_unknown_language_is_a_422_sentence(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    response = await _generate(client, auth_headers("editeur"), {"langues": ["pt"]})
    assert response.status_code == 422
    assert "pt" in response.json()["detail"]


async def test_a_failed_chunk_is_reported_per_variant_and_the_rest_is_saved(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    with_ai.llm = Llm(_model(fail_langues=("de",)), settings=with_ai.settings, model_id="function")
    body = {"langues": ["fr", "de"], "formats": ["standard"], "genres": ["masculin"]}
    result = (await _generate(client, auth_headers("editeur"), body)).json()
    statuts = {r["langue"]: (r["statut"], r["erreur"]) for r in result["resultats"]}
    assert statuts["fr"] == ("ok", None)
    assert statuts["de"][0] == "echec" and "erreur" in statuts["de"][1]
    assert _count(with_ai) == 1
    with with_ai.sessions() as session:
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.type_evenement == "variantes.generees")
        ).one()
        assert event.acteur == "ia" and event.cout is not None


async def test_when_every_call_fails_it_is_a_503_and_nothing_is_written(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    with_ai.llm = Llm(_model(fail_langues=("fr",)), settings=with_ai.settings, model_id="function")
    response = await _generate(client, auth_headers("editeur"), {"langues": ["fr"]})
    assert response.status_code == 503
    assert _count(with_ai) == 0


async def test_a_reader_cannot_generate(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    assert (await _generate(client, auth_headers("lecteur"), None)).status_code == 403


async def _one_variant(
    client: httpx2.AsyncClient, headers: dict[str, str], format_contenu: str
) -> int:
    body = {
        "combinaisons": [
            {
                "langue": "fr",
                "tranche_age": "11-15",
                "format_contenu": format_contenu,
                "genre": "epicene",
            }
        ]
    }
    result = (await _generate(client, headers, body)).json()
    return int(result["resultats"][0]["id"])


async def _publish_fiche(
    client: httpx2.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
) -> None:
    assert (await client.post(f"/api/fiches/{CODE}/submit", headers=editor)).status_code == 200
    await client.post(f"/api/fiches/{CODE}/review", headers=reviewer, json={"decision": "validate"})
    assert (await client.post(f"/api/fiches/{CODE}/publish", headers=reviewer)).status_code == 200


async def test_a_falc_variant_needs_the_relecture_falc_before_it_is_public(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await _publish_fiche(client, editor, reviewer)
    vid = await _one_variant(client, editor, "falc")
    public = f"/api/fiches/{CODE}/variantes/{vid}"
    assert (await client.get(public)).status_code == 404
    review = f"/api/fiches/{CODE}/variantes/{vid}/review"
    refused = await client.post(review, headers=reviewer, json={"decision": "approve"})
    assert refused.status_code == 409 and "FALC" in refused.json()["detail"]
    ok = await client.post(
        review, headers=reviewer, json={"decision": "approve", "relecture_falc": True}
    )
    assert (ok.status_code, ok.json()["statut"], ok.json()["relecture_falc"]) == (
        200,
        "relue",
        True,
    )
    assert (await client.get(public)).status_code == 200
    listing = (await client.get(f"/api/fiches/{CODE}/variantes")).json()
    assert [v["id"] for v in listing["variantes"]] == [vid]


async def test_an_editor_cannot_review_and_a_rejected_variant_stays_private(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await _publish_fiche(client, editor, reviewer)
    vid = await _one_variant(client, editor, "standard")
    review = f"/api/fiches/{CODE}/variantes/{vid}/review"
    assert (
        await client.post(review, headers=editor, json={"decision": "approve"})
    ).status_code == 403
    rejected = await client.post(
        review, headers=reviewer, json={"decision": "reject", "commentaire": "Trop long"}
    )
    assert rejected.json()["statut"] == "rejetee"
    assert (await client.get(f"/api/fiches/{CODE}/variantes/{vid}")).status_code == 404


async def test_a_variant_goes_stale_when_its_fiche_changes_and_cannot_be_approved(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    vid = await _one_variant(client, editor, "standard")
    patch = await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description_courte": "Nouveau résumé."}
    )
    assert patch.status_code == 200, patch.text
    detail = (await client.get(f"/api/fiches/{CODE}/variantes/{vid}", headers=editor)).json()
    assert detail["perimee"] is True
    response = await client.post(
        f"/api/fiches/{CODE}/variantes/{vid}/review", headers=reviewer, json={"decision": "approve"}
    )
    assert response.status_code == 409 and "périmée" in response.json()["detail"]


async def test_workflow_transitions_do_not_make_a_variant_stale_a_text_edit_does(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    vid = await _one_variant(client, editor, "falc")
    await _publish_fiche(client, editor, reviewer)  # submit, validate, publish: 3 versions
    detail = f"/api/fiches/{CODE}/variantes/{vid}"
    assert (await client.get(detail, headers=editor)).json()["perimee"] is False
    approved = await client.post(
        f"{detail}/review", headers=reviewer, json={"decision": "approve", "relecture_falc": True}
    )
    assert approved.status_code == 200, approved.text
    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Autre texte."})
    assert (await client.get(detail, headers=editor)).json()["perimee"] is True
    listing = (await client.get(f"/api/fiches/{CODE}/variantes", headers=editor)).json()
    assert [v["perimee"] for v in listing["variantes"]] == [True]


async def test_regenerating_a_reviewed_variant_resets_its_review(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    vid = await _one_variant(client, editor, "standard")
    await client.post(
        f"/api/fiches/{CODE}/variantes/{vid}/review", headers=reviewer, json={"decision": "approve"}
    )
    assert await _one_variant(client, editor, "standard") == vid
    detail = (await client.get(f"/api/fiches/{CODE}/variantes/{vid}", headers=editor)).json()
    assert (detail["statut"], detail["version"]) == ("genere", 2)


async def test_deleting_a_variant(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    vid = await _one_variant(client, editor, "standard")
    path = f"/api/fiches/{CODE}/variantes/{vid}"
    assert (await client.delete(path, headers=auth_headers("lecteur"))).status_code == 403
    assert (await client.delete(path, headers=editor)).status_code == 200
    assert (await client.get(path, headers=editor)).status_code == 404


# --- Correcteur de langue -------------------------------------------------------------------


async def _edit_description(client: httpx2.AsyncClient, editor: dict[str, str]) -> None:
    body = {"description": 'Il faut être rigoureux! Il dit "bonjour"...'}
    assert (await client.patch(f"/api/fiches/{CODE}", headers=editor, json=body)).status_code == 200


async def test_the_language_checker_proposes_without_changing_the_fiche(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    imported.settings = imported.settings.model_copy(update={"grammalecte_cli": ""})
    editor = auth_headers("editeur")
    await _edit_description(client, editor)
    version = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()["version"]
    result = (await client.post(f"/api/fiches/{CODE}/langue", headers=editor, json={})).json()
    assert (result["moteur"], result["orthographe_verifiee"], result["appliquee"]) == (
        "typographie",
        False,
        False,
    )
    assert "non vérifiées" in result["message"]
    assert {c["champ"] for c in result["corrections"]} == {"description"}
    assert (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()["version"] == version


async def test_applied_corrections_make_one_new_revision(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    imported.settings = imported.settings.model_copy(update={"grammalecte_cli": ""})
    editor = auth_headers("editeur")
    await _edit_description(client, editor)
    before = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    result = await client.post(
        f"/api/fiches/{CODE}/langue", headers=editor, json={"appliquer": True}
    )
    assert (result.status_code, result.json()["champs_modifies"]) == (200, ["description"])
    after = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert after["version"] == before["version"] + 1
    assert after["description"] == "Il faut être rigoureux\u00a0! Il dit «\u00a0bonjour\u00a0»…"
    assert after["statut"] == before["statut"]


async def test_asking_the_ai_checker_without_ai_is_a_503(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.post(
        f"/api/fiches/{CODE}/langue", headers=editor, json={"moteur": "ia"}
    )
    assert response.status_code == 503
    assert (await client.post(f"/api/fiches/{CODE}/langue", json={})).status_code == 401


def _model_vide_pour(langue: str) -> FunctionModel:
    """Valid answers, except that the variants in ``langue`` have blank list items."""

    def fonction(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        prompt = _prompt(messages)
        answer = _answer(prompt)
        for variante in answer["variantes"]:
            if variante["langue"] == langue:
                textes = variante["textes"]
                variante["textes"] = {
                    k: ["   "] * len(v) if isinstance(v, list) else v for k, v in textes.items()
                }
        return ModelResponse(parts=[ToolCallPart(info.output_tools[0].name, answer)])

    return FunctionModel(fonction)


async def test_a_variant_that_fails_the_edit_schema_is_a_failed_item_not_stored(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    with_ai.llm = Llm(_model_vide_pour("en"), settings=with_ai.settings, model_id="function")
    body = {"langues": ["fr", "en"], "formats": ["standard"], "genres": ["masculin"]}
    response = await _generate(client, auth_headers("editeur"), body)
    assert response.status_code == 200, response.text
    statuts = {r["langue"]: (r["statut"], r["erreur"]) for r in response.json()["resultats"]}
    assert statuts["fr"] == ("ok", None)
    assert statuts["en"][0] == "echec"
    assert "ne respecte pas le format d'une fiche" in statuts["en"][1]
    assert "texte vide" in statuts["en"][1]
    with with_ai.sessions() as session:
        assert [r.langue for r in session.scalars(select(VarianteRow))] == ["fr"]


async def test_when_every_variant_fails_the_schema_it_is_a_503_with_the_reason(
    client: httpx2.AsyncClient, with_ai: Runtime, auth_headers: Headers
) -> None:
    with_ai.llm = Llm(_model_vide_pour("fr"), settings=with_ai.settings, model_id="function")
    response = await _generate(client, auth_headers("editeur"), {"langues": ["fr"]})
    assert response.status_code == 503
    assert "ne respecte pas le format d'une fiche" in response.json()["detail"]
    assert _count(with_ai) == 0
