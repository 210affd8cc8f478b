"""Concurrent writes of one fiche through the real app (issue 11, item 2).

The requests are sent at once with ``asyncio.gather``; the app runs its synchronous routes in
worker threads (anyio's pool), so the writes really overlap, on SQLite (a file) and on
PostgreSQL. Whatever the interleaving: no 5xx, a lost race is a 409 with a sentence, and the
revision numbers stay contiguous (1…version).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import httpx2
import pytest
from sqlalchemy import select

from agents_metiers.config import Settings
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow, RevisionRow
from agents_metiers.web.app import create_app

pytestmark = pytest.mark.anyio

Headers = Callable[[str], dict[str, str]]
CODE = "M1805"
N = 50


@pytest.fixture
async def http(imported: Runtime, anyio_backend: str) -> AsyncIterator[httpx2.AsyncClient]:
    """The app with a write rate limit above the burst; app errors come back as 500s (not
    raised in the test), so that they are counted."""
    settings = Settings(
        **{**imported.settings.model_dump(), "rate_limit_write": "100000/minute"},
        _env_file=None,
    )
    runtime = Runtime(settings=settings, engine=imported.engine, sessions=imported.sessions)
    app = create_app(settings, runtime=runtime)
    transport = httpx2.ASGITransport(app=app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="http://test", timeout=120) as client,
    ):
        yield client


def _revisions(runtime: Runtime) -> tuple[list[int], int]:
    with runtime.sessions() as session:
        numeros = list(
            session.scalars(
                select(RevisionRow.numero)
                .where(RevisionRow.code_rome == CODE)
                .order_by(RevisionRow.numero)
            )
        )
        version = session.scalars(select(FicheRow.version).where(FicheRow.code_rome == CODE))
        return numeros, version.one()


def _assert_contiguous(runtime: Runtime) -> int:
    numeros, version = _revisions(runtime)
    assert numeros == list(range(1, version + 1))
    return version


def _patch(
    client: httpx2.AsyncClient, headers: dict[str, str], i: int, version: int | None
) -> asyncio.Future[httpx2.Response]:
    body: dict[str, object] = {"description": f"Texte concurrent n° {i}."}
    if version is not None:
        body["version"] = version
    return asyncio.ensure_future(client.patch(f"/api/fiches/{CODE}", headers=headers, json=body))


async def test_concurrent_patches_with_one_version_one_wins_the_others_get_409(
    http: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    version = (await http.get(f"/api/fiches/{CODE}", headers=editor)).json()["version"]
    responses = await asyncio.gather(*(_patch(http, editor, i, version) for i in range(N)))
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 1, 409: N - 1}, statuses
    refused = next(r for r in responses if r.status_code == 409)
    assert "modifiée" in refused.json()["detail"]
    assert _assert_contiguous(imported) == version + 1


async def test_concurrent_patches_without_version_are_serialized(
    http: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor = auth_headers("editeur")
    version = (await http.get(f"/api/fiches/{CODE}", headers=editor)).json()["version"]
    responses = await asyncio.gather(*(_patch(http, editor, i, None) for i in range(N)))
    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 409}, [r.text for r in responses if r.status_code >= 500]
    # Each accepted PATCH wrote a different text: one revision each, numbered without gaps.
    assert _assert_contiguous(imported) == version + statuses[200]


async def test_publish_and_unpublish_racing_with_patches_never_answer_5xx(
    http: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    editor, reviewer, admin = (
        auth_headers("editeur"),
        auth_headers("relecteur"),
        auth_headers("admin"),
    )
    forced = {"force": True, "motif": "Mise en ligne initiale"}
    published = await http.post(f"/api/fiches/{CODE}/publish", headers=admin, json=forced)
    assert published.status_code == 200, published.text
    requests = []
    for i in range(N):
        if i % 3 == 0:
            requests.append(_patch(http, editor, i, None))
        else:
            action = "publish" if i % 3 == 1 else "unpublish"
            requests.append(
                asyncio.ensure_future(http.post(f"/api/fiches/{CODE}/{action}", headers=reviewer))
            )
    responses = await asyncio.gather(*requests)
    statuses = Counter(r.status_code for r in responses)
    assert set(statuses) <= {200, 409}, [r.text for r in responses if r.status_code >= 500]
    assert statuses[200] >= 1
    _assert_contiguous(imported)


async def test_a_revision_number_already_taken_is_a_409_and_nothing_is_written(
    http: httpx2.AsyncClient, imported: Runtime, auth_headers: Headers
) -> None:
    """The database's last line of defence (unique revision number) answers 409, not 500."""
    _, version = _revisions(imported)
    with imported.sessions() as session:
        session.add(
            RevisionRow(
                code_rome=CODE,
                numero=version + 1,
                statut="brouillon",
                contenu={},
                auteur="autre écrivain",
                created_at=datetime.now(UTC),
            )
        )
        session.commit()
    editor = auth_headers("editeur")
    response = await http.patch(
        f"/api/fiches/{CODE}", headers=editor, json={"description": "Texte perdu ?"}
    )
    assert response.status_code == 409, response.text
    assert "au même moment" in response.json()["detail"]
    fiche = (await http.get(f"/api/fiches/{CODE}", headers=editor)).json()
    assert fiche["version"] == version
    assert fiche["description"] != "Texte perdu ?"
