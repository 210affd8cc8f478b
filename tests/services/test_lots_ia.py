"""Enrichment jobs through Anthropic's Message Batches API (JOBS_AI_MODE=batch), with the real
``anthropic`` client on an httpx2 MockTransport (no network), on both databases."""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest
from anthropic import AsyncAnthropic
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider
from sqlalchemy import select

from agents_metiers.agents import prompts
from agents_metiers.agents.llm import Llm
from agents_metiers.agents.redacteur import Redaction
from agents_metiers.config import Settings
from agents_metiers.domain.users import Role
from agents_metiers.errors import ServiceUnavailableError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.jobs.lifecycle import JobCreate, creer_job, executer_item, job_detail
from agents_metiers.services.jobs.lots import avancer_lots
from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import (
    AuditEventRow,
    FicheRow,
    IaUsageRow,
    JobItemRow,
    ValidationReportRow,
)

pytestmark = pytest.mark.anyio
EDITEUR = Auteur(nom="editeur@exemple.fr", acteur="humain", user_id=None, role=Role.EDITEUR)
CODES = ["M1802", "M1805", "M1810"]
LOT = "msgbatch_01"


def _fakes() -> ModuleType:
    path = Path(__file__).parents[1] / "agents" / "fakes.py"
    if "agents_fakes" not in sys.modules:
        spec = importlib.util.spec_from_file_location("agents_fakes", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["agents_fakes"] = module
        spec.loader.exec_module(module)
    return sys.modules["agents_fakes"]


fakes = _fakes()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Fournisseur:
    """The Message Batches endpoints of a fake Anthropic API: one batch, which ends after
    ``polls_avant_fin`` retrievals; answers per fiche code (found in the prompt)."""

    def __init__(self, reponses: dict[str, dict[str, Any]], polls_avant_fin: int = 1) -> None:
        self.reponses = reponses
        self.polls_avant_fin = polls_avant_fin
        self.lots: list[list[dict[str, Any]]] = []
        self.polls = 0

    def _lot(self, statut: str) -> dict[str, Any]:
        return {
            "id": LOT,
            "type": "message_batch",
            "processing_status": statut,
            "request_counts": {
                "processing": 0,
                "succeeded": 0,
                "errored": 0,
                "canceled": 0,
                "expired": 0,
            },
            "created_at": "2026-12-03T10:00:00Z",
            "expires_at": "2026-12-04T10:00:00Z",
            "ended_at": "2026-12-03T11:00:00Z" if statut == "ended" else None,
            "cancel_initiated_at": None,
            "archived_at": None,
            "results_url": f"https://api.anthropic.com/v1/messages/batches/{LOT}/results",
        }

    def _resultats(self) -> str:
        lignes = []
        for requete in self.lots[0]:
            contenu = requete["params"]["messages"][0]["content"]
            code = next(c for c in CODES if f'"code_rome": "{c}"' in contenu)
            lignes.append(
                json.dumps({"custom_id": requete["custom_id"], "result": self.reponses[code]})
            )
        return "\n".join(lignes)

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        chemin = request.url.path
        if request.method == "POST" and chemin == "/v1/messages/batches":
            self.lots.append(json.loads(request.content)["requests"])
            return httpx2.Response(200, json=self._lot("in_progress"))
        if chemin == f"/v1/messages/batches/{LOT}":
            self.polls += 1
            fini = self.polls >= self.polls_avant_fin
            return httpx2.Response(200, json=self._lot("ended" if fini else "in_progress"))
        if chemin == f"/v1/messages/batches/{LOT}/results":
            return httpx2.Response(200, text=self._resultats())
        return httpx2.Response(404, json={"type": "error", "error": {"type": "not_found_error"}})


def _succes(sortie: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "succeeded",
        "message": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-6",
            "content": [
                {"type": "tool_use", "id": "toolu_1", "name": "final_result", "input": sortie}
            ],
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": {"input_tokens": 2000, "output_tokens": 1000},
        },
    }


