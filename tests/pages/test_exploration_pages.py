"""Explorer and comparison pages, and the transitions section of the fiche and map pages."""

from __future__ import annotations

from html import unescape

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio


async def test_explorer_page_offers_the_questions_and_the_interests_without_javascript(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    html = unescape((await client.get("/explorer")).text)
    assert 'method="get" action="/explorer"' in html
    assert html.count('type="radio"') == 90
    assert "J'ai le sens du contact" in html


async def test_explorer_page_wording_follows_the_age_band(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    html = unescape((await client.get("/explorer?tranche_age=11-15")).text)
    assert "Réparer un vélo ou un jouet cassé" in html


async def test_answered_explorer_lists_published_fiches_with_reasons(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    query = "&".join(f"q_I{i}=1" for i in range(1, 6))
    response = await client.get(f"/explorer?envoye=1&{query}")
    html = unescape(response.text)
    assert response.status_code == 200
    assert "Vos résultats" in html
    assert "Investigateur (I)" in html
    assert 'name="q_I1" value="1" checked' in html  # the answers stay ticked


async def test_english_explorer_page_asks_and_explains_in_english(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = unescape((await client.get("/explorer?lang=en&tranche_age=11-15")).text)
    assert "Fix a bike or a broken toy" in html
    query = "&".join(f"q_I{i}=1" for i in range(1, 6))
    html = unescape((await client.get(f"/explorer?lang=en&envoye=1&{query}")).text)
    assert "You like Investigative (I)" in html
    assert "Investigative (I) +1.0" in html  # the profile's type names too
    assert "Vous aimez" not in html


async def test_empty_explorer_shows_a_sentence_not_a_list(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/explorer?envoye=1")
    assert response.status_code == 422
    assert "questionnaire est vide" in unescape(response.text)
    assert "Vos résultats" not in unescape(response.text)


async def test_comparison_page_shows_fiches_side_by_side_and_market_unavailable(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/comparer?codes=M1805,M1810")
    html = unescape(response.text)
    assert response.status_code == 200
    assert 'class="comparaison colonnes-2"' in html
    assert "Compétences communes" in html
    # Visitors are told the figures are unavailable, never which setting is missing.
    assert "Données du marché du travail indisponibles." in html
    assert "FRANCE_TRAVAIL" not in html


async def test_comparison_page_refuses_four_codes_with_a_sentence(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/comparer?codes=M1805,M1810,M1802,J1104")
    assert response.status_code == 422
    assert "au plus 3 fiches" in unescape(response.text)


@pytest.mark.parametrize("suffixe", ["", "/carte"])
async def test_fiche_and_map_pages_show_close_occupations_by_skills(
    published: Runtime, client: httpx2.AsyncClient, suffixe: str
) -> None:
    html = unescape((await client.get(f"/fiches/M1805{suffixe}")).text)
    assert "Métiers proches par les compétences" in html
    assert 'href="/fiches/M1810"' in html
    assert "/comparer?codes=M1805," in html
