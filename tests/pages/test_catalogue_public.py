"""The public catalogue: no internal columns, French plurals, ``q`` and ``search`` alike."""

from __future__ import annotations

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

from .conftest import Login

pytestmark = pytest.mark.anyio


async def test_the_public_list_has_no_status_or_completeness_columns(
    published: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    public = (await client.get("/fiches")).text
    assert "3 fiches trouvées" in public
    assert "Complétude" not in public and 'id="statut"' not in public
    assert "statut-publiee" not in public  # no status badge in the rows
    await login("editeur")
    equipe = (await client.get("/fiches")).text
    assert "Complétude" in equipe and 'id="statut"' in equipe
    # Each status is offered once, by its accented label.
    assert equipe.count(">Publiée</option>") == 1 and equipe.count(">Validée</option>") == 1


async def test_counts_agree_with_their_number(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    assert "1 fiche trouvée" in (await client.get("/fiches", params={"q": "M1805"})).text
    assert "0 fiche trouvée" in (await client.get("/fiches", params={"q": "zzzzzz"})).text
    anglais = (await client.get("/fiches", params={"q": "zzzzzz", "lang": "en"})).text
    assert "0 sheets found" in anglais


async def test_the_api_reads_q_as_well_as_search(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    by_search = (await client.get("/api/fiches", params={"search": "developpeur"})).json()
    by_q = (await client.get("/api/fiches", params={"q": "developpeur"})).json()
    assert by_q["total"] == by_search["total"] >= 1
    assert [f["code_rome"] for f in by_q["results"]] == [
        f["code_rome"] for f in by_search["results"]
    ]