ERREUR = {"type": "errored", "error": {"type": "error", "error": {"type": "overloaded_error"}}}


@pytest.fixture
def en_lot(db: Runtime, rome_mini: Path) -> Runtime:
    """The mini export imported, JOBS_AI_MODE=batch, standard prices 3 / 15 USD per MTok."""
    reglages = {
        **db.settings.model_dump(),
        "jobs_ai_mode": "batch",
        "jobs_batch_poll_seconds": 0.01,
        "jobs_poll_seconds": 0.01,
        "llm_price_input_per_mtok": Decimal(3),
        "llm_price_output_per_mtok": Decimal(15),
    }
    settings = Settings(**reglages, _env_file=None)
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=settings.download_dir)
    )
    return Runtime(settings=settings, engine=db.engine, sessions=db.sessions)


def _brancher(runtime: Runtime, fournisseur: Fournisseur) -> None:
    http = httpx2.AsyncClient(transport=httpx2.MockTransport(fournisseur))
    client = AsyncAnthropic(api_key="cle-de-test", http_client=http, max_retries=0)
    modele = AnthropicModel(
        "claude-sonnet-4-6", provider=AnthropicProvider(anthropic_client=client)
    )
    runtime.llm = Llm(modele, settings=runtime.settings, model_id="anthropic:claude-sonnet-4-6")


async def _job(runtime: Runtime) -> str:
    with runtime.sessions() as session:
        job = creer_job(runtime, session, JobCreate(type="enrich", codes=CODES), EDITEUR)
        return job.id


async def test_a_batch_job_applies_each_answer_through_the_direct_path_at_half_price(
    en_lot: Runtime,
) -> None:
    mauvaise = {**fakes.REDACTION, "missions_principales": ["   "]}
    fournisseur = Fournisseur(
        {"M1805": _succes(fakes.REDACTION), "M1802": ERREUR, "M1810": _succes(mauvaise)},
        polls_avant_fin=2,
    )
    _brancher(en_lot, fournisseur)
    job_id = await _job(en_lot)
    await EmbeddedWorker(en_lot, concurrency=2).run(until_idle=True)

    [lot] = fournisseur.lots  # one provider batch for the whole job
    assert len(lot) == 3 and fournisseur.polls >= 2
    params = lot[0]["params"]
    assert params["system"] == prompts.REDACTEUR
    assert params["tools"][0]["name"] == "final_result"
    assert params["tool_choice"] == {"type": "tool", "name": "final_result"}
    assert params["tools"][0]["input_schema"] == Redaction.model_json_schema()
    assert '<donnees nom="faits_rome">' in params["messages"][0]["content"]

    with en_lot.sessions() as session:
        detail = job_detail(session, job_id)
        items = {i.code_rome: i for i in detail.items or []}
        assert detail.statut == "done" and (detail.done, detail.failed) == (1, 2)
        assert items["M1805"].statut == "done"
        assert "overloaded_error" in (items["M1802"].error or "")
        assert "ne respecte pas le format d'une fiche" in (items["M1810"].error or "")
        fiche = session.scalars(select(FicheRow).where(FicheRow.code_rome == "M1805")).one()
        assert fiche.description == fakes.REDACTION["description"]
        assert fiche.statut == "enrichi"
        event = session.scalars(
            select(AuditEventRow).where(AuditEventRow.type_evenement == "fiche.enrichie")
        ).one()
        # (3 × 2000 + 15 × 1000) / 1e6 = 0.021 USD standard → 0.0105 at the batch price
        assert event.cout is not None and Decimal(event.cout["cout_usd"]) == Decimal("0.0105")
        assert "50 %" in event.cout["cout_note"]
        usages = list(session.scalars(select(IaUsageRow).where(IaUsageRow.succes.is_(True))))
        assert [u.cout_micro_usd for u in usages if u.code_rome == "M1805"] == [10500]
        m1802 = session.scalars(select(FicheRow).where(FicheRow.code_rome == "M1802")).one()
        assert m1802.statut == "brouillon"


