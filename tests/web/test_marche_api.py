"""The market routes through the real app: without credentials every block says
« indisponible » at once; with the sources answering (the local stand-in of
tests/fixtures/marche, through an httpx2 transport) they return parsed figures."""

from __future__ import annotations

import importlib.util
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx2
import pytest
import uvicorn

from agents_metiers.config import Settings
from agents_metiers.services.marche.sources import Marche
from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"
ROUTES = ["regional", "recrutements", "offres", "imt-stats", "alternance"]
FAKE = Path(__file__).parents[1] / "fixtures" / "marche" / "faux_serveur.py"


def load_fake() -> ModuleType:
    spec = importlib.util.spec_from_file_location("faux_serveur", FAKE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def source_settings(base: Settings, root: str) -> Settings:
    return Settings(
        **{
            **base.model_dump(),
            "france_travail_client_id": "id-test",
            "france_travail_client_secret": "secret-test",
            "france_travail_auth_url": f"{root}/connexion/oauth2/access_token?realm=%2Fpartenaire",
            "france_travail_api_url": f"{root}/partenaire",
            "api_alternance_url": f"{root}/api",
            "api_alternance_token": "cle-test",
            "_env_file": None,
        }
    )


@pytest.fixture
def fake_app() -> Any:
    return load_fake().app(
        client_id="id-test", client_secret="secret-test", alternance_token="cle-test"
    )


@pytest.fixture
def sources(imported: Runtime, fake_app: Any) -> Any:
    settings = source_settings(imported.settings, "http://sources.test")
    imported.marche = Marche(
        settings, imported.sessions, transport=httpx2.ASGITransport(app=fake_app)
    )
    return fake_app


@pytest.mark.parametrize("path", ROUTES)
async def test_without_credentials_every_route_says_unavailable_without_numbers(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, path: str
) -> None:
    editor = auth_headers("editeur")
    response = await client.get(
        f"/api/fiches/{CODE}/{path}", headers=editor, params={"region": "11"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["disponible"] is False
    assert body["message"]
    assert body["code_rome"] == CODE
    assert body["region_name"] == "Île-de-France"
    for key in ("nb_offres", "total", "tension_regionale", "contrats", "types_contrats"):
        assert body.get(key) is None, key
    assert body.get("offres", []) == [] and body.get("recrutements", []) == []


async def test_market_routes_check_code_region_and_visibility(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    for path in ROUTES:
        bad_region = await client.get(
            f"/api/fiches/{CODE}/{path}", headers=editor, params={"region": "99"}
        )
        assert bad_region.status_code == 422, path
        assert (await client.get(f"/api/fiches/Z9999/{path}", headers=editor)).status_code == 404
        assert (await client.get(f"/api/fiches/{CODE}/{path}")).status_code == 404  # unpublished


async def test_regional_parses_offers_contracts_salaries_and_tension(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    body = (
        await client.get(
            f"/api/fiches/{CODE}/regional", headers=auth_headers("editeur"), params={"region": "11"}
        )
    ).json()
    assert body["disponible"] is True
    assert body["nb_offres"] == 12
    assert body["types_contrats"] == {"cdi": 0.5, "cdd": 0.25, "interim": 0.1667, "autre": 0.0833}
    assert body["experience_distribution"] == {"junior": 4, "confirme": 4, "senior": 4, "total": 12}
    # 9 readable salaries out of 12; sorted annual amounts: 38000, 39000 (3000 × 13 months),
    # 42000, 42000, 45501 (25 €/h × 151.67 h × 12), 48000, 50000 (range midpoint), 52000, 65000
    assert body["salaires"]["nb_offres_avec_salaire"] == 9
    assert body["salaires"]["median"] == 45501
    assert (body["salaires"]["min"], body["salaires"]["max"]) == (38000, 65000)
    assert (body["salaires"]["q1"], body["salaires"]["q3"]) == (42000, 50000)
    assert body["tension_regionale"] == 0.75
    assert body["tension"]["niveau"] == 4
    assert body["tendance"]["tendance"] == "hausse"
    assert body["sources"]["offres"]["source"] == "france_travail"
    assert body["sources"]["tension"]["periode"] == "Année 2025"
    assert "coefficient_regional" not in body


async def test_offres_lists_public_offers_newest_first(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    body = (
        await client.get(
            f"/api/fiches/{CODE}/offres",
            headers=auth_headers("editeur"),
            params={"region": "11", "limit": 5},
        )
    ).json()
    assert body["total"] == 12
    assert len(body["offres"]) == 5
    first = body["offres"][0]
    assert first["titre"] == "Développeur / Développeuse web"
    assert first["entreprise"] == "ACME"
    assert first["url"] == "https://candidat.francetravail.fr/offres/recherche/detail/1900000X"
    assert first["salaire_annuel_brut"] == 50000
    assert body["offres"][3]["entreprise"] == "Entreprise confidentielle"
    assert body["source"] == "france_travail" and body["periode"]


async def test_recrutements_count_offers_per_month_over_twelve_months(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    body = (
        await client.get(
            f"/api/fiches/{CODE}/recrutements",
            headers=auth_headers("editeur"),
            params={"region": "11"},
        )
    ).json()
    series = body["recrutements"]
    assert len(series) == 12
    assert sum(m["nb_offres"] for m in series) == 12
    assert series[-1]["nb_offres"] >= 1
    assert body["disponible"] is True


async def test_imt_stats_labels_market_salaries_from_the_referential(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    body = (
        await client.get(
            f"/api/fiches/{CODE}/imt-stats",
            headers=auth_headers("editeur"),
            params={"region": "11"},
        )
    ).json()
    assert body["contrats"]["cdi"] == 0.5
    assert body["source_contrats"] == "france_travail"
    reference = body["salaires_reference"]
    assert reference["periode"] == "Année 2024"
    assert {
        "code": "SAL3",
        "libelle": "Salaire mensuel brut à l'embauche, médiane",
        "montant": 3500,
    } in reference["valeurs"]
    assert body["tension"]["tension"] == 0.75


async def test_alternance_searches_around_the_region_main_city(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    body = (
        await client.get(
            f"/api/fiches/{CODE}/alternance",
            headers=auth_headers("editeur"),
            params={"region": "11"},
        )
    ).json()
    assert body["lieu"]["nom"] == "Paris"
    assert body["nb_offres"] == 3 and body["nb_entreprises"] == 5 and body["nb_formations"] == 4
    assert body["niveaux_diplomes"] == {"5": 2, "6": 1, "7": 1}
    assert body["formations"][0]["organisme"] == "Lycée Jean Jaurès"
    assert body["source"] == "la_bonne_alternance"
    # the reference keys beside ours, read from the API's real formation shape
    assert body["nb_offres_alternance"] == 3 and body["nb_entreprises_accueillantes"] == 5
    premiere = body["formations"][0]
    assert premiere["titre"].startswith("BTS SERVICES INFORMATIQUES")
    assert premiere["lieu"] == "Paris (75019)"
    assert premiere["niveau"] == "5" and premiere["niveau_diplome"] == "Bac+2"
    assert premiere["duree"] == "2 ans"
    # no « enseigne »: the legal name of the trainer
    assert body["formations"][2]["organisme"].startswith("AGENCE NATIONALE POUR LA FORMATION")
    assert body["formations"][2]["duree"] == "1 an"
    assert body["offres"][0]["source"] == "France Travail"


async def test_alternance_without_a_place_asks_for_one(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    body = (
        await client.get(f"/api/fiches/{CODE}/alternance", headers=auth_headers("editeur"))
    ).json()
    assert body["disponible"] is False
    assert body["raison"] == "lieu_requis"
    # what the reference front-end reads: an object to draw, no figure
    assert body["niveaux_diplomes"] == {}
    assert body["nb_offres_alternance"] is None and body["nb_entreprises_accueillantes"] is None
    assert sources.state.calls["jobs"] == 0


async def test_repeated_requests_are_served_from_the_database_cache(
    client: httpx2.AsyncClient, sources: Any, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    params = {"region": "11"}
    await client.get(f"/api/fiches/{CODE}/offres", headers=editor, params=params)
    second = await client.get(f"/api/fiches/{CODE}/offres", headers=editor, params=params)
    assert second.json()["from_cache"] is True
    assert sources.state.calls["search"] == 1
    assert sources.state.calls["token"] == 1


@pytest.fixture
def served_fake(fake_app: Any) -> Iterator[str]:
    """The stand-in served by uvicorn on 127.0.0.1 (free port), in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        fake_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)


async def test_end_to_end_against_a_local_server_for_m1805_in_region_11(
    imported: Runtime, served_fake: str, client_with: Any, auth_headers: Headers
) -> None:
    settings = source_settings(imported.settings, served_fake)
    overrides = {k: getattr(settings, k) for k in type(settings).model_fields if "marche" not in k}
    editor = auth_headers("editeur")
    async with client_with(**overrides) as http:
        params = {"region": "11"}
        regional = (
            await http.get(f"/api/fiches/{CODE}/regional", headers=editor, params=params)
        ).json()
        offres = (
            await http.get(f"/api/fiches/{CODE}/offres", headers=editor, params=params)
        ).json()
    assert regional["nb_offres"] == 12
    assert regional["types_contrats"]["cdi"] == 0.5
    assert regional["salaires"]["median"] == 45501
    assert regional["tension_regionale"] == 0.75
    assert len(offres["offres"]) == 10 and offres["offres"][0]["entreprise"] == "ACME"
