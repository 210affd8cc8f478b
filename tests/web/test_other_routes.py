"""Audit log, regions, exports, variants and the routes whose engine is not configured."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx2
import pytest

from agents_metiers.domain.evenements import TYPES_REFERENCE
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import VarianteRow

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"


async def test_audit_logs_keep_the_reference_shape_and_filter(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Texte A."})
    await client.post(f"/api/fiches/{CODE}/submit", headers=editor)
    page = (await client.get("/api/audit-logs", headers=editor)).json()
    assert {
        "id",
        "type_evenement",
        "description",
        "code_rome",
        "agent",
        "validateur",
        "timestamp",
    } <= set(page["logs"][0])
    assert page["total"] >= 3  # the import, the edit, the submission (and account creation)
    by_type = (
        await client.get(
            "/api/audit-logs", headers=editor, params={"type_evenement": "fiche.modifiee"}
        )
    ).json()
    assert [log["evenement"] for log in by_type["logs"]] == ["fiche.modifiee"]
    by_text = (
        await client.get("/api/audit-logs", headers=editor, params={"search": "soumission"})
    ).json()
    assert [log["evenement"] for log in by_text["logs"]] == ["fiche.soumise"]
    by_actor = (
        await client.get("/api/audit-logs", headers=editor, params={"acteur": "systeme"})
    ).json()
    assert {log["evenement"] for log in by_actor["logs"]} == {"rome.import"}
    future = datetime(2100, 1, 1, tzinfo=UTC).isoformat()
    later = (await client.get("/api/audit-logs", headers=editor, params={"since": future})).json()
    assert later == {"total": 0, "logs": []}
    limited = (await client.get("/api/audit-logs", headers=editor, params={"limit": 1})).json()
    assert len(limited["logs"]) == 1


async def test_audit_types_are_in_the_reference_vocabulary_and_filter_both_ways(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Texte B."})
    logs = (await client.get("/api/audit-logs", headers=editor, params={"limit": 200})).json()
    assert {log["type_evenement"] for log in logs["logs"]} <= set(TYPES_REFERENCE)
    edit = next(log for log in logs["logs"] if log["evenement"] == "fiche.modifiee")
    assert edit["type_evenement"] == "modification_humaine"
    by_reference = (
        await client.get(
            "/api/audit-logs", headers=editor, params={"type_evenement": "modification_humaine"}
        )
    ).json()
    # the edit, and the accounts the fixtures created (user.cree)
    assert {log["evenement"] for log in by_reference["logs"]} == {"fiche.modifiee", "user.cree"}
    nothing = (
        await client.get("/api/audit-logs", headers=editor, params={"type_evenement": "archivage"})
    ).json()
    assert nothing == {"total": 0, "logs": []}


async def test_a_persons_own_actions_are_never_typed_as_an_ai_enrichment(
    client: httpx2.AsyncClient,
    imported: Runtime,
    user_factory: Callable[[str], tuple[str, str]],
) -> None:
    # The reference front-end labels ``modification`` "Enrichissement IA": a login or a
    # submission by a person showed there as an AI enrichment (seen running it, issue 15).
    email, password = user_factory("editeur")
    login = await client.post("/api/auth/login", json={"email": email, "password": password})
    editor = {"Authorization": f"Bearer {login.json()['token']}"}
    assert (await client.post(f"/api/fiches/{CODE}/submit", headers=editor)).status_code == 200
    logs = (await client.get("/api/audit-logs", headers=editor, params={"limit": 200})).json()
    types = {log["evenement"]: log["type_evenement"] for log in logs["logs"]}
    assert types["auth.connexion"] == "modification_humaine"
    assert types["fiche.soumise"] == "modification_humaine"
    humains = [log for log in logs["logs"] if log["acteur"] == "humain"]
    assert humains and all(log["type_evenement"] != "modification" for log in humains)
    filtered = (
        await client.get(
            "/api/audit-logs", headers=editor, params={"type_evenement": "modification_humaine"}
        )
    ).json()
    assert {"auth.connexion", "fiche.soumise"} <= {log["evenement"] for log in filtered["logs"]}


async def test_audit_logs_need_an_editor_and_valid_filters(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    assert (await client.get("/api/audit-logs")).status_code == 401
    assert (await client.get("/api/audit-logs", headers=auth_headers("lecteur"))).status_code == 403
    editor = auth_headers("editeur")
    for params in ({"limit": 0}, {"limit": 201}, {"since": "hier"}, {"acteur": "robot"}):
        response = await client.get("/api/audit-logs", headers=editor, params=params)
        assert response.status_code == 422, params


async def test_regions_lists_the_18_regions(client: httpx2.AsyncClient) -> None:
    regions = (await client.get("/api/regions")).json()["regions"]
    assert len(regions) == 18
    assert {"code": "11", "libelle": "Île-de-France"} in regions
    assert {"code": "06", "libelle": "Mayotte"} in regions


@pytest.mark.parametrize("path", ["enrich", "validate", "auto-correct", "variantes/generate"])
async def test_ai_actions_answer_503_and_change_nothing(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, path: str
) -> None:
    editor = auth_headers("editeur")
    before = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    response = await client.post(f"/api/fiches/{CODE}/{path}", headers=editor, json={})
    assert response.status_code == 503
    assert "Aucun fournisseur d'IA n'est configuré" in response.json()["detail"]
    assert (await client.get(f"/api/fiches/{CODE}", headers=editor)).json() == before
    missing = await client.post(f"/api/fiches/Z9999/{path}", headers=editor, json={})
    assert missing.status_code == 404


@pytest.mark.parametrize("path", ["regional", "recrutements", "offres", "imt-stats", "alternance"])
async def test_market_routes_say_the_sources_are_not_configured(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, path: str
) -> None:
    editor = auth_headers("editeur")
    response = await client.get(
        f"/api/fiches/{CODE}/{path}", headers=editor, params={"region": "11"}
    )
    assert response.status_code == 200
    assert response.json()["disponible"] is False
    assert (
        "FRANCE_TRAVAIL_CLIENT_ID" in response.json()["message"]
        or "API_ALTERNANCE_TOKEN" in (response.json()["message"])
    )
    bad_region = await client.get(
        f"/api/fiches/{CODE}/{path}", headers=editor, params={"region": "99"}
    )
    assert bad_region.status_code == 422


async def test_the_public_export_holds_published_fiches_only(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    await client.post(
        f"/api/fiches/{CODE}/publish", headers=admin, json={"force": True, "motif": "t"}
    )
    public = await client.get("/api/exports/fiches", params={"format": "json"})
    assert public.status_code == 200
    assert "attachment" in public.headers["content-disposition"]
    assert [f["code_rome"] for f in json.loads(public.content)] == [CODE]
    staff = await client.get("/api/exports/fiches", params={"format": "csv"}, headers=admin)
    rows = list(csv.DictReader(io.StringIO(staff.text)))
    assert len(rows) == 6
    bad = await client.get("/api/exports/fiches", params={"format": "xml"})
    assert bad.status_code == 422


async def test_variants_are_listed_with_their_staleness(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    now = datetime.now(UTC)
    with imported.sessions.begin() as session:
        session.add(
            VarianteRow(
                code_rome=CODE,
                langue="en",
                tranche_age="18+",
                format_contenu="standard",
                genre="masculin",
                nom="Software developer",
                contenu={"description": "Writes software.", "competences": ["Code"]},
                statut="genere",
                fiche_version=1,
                version=1,
                date_creation=now,
                date_maj=now,
            )
        )
    editor = auth_headers("editeur")
    listing = (await client.get(f"/api/fiches/{CODE}/variantes", headers=editor)).json()
    assert listing["total_variantes"] == 1
    variant = listing["variantes"][0]
    assert (variant["langue"], variant["perimee"]) == ("en", False)
    detail = (
        await client.get(f"/api/fiches/{CODE}/variantes/{variant['id']}", headers=editor)
    ).json()
    assert (detail["description"], detail["competences"]) == ("Writes software.", ["Code"])
    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Changé."})
    listing = (await client.get(f"/api/fiches/{CODE}/variantes", headers=editor)).json()
    assert listing["variantes"][0]["perimee"] is True
    missing = await client.get(f"/api/fiches/{CODE}/variantes/999", headers=editor)
    assert missing.status_code == 404


async def test_git_version_needs_an_account_and_names_the_build(
    client: httpx2.AsyncClient, auth_headers: Headers
) -> None:
    assert (await client.get("/api/git-version")).status_code == 401
    body = (await client.get("/api/git-version", headers=auth_headers("lecteur"))).json()
    assert set(body) == {"commit", "message"}
    assert body["commit"]


async def test_the_root_answers_json_clients_with_the_reference_object(
    client: httpx2.AsyncClient,
) -> None:
    as_json = await client.get("/", headers={"Accept": "application/json"})
    assert as_json.json()["message"] == "Agents Métiers API"
    assert {"stats", "fiches", "fiche_detail", "variantes"} <= set(as_json.json()["endpoints"])
    as_page = await client.get("/", headers={"Accept": "text/html,application/json;q=0.9"})
    assert as_page.headers["content-type"].startswith("text/html")
    assert "Accept" in as_page.headers["vary"]
