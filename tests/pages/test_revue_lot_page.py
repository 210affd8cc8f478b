"""The control centre's « Relire en lot » form (issue 14): a relecteur launches a batch human
review from /actions; editors do not see the form."""

from __future__ import annotations

import httpx2
import pytest

from agents_metiers.services.jobs.workers import EmbeddedWorker
from agents_metiers.services.runtime import Runtime

from .conftest import Login

pytestmark = pytest.mark.anyio


async def test_a_relecteur_reviews_and_publishes_a_domaine_from_the_control_centre(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("relecteur")
    tab = await client.get("/actions", params={"onglet": "enrichir"})
    assert tab.status_code == 200
    assert 'action="/actions/revue"' in tab.text
    assert "Relire en lot" in tab.text

    response = await client.post(
        "/actions/revue",
        data={"csrf_token": token, "statut": "brouillon", "domaine": "j15", "publier": "1"},
    )
    assert response.status_code == 303, response.text
    job_url = response.headers["location"]
    await EmbeddedWorker(imported).run(until_idle=True)
    job_page = await client.get(job_url)
    assert "Relecture en lot" in job_page.text
    assert 'href="/fiches/J1506"' in job_page.text
    assert "Validée et publiée (version 4)." in job_page.text
    assert "action : " not in job_page.text  # the sentence, not the result's keys
    public = (await client.get("/api/fiches", params={"statut": "publiee"})).json()
    assert [f["code_rome"] for f in public["results"]] == ["J1506"]

    empty = await client.post("/actions/revue", data={"csrf_token": token, "statut": ""})
    assert empty.status_code == 422
    assert "Indiquez un statut, un domaine ou des codes ROME à relire." in empty.text
    no_csrf = await client.post("/actions/revue", data={"statut": "brouillon"})
    assert no_csrf.status_code == 403


async def test_editors_do_not_get_the_batch_review_form(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")
    tab = await client.get("/actions", params={"onglet": "enrichir"})
    assert 'action="/actions/revue"' not in tab.text
    refused = await client.post(
        "/actions/revue", data={"csrf_token": token, "statut": "brouillon", "publier": "1"}
    )
    assert refused.status_code == 403
    assert "relecteur" in refused.text
