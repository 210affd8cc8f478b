"""GET /api/fiches/{code}/pdf: who gets what, variants, errors, download headers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import VarianteRow

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"
URL = f"/api/fiches/{CODE}/pdf"
NAME = "M1805_Developpeur_ou_developpeuse_informatique.pdf"


def _publish(runtime: Runtime, code: str = CODE) -> None:
    with runtime.sessions() as session:
        admin = Auteur(nom="test", role=Role.ADMIN)
        transitionner(session, code, Action.PUBLIER, admin, motif="test", force=True)


def _variante(runtime: Runtime, **fields: Any) -> int:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "langue": "en",
        "tranche_age": "18+",
        "format_contenu": "standard",
        "genre": "feminin",
        "nom": "Software developer",
        "contenu": {"description": "Designs and builds software."},
        "statut": "relue",
        "fiche_version": 1,
        "date_creation": now,
        "date_maj": now,
        **fields,
    }
    with runtime.sessions.begin() as session:
        row = VarianteRow(code_rome=CODE, **values)
        session.add(row)
        session.flush()
        return row.id


async def test_the_public_downloads_the_published_pdf_with_its_file_name(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publish(imported)
    response = await client.get(URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    utf8 = quote("M1805_Développeur_ou_développeuse_informatique.pdf", safe="")
    assert response.headers["content-disposition"] == (
        f"attachment; filename=\"{NAME}\"; filename*=UTF-8''{utf8}"
    )


async def test_an_unpublished_fiche_is_not_found_for_the_public_and_readers(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    for headers in ({}, auth_headers("lecteur")):
        response = await client.get(URL, headers=headers)
        assert response.status_code == 404
        assert response.json()["detail"] == f"Fiche {CODE} non trouvée."


async def test_an_editor_gets_the_draft_not_cached(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    response = await client.get(URL, headers=auth_headers("editeur"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response.headers["cache-control"] == "private, no-store"


async def test_unknown_and_impossible_codes(client: httpx2.AsyncClient, imported: Runtime) -> None:
    assert (await client.get("/api/fiches/Z9999/pdf")).status_code == 404
    response = await client.get("/api/fiches/pas-un-code/pdf")
    assert response.status_code == 422
    assert "code ROME" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"langue": "pt"}, 422),
        ({"genre": "neutre"}, 422),
        ({"tranche_age": "30-40"}, 422),
        ({"format": "pdf"}, 422),
        ({"variante_id": "0"}, 422),
        ({"variante_id": "abc"}, 422),
        ({"langue": "de"}, 404),
        ({"variante_id": "999999"}, 404),
    ],
)
async def test_invalid_or_absent_variant_selection(
    client: httpx2.AsyncClient, imported: Runtime, params: dict[str, str], status: int
) -> None:
    _publish(imported)
    response = await client.get(URL, params=params)
    assert response.status_code == status
    assert response.json()["detail"]


async def test_a_reviewed_variant_is_public_by_id_or_criteria(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publish(imported)
    ident = _variante(imported)
    for params in (
        {"variante_id": str(ident)},
        {"langue": "en", "genre": "feminin", "tranche_age": "18+", "format": "standard"},
    ):
        response = await client.get(URL, params=params)
        assert response.status_code == 200, response.text
        assert (
            'filename="M1805_Software_developer_en_feminin_18+_standard.pdf"'
            in (response.headers["content-disposition"])
        )


async def test_an_unreviewed_variant_is_for_editors_only(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    _publish(imported)
    ident = _variante(imported, statut="genere")
    params = {"variante_id": str(ident)}
    assert (await client.get(URL, params=params)).status_code == 404
    response = await client.get(URL, params=params, headers=auth_headers("editeur"))
    assert response.status_code == 200
    assert response.headers["cache-control"] == "private, no-store"


async def test_the_route_is_documented_as_a_pdf(client: httpx2.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    operation = spec["paths"]["/api/fiches/{code_rome}/pdf"]["get"]
    assert "application/pdf" in operation["responses"]["200"]["content"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"variante_id", "langue", "genre", "tranche_age", "format"} <= names
