"""The editorial workflow over HTTP: every transition allowed and refused, per role (§4)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"


async def _post(
    client: httpx2.AsyncClient, path: str, headers: dict[str, str], body: Any = None
) -> httpx2.Response:
    return await client.post(path, headers=headers, json=body)


async def _statut(client: httpx2.AsyncClient, headers: dict[str, str], code: str = CODE) -> str:
    response = await client.get(f"/api/fiches/{code}", headers=headers)
    return str(response.json()["statut"])


async def _to_valide(
    client: httpx2.AsyncClient, editor: dict[str, str], reviewer: dict[str, str]
) -> None:
    assert (await _post(client, f"/api/fiches/{CODE}/submit", editor)).status_code == 200
    response = await _post(client, f"/api/fiches/{CODE}/review", reviewer, {"decision": "validate"})
    assert response.status_code == 200, response.text


async def test_the_whole_human_path_reaches_publication(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    response = await _post(client, f"/api/fiches/{CODE}/submit", editor)
    assert (response.status_code, response.json()["nouveau_statut"]) == (200, "enrichi")
    response = await _post(client, f"/api/fiches/{CODE}/review", reviewer, {"decision": "validate"})
    assert response.json()["nouveau_statut"] == "valide"
    response = await _post(client, f"/api/fiches/{CODE}/publish", reviewer)
    body = response.json()
    assert (response.status_code, body["message"], body["nouveau_statut"]) == (
        200,
        "Fiche publiée",
        "publiee",
    )
    assert body["version_publiee"] == body["version"]


async def test_publishing_a_draft_is_a_conflict_with_a_sentence(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await _post(client, f"/api/fiches/{CODE}/publish", auth_headers("relecteur"))
    assert response.status_code == 409
    assert "brouillon" in response.json()["detail"]


async def test_an_editor_cannot_publish(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await _post(client, f"/api/fiches/{CODE}/publish", auth_headers("editeur"))
    assert response.status_code == 403
    assert "relecteur" in response.json()["detail"]


async def test_anonymous_writes_need_a_login(client: httpx2.AsyncClient, imported: Runtime) -> None:
    for path in ("publish", "submit", "review", "unpublish"):
        response = await client.post(f"/api/fiches/{CODE}/{path}", json={"decision": "approve"})
        assert response.status_code == 401, path


async def test_a_reader_account_cannot_submit(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await _post(client, f"/api/fiches/{CODE}/submit", auth_headers("lecteur"))
    assert response.status_code == 403


async def test_an_admin_may_force_a_publication_with_a_reason_only(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    admin = auth_headers("admin")
    response = await _post(client, f"/api/fiches/{CODE}/publish", admin, {"force": True})
    assert response.status_code == 422
    response = await _post(
        client, f"/api/fiches/{CODE}/publish", admin, {"force": True, "motif": "Urgence"}
    )
    assert response.status_code == 200
    logs = (
        await client.get(
            "/api/audit-logs", headers=admin, params={"type_evenement": "fiche.publiee"}
        )
    ).json()
    assert logs["logs"][0]["description"].endswith("(publication forcée) — Urgence.")


async def test_a_reviewer_cannot_force_a_publication(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await _post(
        client,
        f"/api/fiches/{CODE}/publish",
        auth_headers("relecteur"),
        {"force": True, "motif": "x"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("decision", "statut"),
    [("approve", "publiee"), ("reject", "brouillon"), ("request_changes", "enrichi")],
)
async def test_review_decisions_from_valide(
    client: httpx2.AsyncClient,
    imported: Runtime,
    auth_headers: Headers,
    decision: str,
    statut: str,
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await _to_valide(client, editor, reviewer)
    response = await _post(
        client, f"/api/fiches/{CODE}/review", reviewer, {"decision": decision, "commentaire": "Vu"}
    )
    body = response.json()
    assert (response.status_code, body["nouveau_statut"], body["decision"]) == (
        200,
        statut,
        decision,
    )
    assert body["commentaire"] == "Vu"


async def test_reviewing_a_draft_is_refused(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    reviewer = auth_headers("relecteur")
    for decision in ("approve", "reject", "request_changes", "validate"):
        response = await _post(
            client, f"/api/fiches/{CODE}/review", reviewer, {"decision": decision}
        )
        assert response.status_code == 409, decision


async def test_an_unknown_decision_is_a_422(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await _post(
        client, f"/api/fiches/{CODE}/review", auth_headers("relecteur"), {"decision": "archive"}
    )
    assert response.status_code == 422


async def test_unpublish_takes_the_fiche_offline_and_back_to_valide(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await _to_valide(client, editor, reviewer)
    await _post(client, f"/api/fiches/{CODE}/publish", reviewer)
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 200
    response = await _post(client, f"/api/fiches/{CODE}/unpublish", reviewer)
    assert (response.status_code, response.json()["nouveau_statut"]) == (200, "valide")
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 404
    again = await _post(client, f"/api/fiches/{CODE}/unpublish", reviewer)
    assert again.status_code == 409


async def test_publish_batch_reports_each_code(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await _to_valide(client, editor, reviewer)
    response = await _post(
        client, "/api/fiches/publish-batch", reviewer, {"codes_rome": [CODE, "J1104", "Z9999"]}
    )
    body = response.json()
    assert response.status_code == 200
    assert body["message"] == "1 fiches publiées"
    assert [(r["code_rome"], r["status"]) for r in body["results"]] == [
        (CODE, "published"),
        ("J1104", "error"),
        ("Z9999", "error"),
    ]
    assert "non trouvée" in body["results"][2]["message"]


async def test_publish_batch_refuses_more_than_50_codes_and_bad_codes(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    reviewer = auth_headers("relecteur")
    too_many = await _post(
        client, "/api/fiches/publish-batch", reviewer, {"codes_rome": ["M1805"] * 51}
    )
    bad = await _post(client, "/api/fiches/publish-batch", reviewer, {"codes_rome": ["m18"]})
    assert (too_many.status_code, bad.status_code) == (422, 422)


async def test_patch_with_an_explicit_statut_runs_the_transition(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    response = await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"statut": "enrichi"})
    assert (response.status_code, response.json()["statut"]) == (200, "enrichi")
    refused = await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"statut": "publiee"})
    assert refused.status_code == 403
    invalid = await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"statut": "archivee"})
    assert invalid.status_code == 422


async def test_every_action_writes_one_audit_event(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    await _to_valide(client, editor, reviewer)
    await _post(client, f"/api/fiches/{CODE}/publish", reviewer)
    logs = (
        await client.get(
            "/api/audit-logs", headers=editor, params={"code_rome": CODE, "type_evenement": "fiche"}
        )
    ).json()
    assert [log["evenement"] for log in logs["logs"]] == [
        "fiche.publiee",
        "fiche.validee",
        "fiche.soumise",
    ]
    assert all(log["acteur"] == "humain" and log["validateur"] for log in logs["logs"])
