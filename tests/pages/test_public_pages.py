"""Public pages through the real app: home, catalogue, fiche, career map, market fragment,
dashboard, guide, error pages, SEO and the published-only rule."""

from __future__ import annotations

import json
import re
from html import unescape

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

SECTIONS_M1805 = ("infos", "profil", "competences", "domaine", "contextes", "statistiques",
                  "services", "mobilite")  # fmt: skip


async def test_home_is_html_with_key_figures_computed_from_the_data(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    figures = re.findall(
        r'<article class="chiffre"><strong>([^<]+)</strong><span>([^<]+)<', response.text
    )
    assert ("6", "fiches métiers") in figures  # the six fiches of the mini export
    assert ("0", "fiches publiées") in figures
    assert "version 60" in response.text


async def test_the_json_index_moved_to_api(client: httpx2.AsyncClient) -> None:
    assert (await client.get("/api")).json()["endpoints"]["openapi"] == "/openapi.json"


async def test_autocomplete_suggests_published_fiches_by_any_name_form(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = (await client.get("/recherche/suggestions", params={"q": "developpeuse"})).text
    assert 'href="/fiches/M1805"' in html
    none = (await client.get("/recherche/suggestions", params={"q": "infirmiere"})).text
    assert "/fiches/J1506" not in none  # not published: the public does not see it
    assert "Aucun métier ne correspond" in none


async def test_catalogue_shows_the_public_only_published_fiches(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = (await client.get("/fiches")).text
    assert "3 fiches trouvées" in html
    assert "/fiches/M1805" in html and "/fiches/J1104" not in html


async def test_catalogue_search_is_ranked_and_an_htmx_request_gets_only_the_results(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get(
        "/fiches", params={"q": "informatique"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="resultats"')
    assert "classées par pertinence" in response.text
    assert "<html" not in response.text


async def test_catalogue_sorts_by_name_descending(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = (await client.get("/fiches", params={"tri": "-nom_epicene"})).text
    codes = re.findall(r'<td><span class="code">(\w\d{4})</span>', html)
    assert codes == ["M1810", "M1802", "M1805"]  # Technicien, Expert, Développeur


async def test_public_fiche_page_has_every_non_empty_section_seo_and_json_ld(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/fiches/M1805")
    html = response.text
    assert response.status_code == 200
    for section in SECTIONS_M1805:
        assert f'<section id="{section}"' in html, section
        assert f'href="#{section}"' in html  # the sticky navigation lists it
    assert '<section id="sites"' not in html and '<section id="parcours"' not in html  # empty
    assert "<title>Développeur ou développeuse informatique (M1805)" in html
    assert '<meta name="description" content="' in html
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["@type"] == "Occupation" and data["occupationalCategory"]["codeValue"] == "M1805"
    assert "Référentiel ROME v60" in html  # provenance badge
    assert "/api/fiches/M1805/pdf" in html


async def test_unpublished_fiche_is_a_404_page_for_the_public(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/fiches/M1805")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "Fiche M1805 non trouvée." in response.text


@pytest.mark.parametrize(
    ("path", "status", "sentence"),
    [
        ("/nulle-part", 404, "Cette page n'existe pas."),
        ("/fiches/XX", 422, "n'est pas un code ROME valide"),
        ("/fiches?p=abc", 422, "Paramètre « p » invalide"),
    ],
)
async def test_errors_are_pages_with_a_sentence(
    client: httpx2.AsyncClient, path: str, status: int, sentence: str
) -> None:
    response = await client.get(path)
    assert response.status_code == status
    assert sentence in unescape(response.text)
    assert "Traceback" not in response.text and "<html" in response.text


async def test_api_errors_stay_json(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/fiches/XX")
    assert response.status_code == 422 and "detail" in response.json()


async def test_career_map_page_links_to_the_target_fiches(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = (await client.get("/fiches/M1805/carte")).text
    assert 'href="/fiches/M1802"' in html and 'href="/fiches/M1810"' in html
    assert "<svg" in html  # the server-drawn map


async def test_market_fragment_says_unavailable_without_sources(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get(
        "/fiches/M1805/marche", params={"region": "53"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="marche"')
    assert "Région : Bretagne" in response.text
    # regional, months, offers, apprenticeship; a visitor is never told which setting is missing
    assert response.text.count("Données du marché du travail indisponibles.") == 4
    assert "FRANCE_TRAVAIL" not in response.text and "API_ALTERNANCE" not in response.text


async def test_an_unknown_region_is_refused_with_a_sentence(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/fiches/M1805", params={"region": "99"})
    assert response.status_code == 422 and "Région inconnue" in response.text


async def test_dashboard_counts_statuses_and_hides_activity_from_the_public(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    html = (await client.get("/dashboard")).text
    assert "50 % des fiches ont dépassé le stade du brouillon." in html
    assert "réservée aux comptes de l'équipe éditoriale" in unescape(html)
    assert "fiche.publiee" not in html


async def test_guide_and_login_pages_render(client: httpx2.AsyncClient) -> None:
    assert "Questions fréquentes" in (await client.get("/guide")).text
    login = await client.get("/login")
    assert 'name="csrf_token"' in login.text and client.cookies.get("csrf_token")


async def test_english_interface_is_chosen_with_lang_and_kept_in_a_cookie(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.get("/fiches/M1805", params={"lang": "en"})
    assert '<html lang="en"' in response.text and "Key information" in response.text
    assert "lang=en" in response.headers["set-cookie"]
    again = await client.get("/guide")
    assert "Frequently asked questions" in again.text


EXTERNAL_RESOURCE = re.compile(
    r'<(?:script|img|iframe|source|video|audio)[^>]+src="(?:https?:)?//|'
    r'<link(?![^>]*rel="canonical")[^>]+href="(?:https?:)?//|url\((?:["\']?)(?:https?:)?//'
)


async def test_no_page_loads_a_resource_from_another_site(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    """Links to other sites are fine; scripts, styles, images and fonts are all local."""
    paths = ["/", "/fiches", "/fiches/M1805", "/fiches/M1805/carte", "/fiches/M1805/marche",
             "/dashboard", "/guide", "/login", "/absent"]  # fmt: skip
    for path in paths:
        html = (await client.get(path)).text
        assert not EXTERNAL_RESOURCE.search(html), path
        assert 'style="' not in html and "<style" not in html, path  # CSP: no inline style
        scripts = re.findall(r"<script(?![^>]*application/ld\+json)([^>]*)>", html)
        assert all('src="/static/' in s for s in scripts), path  # CSP: no inline script


async def test_an_unknown_trend_is_not_printed_on_the_page(
    published: Runtime, client: httpx2.AsyncClient
) -> None:
    # The mini export has no trend: the API says « inconnue », the page says nothing.
    api = (await client.get("/api/fiches/M1805")).json()
    assert api["perspectives"]["tendance"] == "inconnue"
    html = unescape((await client.get("/fiches/M1805")).text)
    assert "inconnue" not in html.lower()
