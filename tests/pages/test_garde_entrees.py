"""The input guard (web/garde.py): NUL and control characters refused in every carrier,
on the API (JSON answer) and on pages (HTML error page), on both databases."""

from __future__ import annotations

import httpx2
import pytest
from tests.pages.conftest import PASSWORD, Login

from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.fiches.lecture import get_row
from agents_metiers.services.runtime import Runtime

CODE = "M1805"


def _description(runtime: Runtime) -> str | None:
    with runtime.sessions() as session:
        return get_row(session, CODE).description


def _bearer(runtime: Runtime) -> dict[str, str]:
    user = create_user(
        runtime.sessions, email="garde@exemple.fr", password=PASSWORD, role="editeur", name=None
    )
    return {"Authorization": f"Bearer {issue_access_token(user, runtime.settings)}"}


async def test_a_nul_in_an_urlencoded_page_form_is_a_422_page_and_nothing_is_stored(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    """The probe's case: ``%00`` in a form was a 500 on PostgreSQL and stored on SQLite."""
    token = await login("editeur")  # type: ignore[operator]
    avant = _description(imported)
    body = f"csrf_token={token}&version=1&description=Avant%00apres"
    response = await client.post(
        f"/fiches/{CODE}/modifier",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "caractère de contrôle (U+0000)" in response.text
    assert _description(imported) == avant


async def test_a_control_character_in_a_multipart_text_field_is_refused(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    avant = _description(imported)
    response = await client.post(
        f"/fiches/{CODE}/modifier",
        data={"csrf_token": token, "version": "1", "description": "Bip\x07"},
        files={"piece": ("note.bin", b"\x00\x01 binary is fine", "application/octet-stream")},
    )
    assert response.status_code == 422
    assert "U+0007" in response.text
    assert _description(imported) == avant


async def test_tabs_and_newlines_in_a_form_text_are_accepted(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")  # type: ignore[operator]
    data = {"csrf_token": token, "version": "1", "description": "Ligne 1\r\n\tLigne 2"}
    response = await client.post(f"/fiches/{CODE}/modifier", data=data)
    assert response.status_code == 303
    assert "Ligne 2" in (_description(imported) or "")


@pytest.mark.parametrize("valeur", ["\x00", "\x1b[31m", "\x7f", "\x85"])
async def test_json_bodies_with_a_control_character_are_refused(
    imported: Runtime, client: httpx2.AsyncClient, valeur: str
) -> None:
    headers = _bearer(imported)
    avant = _description(imported)
    response = await client.patch(
        f"/api/fiches/{CODE}", headers=headers, json={"description": f"Texte {valeur} piégé"}
    )
    assert response.status_code == 422
    assert "caractère de contrôle" in response.json()["detail"]
    assert _description(imported) == avant


async def test_a_control_character_in_a_nested_json_key_is_refused(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.patch(
        f"/api/fiches/{CODE}",
        headers=_bearer(imported),
        json={"salaires": {"junior\x00": {"min": 1}}},
    )
    assert response.status_code == 422
    assert "U+0000" in response.json()["detail"]


async def test_an_escaped_backslash_before_u0000_text_is_not_a_control_character(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    response = await client.patch(
        f"/api/fiches/{CODE}",
        headers={**_bearer(imported), "Content-Type": "application/json"},
        content=b'{"description": "Chemin C:\\\\u0000 litteral"}',
    )
    assert response.status_code == 200, response.text
    assert _description(imported) == "Chemin C:\\u0000 litteral"


async def test_query_strings_and_paths_are_guarded_on_api_and_pages(
    imported: Runtime, client: httpx2.AsyncClient
) -> None:
    api = await client.get("/api/fiches?q=%00infirmier")
    assert api.status_code == 422 and "U+0000" in api.json()["detail"]
    page = await client.get("/fiches?q=d%C3%A9v%1B")
    assert page.status_code == 422 and "U+001B" in page.text
    assert page.headers["content-type"].startswith("text/html")
    chemin = await client.get("/api/fiches/M18%0A05")
    assert chemin.status_code == 422 and "U+000A" in chemin.json()["detail"]
    assert (await client.get("/api/fiches?q=d%C3%A9veloppeur")).status_code == 200
