"""Market API answers to callers outside the editorial team never name a setting: visitors
read « Données du marché du travail indisponibles. », the team reads what to configure."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx2
import pytest

from agents_metiers.services.indisponible import MARCHE_PUBLIC
from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio
Headers = Callable[[str], dict[str, str]]
ROUTES = ("regional", "recrutements", "offres", "imt-stats", "alternance")
REGLAGES = ("FRANCE_TRAVAIL_", "API_ALTERNANCE_", "_TOKEN", "_SECRET")


async def _publier(client: httpx2.AsyncClient, admin: dict[str, str], code: str) -> None:
    response = await client.post(
        f"/api/fiches/{code}/publish", headers=admin, json={"force": True, "motif": "test"}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("role", [None, "lecteur"])
async def test_visitors_read_that_market_data_is_unavailable_never_a_setting(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, role: str | None
) -> None:
    for code in ("M1805", "M1802"):
        await _publier(client, auth_headers("admin"), code)
    headers = auth_headers(role) if role else {}
    for route in ROUTES:
        response = await client.get(f"/api/fiches/M1805/{route}", headers=headers)
        assert response.status_code == 200
        body = response.json()
        assert body["disponible"] is False
        assert body["message"] == MARCHE_PUBLIC
        texte = json.dumps(body, ensure_ascii=False)
        assert not [r for r in REGLAGES if r in texte], (route, texte)
    comparaison = await client.get(
        "/api/fiches/compare", params={"codes": "M1805,M1802"}, headers=headers
    )
    assert comparaison.status_code == 200
    texte = json.dumps(comparaison.json(), ensure_ascii=False)
    assert MARCHE_PUBLIC in texte and not [r for r in REGLAGES if r in texte]


async def test_the_team_reads_which_setting_to_configure(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editeur = auth_headers("editeur")
    regional = (await client.get("/api/fiches/M1805/regional", headers=editeur)).json()
    assert "FRANCE_TRAVAIL_CLIENT_ID" in regional["message"]
    stats = (await client.get("/api/fiches/M1805/imt-stats", headers=editeur)).json()
    assert "FRANCE_TRAVAIL_CLIENT_ID" in json.dumps(stats["sources"], ensure_ascii=False)
