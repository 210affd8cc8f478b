"""The public read model (issue 11): nothing of a draft reaches the public.

A published fiche gets a word that exists only in its new draft; every public read (search,
autocomplete, list, detail, the /fiches page, the index page, the fiche page) is asked for
it as an anonymous visitor and as a ``lecteur``, while an editor finds it.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx2
import pytest
from sqlalchemy import func, select

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage import publique
from agents_metiers.storage.tables import FichePubliqueRow, PubliqueItemRow

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"
SECRET = "zorglubisme"
ADMIN = Auteur(nom="test", role=Role.ADMIN)


def _publier(runtime: Runtime, code: str = CODE, action: Action = Action.PUBLIER) -> None:
    with runtime.sessions() as session:
        transitionner(session, code, action, ADMIN, motif="test", force=action is Action.PUBLIER)


async def _brouillon_secret(client: httpx2.AsyncClient, editor: dict[str, str]) -> None:
    """Give the published fiche a draft holding ``SECRET`` in its name and description."""
    body = {
        "nom_masculin": f"Développeur {SECRET}",
        "description_courte": f"Un métier {SECRET} en préparation.",
        "secteurs_activite": [f"Secteur {SECRET}"],
    }
    response = await client.patch(f"/api/fiches/{CODE}", headers=editor, json=body)
    assert response.status_code == 200, response.text


PUBLIC_READS = (
    f"/api/fiches?search={SECRET}",
    f"/api/fiches?search={SECRET[:-1]}x",  # one typo: no correction towards a draft's word
    f"/api/fiches/autocomplete?q={SECRET[:5]}",
    "/api/fiches",
    f"/api/fiches/{CODE}",
    "/fiches",
    "/",
    f"/fiches/{CODE}",
)


def as_cookie(headers: dict[str, str]) -> dict[str, str]:
    """The bearer token of ``headers`` as the session cookie (pages are cookie-only)."""
    token = headers["Authorization"].removeprefix("Bearer ")
    return {"Cookie": f"access_token={token}"}


@pytest.fixture
async def draft_of_published(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> dict[str, str]:
    _publier(imported)
    editor = auth_headers("editeur")
    await _brouillon_secret(client, editor)
    return editor


@pytest.mark.parametrize("role", [None, "lecteur"])
async def test_no_public_read_shows_a_word_of_the_draft(
    client: httpx2.AsyncClient,
    draft_of_published: dict[str, str],
    auth_headers: Headers,
    role: str | None,
) -> None:
    headers = auth_headers(role) if role else {}
    for path in PUBLIC_READS:
        api = path.startswith("/api/")
        response = await client.get(
            path, headers=headers if api or not role else as_cookie(headers)
        )
        assert response.status_code == 200, (path, response.text)
        assert SECRET not in response.text.lower(), path
    found = (await client.get(f"/api/fiches?search={SECRET}", headers=headers)).json()
    assert found["total"] == 0
    cookie = as_cookie(headers) if role else {}
    page = await client.get(f"/fiches?q={SECRET}", headers=cookie)  # echoes the query
    assert f'href="/fiches/{CODE}"' not in page.text
    assert f'href="/fiches/{CODE}"' in (await client.get("/fiches?q=developpeur")).text
    published = (await client.get("/api/fiches?search=developpeur", headers=headers)).json()
    assert [r["code_rome"] for r in published["results"]] == [CODE]


async def test_an_editor_finds_the_draft(
    client: httpx2.AsyncClient, draft_of_published: dict[str, str]
) -> None:
    editor = draft_of_published
    found = (await client.get(f"/api/fiches?search={SECRET}", headers=editor)).json()
    assert [r["code_rome"] for r in found["results"]] == [CODE]
    suggestions = await client.get(f"/api/fiches/autocomplete?q={SECRET[:5]}", headers=editor)
    assert [s["code_rome"] for s in suggestions.json()] == [CODE]
    detail = (await client.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert SECRET in detail["nom_masculin"]
    page = await client.get(f"/fiches?q={SECRET}", headers=as_cookie(editor))
    assert f'href="/fiches/{CODE}"' in page.text
    fiche_page = await client.get(f"/fiches/{CODE}", headers=as_cookie(editor))
    assert SECRET in fiche_page.text.lower()


async def test_republishing_brings_the_draft_to_the_public(
    client: httpx2.AsyncClient, draft_of_published: dict[str, str], imported: Runtime
) -> None:
    before = (await client.get(f"/api/fiches/{CODE}")).headers["etag"]
    _publier(imported)
    found = (await client.get(f"/api/fiches?search={SECRET}")).json()
    assert [r["code_rome"] for r in found["results"]] == [CODE]
    response = await client.get(f"/api/fiches/{CODE}")
    assert SECRET in response.json()["nom_masculin"]
    assert response.headers["etag"] != before
    with imported.sessions() as session:
        secteurs = publique.items_of(session=session, codes=[CODE], kind="secteur")[CODE]
    assert [s.libelle for s in secteurs] == [f"Secteur {SECRET}"]


async def test_unpublishing_and_deleting_empty_the_public_side(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    _publier(imported)
    _publier(imported, "J1506")
    assert (await client.get("/api/fiches")).json()["total"] == 2
    _publier(imported, action=Action.DEPUBLIER)
    assert (await client.get(f"/api/fiches/{CODE}")).status_code == 404
    assert (await client.get("/api/fiches?search=developpeur")).json()["total"] == 0
    assert (await client.get("/api/fiches/autocomplete?q=develop")).json() == []
    response = await client.delete("/api/fiches/J1506?motif=test", headers=auth_headers("admin"))
    assert response.status_code == 200, response.text
    assert (await client.get("/api/fiches")).json() == {
        "total": 0,
        "limit": 50,
        "offset": 0,
        "results": [],
    }
    assert (await client.get("/api/fiches?search=infirmier")).json()["total"] == 0
    with imported.sessions() as session:
        assert session.scalar(select(func.count()).select_from(FichePubliqueRow)) == 0
        assert session.scalar(select(func.count()).select_from(PubliqueItemRow)) == 0


async def test_the_read_model_holds_the_published_facets(
    client: httpx2.AsyncClient, imported: Runtime
) -> None:
    _publier(imported)
    detail = (await client.get(f"/api/fiches/{CODE}")).json()
    with imported.sessions() as session:
        row = session.get(FichePubliqueRow, CODE)
        assert row is not None
        savoir_faire = publique.items_of(session=session, codes=[CODE], kind="savoir_faire")
        appellations = publique.appellations_of(session=session, code_rome=CODE)
        first = savoir_faire[CODE][0]
        holders = publique.codes_with_item(session=session, kind="savoir_faire", code=first.code)
    domaine = detail["domaine_professionnel"]
    assert (row.code_domaine, row.domaine) == (domaine["code_domaine"], domaine["domaine"])
    assert (row.code_grand_domaine, row.grand_domaine) == (
        domaine["code_grand_domaine"],
        domaine["grand_domaine"],
    )
    assert row.riasec_majeur == detail["riasec_rome"]["majeur"]
    assert row.emploi_cadre is bool(detail["tags"]["emploi_cadre"])
    assert [a.libelle for a in appellations] == [a["libelle"] for a in detail["appellations"]]
    assert [i.code for i in savoir_faire[CODE]] == [
        c["code_ogr"] for c in detail["competences_detail"]
    ]
    assert holders == [CODE]