async def test_items_waiting_on_a_batch_are_not_reclaimed_as_stale(en_lot: Runtime) -> None:
    fournisseur = Fournisseur({c: _succes(fakes.REDACTION) for c in CODES}, polls_avant_fin=99)
    _brancher(en_lot, fournisseur)
    job_id = await _job(en_lot)
    premier = EmbeddedWorker(en_lot, concurrency=3)
    premier._register()
    for item_id in premier.claim(3):
        await executer_item(en_lot, item_id)
    await avancer_lots(en_lot)  # submitted, still processing
    premier._unregister()  # the worker that collected them is gone
    EmbeddedWorker(en_lot).beat()  # another worker looks for stale items
    with en_lot.sessions() as session:
        statuts = session.scalars(select(JobItemRow.statut).where(JobItemRow.job_id == job_id))
        assert set(statuts) == {"waiting"}
        assert job_detail(session, job_id, with_items=False).waiting == 3
    assert len(fournisseur.lots) == 1


async def test_a_fiche_changed_while_its_batch_ran_is_not_overwritten(en_lot: Runtime) -> None:
    fournisseur = Fournisseur({c: _succes(fakes.REDACTION) for c in CODES}, polls_avant_fin=2)
    _brancher(en_lot, fournisseur)
    job_id = await _job(en_lot)
    worker = EmbeddedWorker(en_lot, concurrency=3)
    worker._register()
    for item_id in worker.claim(3):
        await executer_item(en_lot, item_id)
    await avancer_lots(en_lot)
    with en_lot.sessions() as session:
        fiche = session.scalars(select(FicheRow).where(FicheRow.code_rome == "M1805")).one()
        fiche.description = "Réécrite par une personne pendant le lot."
        session.commit()
    worker._unregister()
    await EmbeddedWorker(en_lot).run(until_idle=True)
    with en_lot.sessions() as session:
        items = {i.code_rome: i for i in job_detail(session, job_id).items or []}
        assert items["M1805"].statut == "failed"
        assert "modifiée depuis l'envoi du lot" in (items["M1805"].error or "")
        assert items["M1802"].statut == "done"
        fiche = session.scalars(select(FicheRow).where(FicheRow.code_rome == "M1805")).one()
        assert fiche.description == "Réécrite par une personne pendant le lot."


def test_batch_mode_needs_an_anthropic_model(en_lot: Runtime) -> None:
    en_lot.llm = Llm(fakes.scripted(fakes.REDACTION), settings=en_lot.settings)
    with en_lot.sessions() as session, pytest.raises(ServiceUnavailableError, match="anthropic"):
        creer_job(en_lot, session, JobCreate(type="enrich", codes=CODES), EDITEUR)


async def test_a_validation_job_in_batch_mode_persists_each_report(en_lot: Runtime) -> None:
    with en_lot.sessions() as session:
        for fiche in session.scalars(select(FicheRow).where(FicheRow.code_rome.in_(CODES))):
            fiche.statut = "enrichi"
        session.commit()
    fournisseur = Fournisseur({c: _succes(fakes.evaluation()) for c in CODES})
    _brancher(en_lot, fournisseur)
    with en_lot.sessions() as session:
        job = creer_job(en_lot, session, JobCreate(type="validate", codes=CODES), EDITEUR)
        job_id = job.id
    await EmbeddedWorker(en_lot, concurrency=3).run(until_idle=True)
    assert len(fournisseur.lots) == 1
    assert fournisseur.lots[0][0]["params"]["system"] == prompts.VALIDATEUR
    with en_lot.sessions() as session:
        assert job_detail(session, job_id, with_items=False).done == 3
        rapports = list(session.scalars(select(ValidationReportRow)))
        assert len(rapports) == 3 and {r.score for r in rapports} == {80}
        assert {r.cout_micro_usd for r in rapports} == {10500}
        statuts = session.scalars(select(FicheRow.statut).where(FicheRow.code_rome.in_(CODES)))
        assert set(statuts) == {"valide"}
