"""The /fiches page: facet panel (a plain GET form), ``search`` as well as ``q``, the
also-known-as, partial matches and "did you mean" (issue 13), on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio


async def test_the_facet_panel_lists_values_with_counts_and_filters_without_js(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = (await client.get("/fiches")).text
    assert '<select id="f-grand_domaine" name="grand_domaine">' in html
    assert "(3)" in html  # the three published fiches are all in grand domain M
    filtered = (await client.get("/fiches", params={"grand_domaine": "M", "q": ""})).text
    assert "3 fiches trouvées" in filtered
    none = (await client.get("/fiches", params={"grand_domaine": "J"})).text
    assert "0 fiche trouvée" in none  # J fiches exist, none is published


async def test_search_is_accepted_as_well_as_q(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    by_q = (await client.get("/fiches", params={"q": "developpeur"})).text
    by_search = (await client.get("/fiches", params={"search": "developpeur"})).text
    assert "/fiches/M1805" in by_q and "/fiches/M1805" in by_search
    assert "1 fiche trouvée" in by_search and "1 fiche trouvée" in by_q


async def test_an_unknown_facet_value_is_a_sentence_not_a_500(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/fiches", params={"riasec": "X"})
    assert response.status_code == 422
    assert "Valeur inconnue pour la facette « riasec » : « X »." in response.text


async def test_did_you_mean_and_partial_matches_are_shown(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    # two edits from "reseaux": too many for a word of 6 letters to be corrected
    html = (await client.get("/fiches", params={"q": "resaeu"})).text
    assert "Vouliez-vous dire" in html and ">reseaux</a>" in html
    partial = (await client.get("/fiches", params={"q": "developpeur xqzw"})).text
    assert "sans « xqzw »" in partial and "/fiches/M1805" in partial
