"""The JSON API through the real ASGI app: reference paths, shapes and French errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]

CODES = ["J1104", "J1124", "J1506", "M1802", "M1805", "M1810"]


async def test_health_is_ok_when_the_database_answers(client: httpx2.AsyncClient) -> None:
    response = await client.get("/health")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_stats_counts_the_imported_fiches(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    response = await client.get("/api/stats")
    body = response.json()
    assert response.status_code == 200
    assert {k: body[k] for k in ("total", "brouillons", "enrichis", "valides", "publiees")} == {
        "total": 6,
        "brouillons": 6,
        "enrichis": 0,
        "valides": 0,
        "publiees": 0,
    }
    assert body["rome_version"] == 60


async def test_list_returns_the_requested_page(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.get("/api/fiches", headers=editor, params={"limit": 2, "offset": 2})
    body = response.json()
    assert response.status_code == 200
    assert {k: body[k] for k in ("total", "limit", "offset")} == {
        "total": 6,
        "limit": 2,
        "offset": 2,
    }
    assert [fiche["code_rome"] for fiche in body["results"]] == CODES[2:4]


async def test_list_filters_by_statut(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    brouillons = (
        await client.get("/api/fiches", headers=editor, params={"statut": "brouillon"})
    ).json()
    publiees = (
        await client.get("/api/fiches", headers=editor, params={"statut": "publiee"})
    ).json()
    assert (brouillons["total"], len(brouillons["results"])) == (6, 6)
    assert (publiees["total"], publiees["results"]) == (0, [])


async def test_search_puts_the_best_name_match_first(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.get("/api/fiches", headers=editor, params={"search": "développeur"})
    body = response.json()
    assert response.status_code == 200
    assert body["results"][0]["code_rome"] == "M1805"
    assert body["total"] == len(body["results"])


async def test_invalid_statut_is_refused_in_french(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/fiches", params={"statut": "archivee"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Statut invalide : « archivee ».")


async def test_invalid_statut_is_refused_in_a_search_too(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/fiches", params={"statut": "archivee", "search": "dev"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Statut invalide : « archivee ».")


async def test_limit_above_500_is_refused(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/fiches", params={"limit": 501})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "Paramètre « limit » invalide : il doit valoir au plus 500."
    }


async def test_fiche_detail_keeps_the_reference_keys(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.get("/api/fiches/M1805", headers=editor)
    fiche = response.json()
    assert response.status_code == 200
    assert fiche["code_rome"] == "M1805"
    assert fiche["competences"] and all(isinstance(c, str) for c in fiche["competences"])
    assert fiche["mobilite"]["metiers_proches"][0]["code_rome"] == "M1802"
    assert fiche["salaires"]["junior"]["median"] is None


async def test_fiche_code_is_case_insensitive(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.get("/api/fiches/m1805", headers=editor)
    assert (response.status_code, response.json()["code_rome"]) == (200, "M1805")


async def test_unknown_fiche_is_404(client: httpx2.AsyncClient, imported: Runtime) -> None:
    response = await client.get("/api/fiches/Z9999")
    assert (response.status_code, response.json()) == (404, {"detail": "Fiche Z9999 non trouvée."})


async def test_invalid_code_is_refused_in_french(client: httpx2.AsyncClient) -> None:
    response = await client.get("/api/fiches/abc")
    assert response.status_code == 422
    assert response.json()["detail"].startswith("« abc » n'est pas un code ROME valide.")


async def test_openapi_lists_the_public_paths(client: httpx2.AsyncClient) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    assert {"/health", "/api/stats", "/api/fiches", "/api/fiches/{code_rome}"} <= set(
        response.json()["paths"]
    )


async def test_every_datetime_the_api_sends_carries_its_timezone(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    fiche = (await client.get("/api/fiches/M1805", headers=editor)).json()
    listing = (await client.get("/api/fiches?limit=1", headers=editor)).json()
    logs = (await client.get("/api/audit-logs", headers=auth_headers("admin"))).json()
    moments = [fiche["date_creation"], fiche["date_maj"], listing["results"][0]["date_maj"]]
    moments += [log["timestamp"] for log in logs["logs"]]
    for moment in moments:
        assert datetime.fromisoformat(moment).tzinfo is not None, moment
