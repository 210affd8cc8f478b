"""The veille ROME API, review and sync side: roles, errors in sentences, the reviewed
change, the sync's counts, and the fiche detail's pending changes (both databases)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime
from agents_metiers.services.veille.detection import VeilleOptions, executer_veille

Headers = Callable[[str], dict[str, str]]
MEANING = "Technicien / Technicienne en cybersécurité"


def _exports() -> ModuleType:
    path = Path(__file__).parents[1] / "veille" / "exports.py"
    spec = importlib.util.spec_from_file_location("veille_exports_revue", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def veille(imported: Runtime, rome_mini: Path, tmp_path: Path) -> Runtime:
    export = _exports().copier_export(rome_mini, tmp_path / "v61", 61)
    export.relibeller("M1802", MEANING)
    export.supprimer_code("J1104")
    export.ajouter_codes({"M1899": ("M1805", "Ingénieur / Ingénieure en IA")})
    options = VeilleOptions(source=str(export.path), download_dir=imported.settings.download_dir)
    executer_veille(imported.sessions, options)
    return imported


async def _changes(client: httpx2.AsyncClient, headers: dict[str, str]) -> dict[str, int]:
    page = (await client.get("/api/veille/rome/changes", headers=headers)).json()
    return {change["code_rome"]: change["id"] for change in page["changes"]}


async def test_review_answers_the_updated_change_and_refuses_a_second_time(
    client: httpx2.AsyncClient, veille: Runtime, auth_headers: Headers
) -> None:
    relecteur = auth_headers("relecteur")
    ids = await _changes(client, relecteur)
    url = f"/api/veille/rome/changes/{ids['M1802']}/review"
    response = await client.post(url, json={"action": "apply"}, headers=relecteur)
    assert response.status_code == 200, response.text
    change = response.json()
    assert (change["reviewed"], change["review_action"], change["code_rome"]) == (
        True,
        "apply",
        "M1802",
    )
    fiche = (await client.get("/api/fiches/M1802", headers=relecteur)).json()
    assert fiche["nom_masculin"] == "Technicien en cybersécurité"
    assert fiche["statut"] == "brouillon"
    again = await client.post(url, json={"action": "acknowledge"}, headers=relecteur)
    assert again.status_code == 409
    assert "déjà été traité" in again.json()["detail"]


async def test_review_errors_are_sentences_with_their_status(
    client: httpx2.AsyncClient, veille: Runtime, auth_headers: Headers
) -> None:
    relecteur = auth_headers("relecteur")
    ids = await _changes(client, relecteur)
    url = f"/api/veille/rome/changes/{ids['M1802']}/review"
    unknown = await client.post(
        "/api/veille/rome/changes/99999/review", json={"action": "apply"}, headers=relecteur
    )
    assert unknown.status_code == 404
    assert "inconnu" in unknown.json()["detail"]
    bad = await client.post(url, json={"action": "effacer"}, headers=relecteur)
    assert bad.status_code == 422
    editeur = await client.post(url, json={"action": "apply"}, headers=auth_headers("editeur"))
    assert editeur.status_code == 403
    assert (await client.post(url, json={"action": "apply"})).status_code == 401
    no_ai = await client.post(
        f"/api/veille/rome/changes/{ids['M1899']}/review",
        json={"action": "re_enrich"},
        headers=relecteur,
    )
    assert no_ai.status_code == 503
    assert "Aucun fournisseur d'IA" in no_ai.json()["detail"]


async def test_sync_answers_its_counts_and_is_for_admins(
    client: httpx2.AsyncClient, veille: Runtime, auth_headers: Headers
) -> None:
    refused = await client.post("/api/rome/sync", headers=auth_headers("relecteur"))
    assert refused.status_code == 403
    admin = auth_headers("admin")
    response = await client.post("/api/rome/sync", headers=admin)
    assert response.status_code == 200, response.text
    counts = response.json()
    assert counts["version"] == 61
    assert (counts["nouvelles_fiches"], counts["retirees"], counts["en_attente_revue"]) == (
        1,
        1,
        1,
    )
    assert counts["liste_conflits"] == []
    again = await client.post("/api/rome/sync", headers=admin)
    assert again.status_code == 409
    assert "lancez d'abord la veille" in again.json()["detail"]


async def test_fiche_detail_carries_pending_changes_for_the_team_and_retirement_for_all(
    client: httpx2.AsyncClient, veille: Runtime, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    ids = await _changes(client, admin)
    fiche = (await client.get("/api/fiches/M1802", headers=admin)).json()
    assert fiche["rome_update_pending"] is True
    assert fiche["rome_changes_en_attente"] == [ids["M1802"]]
    assert fiche["rome_retire"] is False
    await client.post(
        "/api/fiches/J1104/publish", headers=admin, json={"force": True, "motif": "test"}
    )
    await client.post("/api/rome/sync", headers=admin)
    public = (await client.get("/api/fiches/J1104")).json()
    assert public["rome_retire"] is True
    assert public["rome_changes_en_attente"] is None
