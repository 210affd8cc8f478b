"""HTTP caching (issue 11 item 7): validators and 304 for the public, ``no-store`` for
everything that may carry drafts or tokens, ``Vary: Authorization, Cookie`` everywhere."""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"


@pytest.fixture
def published(imported: Runtime) -> Runtime:
    with imported.sessions() as session:
        admin = Auteur(nom="test", role=Role.ADMIN)
        transitionner(session, CODE, Action.PUBLIER, admin, motif="test", force=True)
    return imported


def _vary(response: httpx2.Response) -> set[str]:
    return {v.strip() for v in response.headers.get("vary", "").split(",")}


def _private(response: httpx2.Response) -> None:
    assert response.headers["cache-control"] == "no-store"
    assert {"Authorization", "Cookie"} <= _vary(response)
    assert "etag" not in response.headers


async def test_a_published_fiche_is_cacheable_and_revalidated(
    client: httpx2.AsyncClient, published: Runtime
) -> None:
    response = await client.get(f"/api/fiches/{CODE}")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=60"
    assert {"Authorization", "Cookie"} <= _vary(response)
    etag, modified = response.headers["etag"], response.headers["last-modified"]
    again = await client.get(f"/api/fiches/{CODE}", headers={"If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    since = await client.get(f"/api/fiches/{CODE}", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert (await client.get(f"/api/fiches/{CODE}", headers={"If-Modified-Since": old})).json()
    other = await client.get(f"/api/fiches/{CODE}", headers={"If-None-Match": '"autre"'})
    assert other.status_code == 200


async def test_the_stored_document_has_the_shape_of_the_detail(
    client: httpx2.AsyncClient, published: Runtime, auth_headers: Headers
) -> None:
    public = (await client.get(f"/api/fiches/{CODE}")).json()
    lecteur = (await client.get(f"/api/fiches/{CODE}", headers=auth_headers("lecteur"))).json()
    editor = (await client.get(f"/api/fiches/{CODE}", headers=auth_headers("editeur"))).json()
    assert public == lecteur
    assert set(public) == set(editor)
    assert public["nb_variantes"] == 0
    assert public["publication"]["brouillon_en_attente"] is None
    # Dates aside: SQLite gives the working copy naive datetimes (no "Z"), a known
    # difference of the editors' view that this change does not touch.
    other = {"publication", "date_creation", "date_maj", "validation_ia_date"}
    assert {k: v for k, v in public.items() if k not in other} == {
        k: v for k, v in editor.items() if k not in other
    }


@pytest.mark.parametrize("role", ["lecteur", "editeur"])
async def test_signed_in_reads_are_never_stored(
    client: httpx2.AsyncClient, published: Runtime, auth_headers: Headers, role: str
) -> None:
    etag = (await client.get(f"/api/fiches/{CODE}")).headers["etag"]
    headers = auth_headers(role) | {"If-None-Match": etag}
    for path in (f"/api/fiches/{CODE}", "/api/fiches", "/api/fiches?search=developpeur"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, path
        _private(response)


async def test_public_lists_and_suggestions_are_revalidated(
    client: httpx2.AsyncClient, published: Runtime
) -> None:
    for path in ("/api/fiches", "/api/fiches?search=developpeur", "/api/fiches/autocomplete?q=dev"):
        response = await client.get(path)
        assert response.headers["cache-control"] == "public, max-age=60", path
        again = await client.get(path, headers={"If-None-Match": response.headers["etag"]})
        assert again.status_code == 304, path


async def test_token_answers_and_other_routes_are_no_store(
    client: httpx2.AsyncClient, published: Runtime, user_factory: Callable[[str], tuple[str, str]]
) -> None:
    email, password = user_factory("editeur")
    login = await client.post("/api/auth/login", json={"email": email, "password": password})
    assert login.status_code == 200
    _private(login)
    _private(await client.get("/api/stats"))


async def test_the_public_fiche_page_is_revalidated_per_visitor(
    client: httpx2.AsyncClient, published: Runtime, auth_headers: Headers
) -> None:
    first = await client.get(f"/fiches/{CODE}")
    assert first.headers["cache-control"] == "private, no-cache"
    assert {"Authorization", "Cookie"} <= _vary(first)
    etag = first.headers["etag"]
    again = await client.get(f"/fiches/{CODE}", headers={"If-None-Match": etag})
    assert again.status_code == 304  # the client kept the CSRF cookie of the first answer
    client.cookies.clear()
    stranger = await client.get(f"/fiches/{CODE}", headers={"If-None-Match": etag})
    assert stranger.status_code == 200  # another visitor's page embeds another CSRF token
    token = auth_headers("editeur")["Authorization"].removeprefix("Bearer ")
    editor = await client.get(f"/fiches/{CODE}", headers={"Cookie": f"access_token={token}"})
    assert editor.headers["cache-control"] == "no-store"
    assert "etag" not in editor.headers


async def test_an_invalid_token_reads_as_a_visitor_but_is_not_cached(
    client: httpx2.AsyncClient, published: Runtime
) -> None:
    headers = {"Authorization": "Bearer pas-un-jeton"}
    for path in (f"/api/fiches/{CODE}", "/api/fiches", "/api/fiches/autocomplete?q=dev"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, path
        _private(response)
