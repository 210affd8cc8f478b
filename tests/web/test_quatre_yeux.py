"""Four eyes (issue 11, item 5): what a reviewer validated is what gets published, and only a
reviewer takes a published fiche off the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx2
import pytest

from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.ecriture import ecrire_fiche, nouvelle_revision
from agents_metiers.services.fiches.edition import appliquer_champs
from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"


async def _post(
    client: httpx2.AsyncClient, path: str, headers: dict[str, str], body: Any = None
) -> httpx2.Response:
    return await client.post(path, headers=headers, json=body)


async def _valide(client: httpx2.AsyncClient, auth_headers: Headers) -> dict[str, str]:
    editor, reviewer = auth_headers("editeur"), auth_headers("relecteur")
    assert (await _post(client, f"/api/fiches/{CODE}/submit", editor)).status_code == 200
    response = await _post(client, f"/api/fiches/{CODE}/review", reviewer, {"decision": "validate"})
    assert response.json()["nouveau_statut"] == "valide", response.text
    return editor


async def _fiche(client: httpx2.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(f"/api/fiches/{CODE}", headers=headers)
    body: dict[str, Any] = response.json()
    return body


async def _events(client: httpx2.AsyncClient, headers: dict[str, str]) -> list[str]:
    logs = await client.get("/api/audit-logs", headers=headers, params={"code_rome": CODE})
    return [log["evenement"] for log in logs.json()["logs"]]


async def test_editing_a_validated_fiche_sends_it_back_to_review(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = await _valide(client, auth_headers)
    patched = await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description": "Texte non relu."}
    )
    assert (patched.status_code, patched.json()["statut"]) == (200, "enrichi")
    assert "fiche.relecture_requise" in await _events(client, editor)
    publish = await _post(client, f"/api/fiches/{CODE}/publish", auth_headers("relecteur"))
    assert publish.status_code == 409
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 404


async def test_a_patch_that_changes_nothing_keeps_the_validation(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = await _valide(client, auth_headers)
    description = (await _fiche(client, editor))["description"]
    same = await client.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description": description}
    )
    assert (same.status_code, same.json()["statut"]) == (200, "valide")


async def test_rolling_back_a_validated_fiche_sends_it_back_to_review(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Version 2."})
    await _valide(client, auth_headers)
    rolled = await _post(client, f"/api/fiches/{CODE}/revisions/1/rollback", editor, {})
    assert (rolled.status_code, rolled.json()["statut"]) == (200, "enrichi")


async def test_any_writer_through_the_write_path_sends_a_validated_fiche_back(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    """An AI result (or the market watch, the ROME sync…) goes through the same path."""
    editor = await _valide(client, auth_headers)
    ia = Auteur(nom="IA test", acteur="ia")
    with imported.sessions() as session, ecrire_fiche(session, CODE) as ecriture:
        appliquer_champs(ecriture, {"description": "Rédigé par l'IA."}, ia, "Enrichissement")
    fiche = await _fiche(client, editor)
    assert (fiche["statut"], fiche["description"]) == ("enrichi", "Rédigé par l'IA.")


async def test_the_audit_type_of_a_return_to_review_tells_its_cause(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    """A person's edit, an AI write and a watch each send the fiche back; the reference type
    says who changed the content (``modification`` reads "Enrichissement IA" there)."""
    editor = await _valide(client, auth_headers)
    reviewer = auth_headers("relecteur")

    async def revalider() -> None:
        body = {"decision": "validate"}
        response = await _post(client, f"/api/fiches/{CODE}/review", reviewer, body)
        assert response.json()["nouveau_statut"] == "valide", response.text

    await client.patch(f"/api/fiches/{CODE}", headers=editor, json={"description": "Humain."})
    await revalider()
    ia = Auteur(nom="IA test", acteur="ia")
    with imported.sessions() as session, ecrire_fiche(session, CODE) as ecriture:
        appliquer_champs(ecriture, {"description": "Rédigé par l'IA."}, ia, "Enrichissement")
    await revalider()
    relecteur = Auteur(nom="relecteur", acteur="humain")
    with imported.sessions() as session, ecrire_fiche(session, CODE) as ecriture:
        ecriture.row.description = "Mis à jour par la veille ROME."
        nouvelle_revision(ecriture, relecteur, motif="Veille ROME", veille=True)
    logs = await client.get(
        "/api/audit-logs",
        headers=editor,
        params={"code_rome": CODE, "type_evenement": "fiche.relecture_requise"},
    )
    types = [(log["evenement"], log["type_evenement"]) for log in logs.json()["logs"]]
    assert types == [
        ("fiche.relecture_requise.veille", "veille_metiers"),
        ("fiche.relecture_requise.ia", "modification"),
        ("fiche.relecture_requise", "modification_humaine"),
    ]
    humaines = await client.get(
        "/api/audit-logs",
        headers=editor,
        params={"code_rome": CODE, "type_evenement": "modification_humaine"},
    )
    assert "fiche.relecture_requise" in [log["evenement"] for log in humaines.json()["logs"]]


async def test_an_editor_cannot_delete_a_published_fiche(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = await _valide(client, auth_headers)
    await _post(client, f"/api/fiches/{CODE}/publish", auth_headers("relecteur"))
    response = await client.delete(f"/api/fiches/{CODE}", headers=editor, params={"motif": "x"})
    assert response.status_code == 403
    assert "relecteur" in response.json()["detail"]
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 200


async def test_a_reviewer_deletes_a_published_fiche_with_a_reason_after_unpublishing_it(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = await _valide(client, auth_headers)
    reviewer = auth_headers("relecteur")
    await _post(client, f"/api/fiches/{CODE}/publish", reviewer)
    sans_motif = await client.delete(f"/api/fiches/{CODE}", headers=reviewer)
    assert sans_motif.status_code == 422
    assert "motif" in sans_motif.json()["detail"]
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 200
    deleted = await client.delete(
        f"/api/fiches/{CODE}", headers=reviewer, params={"motif": "Métier fusionné avec M1806"}
    )
    assert deleted.status_code == 200, deleted.text
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 404
    events = await _events(client, editor)
    assert events[:2] == ["fiche.supprimee", "fiche.depubliee"]
