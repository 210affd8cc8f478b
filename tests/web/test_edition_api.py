"""Creating, editing, deleting fiches; revisions, diffs, rollbacks; the published snapshot."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"


async def _publish(client: httpx2.AsyncClient, auth_headers: Headers, code: str = CODE) -> None:
    admin = auth_headers("admin")
    response = await client.post(
        f"/api/fiches/{code}/publish", headers=admin, json={"force": True, "motif": "Test"}
    )
    assert response.status_code == 200, response.text


async def test_a_reader_sees_the_same_published_fiche_while_an_editor_saves_a_draft(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    await _publish(client, auth_headers)
    reader, editor = auth_headers("lecteur"), auth_headers("editeur")
    before = await client.get(f"/api/fiches/{CODE}", headers=reader)
    version = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()["version"]
    saved = await client.patch(
        f"/api/fiches/{CODE}",
        headers=editor,
        json={"description": "Nouveau texte en cours de relecture.", "version": version},
    )
    assert saved.status_code == 200, saved.text
    after = await client.get(f"/api/fiches/{CODE}", headers=reader)
    anonymous = await client.get(f"/api/fiches/{CODE}")
    assert before.status_code == 200
    assert after.content == before.content
    assert anonymous.content == before.content
    draft = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert draft["description"] == "Nouveau texte en cours de relecture."
    assert draft["statut"] == "publiee"
    assert draft["publication"]["brouillon_en_attente"] is True


async def test_publishing_the_draft_makes_it_public(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    await _publish(client, auth_headers)
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Version 2."})
    response = await client.post(f"/api/fiches/{CODE}/publish", headers=reviewer)
    assert response.status_code == 200, response.text
    public = (await client.get(f"/api/fiches/{CODE}")).json()
    assert public["description"] == "Version 2."
    assert public["publication"]["brouillon_en_attente"] is None


async def test_the_public_sees_published_fiches_only(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    assert (await client.get("/api/fiches/J1104")).status_code == 404
    await _publish(client, auth_headers)
    listing = (await client.get("/api/fiches")).json()
    assert (listing["total"], [r["code_rome"] for r in listing["results"]]) == (1, [CODE])
    staff = (await client.get("/api/fiches", headers=auth_headers("editeur"))).json()
    assert staff["total"] == 6
    reader = (await client.get("/api/fiches", headers=auth_headers("lecteur"))).json()
    assert reader["total"] == 1


async def test_patch_with_a_stale_version_is_a_conflict(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    version = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()["version"]
    first = await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description": "A", "version": version}
    )
    second = await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description": "B", "version": version}
    )
    assert first.status_code == 200
    assert first.json()["version"] == version + 1
    assert second.status_code == 409
    assert "modifiée entre-temps" in second.json()["detail"]


async def test_an_edited_label_keeps_the_structure_of_its_rome_item(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    fiche = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    kept = fiche["competences"][0]
    response = await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"competences": [kept, "Animer un atelier"]}
    )
    assert response.status_code == 200
    after = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert after["competences"] == [kept, "Animer un atelier"]
    assert after["competences_detail"][0] == fiche["competences_detail"][0]
    assert after["provenance"]["competences"]["source"] == "humain"


@pytest.mark.parametrize(
    "body",
    [
        {"description_courte": "x" * 201},
        {"competences": ["x"] * 101},
        {"inconnu": 1},
        {"types_contrats": {"cdi": 40}},
        {"perspectives": {"tendance": "explosion"}},
        {"salaires": {"junior": {"min": 40000, "max": 30000}}},
        {"types_contrats": {"cdi": 0.7, "cdd": 0.4}},
        {"sites_utiles": [{"nom": "Site", "url": "pas une url"}]},
        {"version": 0},
    ],
)
async def test_invalid_patch_bodies_are_422_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers, body: dict[str, object]
) -> None:
    response = await client.patch(f"/api/fiches/{CODE}", headers=auth_headers("editeur"), json=body)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Champ « ")


async def test_patch_merges_perspectives_and_keeps_the_market_source(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    first = {"perspectives": {"tension": 0.4, "tendance": "stable"}}
    assert (await client.patch(f"/api/fiches/{CODE}", headers=editor, json=first)).is_success
    second = {"perspectives": {"tension": 0.8}}
    assert (await client.patch(f"/api/fiches/{CODE}", headers=editor, json=second)).is_success
    fiche = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert fiche["perspectives"]["tension"] == 0.8
    assert fiche["perspectives"]["tendance"] == "stable"


async def test_malformed_json_is_a_422(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    headers = {**auth_headers("editeur"), "Content-Type": "application/json"}
    response = await client.patch(f"/api/fiches/{CODE}", headers=headers, content=b"{nope")
    assert response.status_code == 422


async def test_patch_on_an_unknown_or_invalid_code(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    missing = await client.patch("/api/fiches/Z9999", headers=editor, json={"description": "x"})
    invalid = await client.patch("/api/fiches/nope", headers=editor, json={"description": "x"})
    assert (missing.status_code, invalid.status_code) == (404, 422)


async def test_create_then_duplicate(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    body = {"code_rome": "Z1001", "nom_masculin": "Testeur", "nom_feminin": "Testeuse"}
    created = await client.post("/api/fiches", headers=editor, json=body)
    assert created.status_code == 201
    assert created.json() == {
        "message": "Fiche créée avec succès",
        "code_rome": "Z1001",
        "nom_masculin": "Testeur",
        "statut": "brouillon",
        "version": 1,
    }
    detail = (await client.get("/api/fiches/Z1001", headers=editor)).json()
    assert detail["nom_epicene"] == "Testeur ou testeuse"
    duplicate = await client.post("/api/fiches", headers=editor, json=body)
    assert duplicate.status_code == 409


async def test_create_needs_an_editor(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    body = {"code_rome": "Z1001", "nom_masculin": "Testeur", "nom_feminin": "Testeuse"}
    assert (await client.post("/api/fiches", json=body)).status_code == 401
    reader = await client.post("/api/fiches", headers=auth_headers("lecteur"), json=body)
    assert reader.status_code == 403


async def test_delete_removes_the_fiche_and_keeps_the_audit(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.delete(f"/api/fiches/{CODE}", headers=editor)
    assert response.json() == {"message": f"Fiche {CODE} supprimée", "code_rome": CODE}
    assert (await client.get(f"/api/fiches/{CODE}", headers=editor)).status_code == 404
    logs = (await client.get("/api/audit-logs", headers=editor, params={"code_rome": CODE})).json()
    assert logs["logs"][0]["evenement"] == "fiche.supprimee"
    assert (await client.delete(f"/api/fiches/{CODE}", headers=editor)).status_code == 404


async def test_revisions_list_diff_and_rollback(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    original = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description": "Réécrit.", "motif": "Clarté"}
    )
    page = (await client.get(f"/api/fiches/{CODE}/revisions", headers=editor)).json()
    assert [r["numero"] for r in page["revisions"]] == [2, 1]
    assert page["revisions"][0]["motif"] == "Clarté"
    assert page["revisions"][1]["auteur"] == "import-rome"
    diff = (
        await client.get(
            f"/api/fiches/{CODE}/revisions/diff", headers=editor, params={"de": 1, "a": 2}
        )
    ).json()
    assert [c["champ"] for c in diff["changements"]] == ["description"]
    assert diff["changements"][0]["apres"] == "Réécrit."
    rolled = await client.post(f"/api/fiches/{CODE}/revisions/1/rollback", headers=editor, json={})
    assert (rolled.status_code, rolled.json()["version"]) == (200, 3)
    restored = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert restored["description"] == original["description"]
    revision = (await client.get(f"/api/fiches/{CODE}/revisions/3", headers=editor)).json()
    assert revision["motif"] == "Retour à la révision n° 1"


async def test_revisions_are_for_editors_and_unknown_numbers_are_404(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    assert (await client.get(f"/api/fiches/{CODE}/revisions")).status_code == 401
    editor = auth_headers("editeur")
    missing = await client.get(f"/api/fiches/{CODE}/revisions/99", headers=editor)
    assert missing.status_code == 404


async def test_search_and_autocomplete_hide_unpublished_fiches_from_the_public(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    public = (await client.get("/api/fiches", params={"search": "M1805"})).json()
    assert public["total"] == 0
    staff = (
        await client.get("/api/fiches", params={"search": "M1805"}, headers=auth_headers("editeur"))
    ).json()
    assert staff["results"][0]["code_rome"] == CODE
    await _publish(client, auth_headers)
    suggestions = (await client.get("/api/fiches/autocomplete", params={"q": "M1805"})).json()
    assert suggestions[0] == {
        "code_rome": CODE,
        "nom_masculin": staff["results"][0]["nom_masculin"],
        "nom_feminin": staff["results"][0]["nom_feminin"],
        "statut": "publiee",
        "description_courte": staff["results"][0]["description_courte"],
    }
