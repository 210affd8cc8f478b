"""The PDF route under load: disk cache, ETag / Last-Modified / 304, anonymous rate limit,
bounded rendering pool (issue 11, item 4) — real app, both databases."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from tests.web.conftest import ClientFactory

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.rendering import pdf as rendering
from agents_metiers.rendering.pdf_atelier import AtelierPdf, AtelierSatureError
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.runtime import Runtime
from agents_metiers.storage.tables import FicheRow
from agents_metiers.web.api import pdf as route

pytestmark = pytest.mark.anyio

CODE = "M1805"
URL = f"/api/fiches/{CODE}/pdf"
ADMIN = Auteur(nom="test", role=Role.ADMIN)


def _publish(runtime: Runtime, description: str | None = None) -> None:
    with runtime.sessions() as session:
        if description is not None:
            row = session.query(FicheRow).filter_by(code_rome=CODE).one()
            row.description = description
            row.version += 1
            session.commit()
        transitionner(session, CODE, Action.PUBLIER, ADMIN, motif="test", force=True)


@pytest.fixture
def rendus(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Counts the renderings the route asks for (the real renderer still runs)."""
    appels: list[str] = []

    def compter(runtime: Runtime, code: str, **kw: Any) -> Any:
        appels.append(code)
        return rendering.rendre_pdf(runtime, code, **kw)

    monkeypatch.setattr(route, "rendre_pdf", compter)
    return appels


def _fichiers(runtime: Runtime) -> list[str]:
    dossier = runtime.settings.data_dir / "cache" / "pdf" / CODE
    return sorted(p.name for p in dossier.glob("*.pdf"))


async def test_a_public_pdf_is_rendered_once_then_served_from_the_cache(
    client: httpx2.AsyncClient, imported: Runtime, rendus: list[str]
) -> None:
    _publish(imported)
    first = await client.get(URL)
    second = await client.get(URL)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and first.content.startswith(b"%PDF-")
    assert rendus == [CODE]
    assert second.headers["content-disposition"] == first.headers["content-disposition"]
    assert second.headers["etag"] == first.headers["etag"]
    assert len(_fichiers(imported)) == 1


async def test_a_new_publication_gives_a_new_document_and_cleans_the_old_one(
    client: httpx2.AsyncClient, imported: Runtime, rendus: list[str]
) -> None:
    _publish(imported)
    before = await client.get(URL)
    [ancien] = _fichiers(imported)
    _publish(imported, description="Une description toute neuve.")
    after = await client.get(URL)
    assert after.status_code == 200 and rendus == [CODE, CODE]
    assert after.headers["etag"] != before.headers["etag"]
    assert ancien not in _fichiers(imported) and len(_fichiers(imported)) == 1


async def test_a_full_cache_evicts_old_documents_and_still_serves_the_new_one(
    client_with: ClientFactory, imported: Runtime, rendus: list[str]
) -> None:
    """``PDF_CACHE_MAX_MB``: documents cached long ago make room for the one just rendered."""
    _publish(imported)
    racine = imported.settings.data_dir / "cache" / "pdf"
    anciens = []
    for rang, code in enumerate(("M1801", "M1802", "M1803")):
        ancien = racine / code / "v1_ancien.pdf"
        ancien.parent.mkdir(parents=True)
        ancien.write_bytes(b"%PDF-" + b"x" * 400_000)
        os.utime(ancien, (1_000_000 + rang, 1_000_000 + rang))
        anciens.append(ancien)
    async with client_with(pdf_cache_max_mb=1) as http:
        first = await http.get(URL)
        second = await http.get(URL)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and first.content.startswith(b"%PDF-")
    assert rendus == [CODE]  # the second answer came from the cache
    assert len(_fichiers(imported)) == 1
    taille = sum(f.stat().st_size for f in racine.glob("*/*") if f.is_file())
    assert taille <= 1024 * 1024
    assert not anciens[0].exists()  # the least recently used went first
    assert anciens[2].exists()  # and no more than needed


async def test_revalidation_answers_304_without_rendering(
    client: httpx2.AsyncClient, imported: Runtime, rendus: list[str]
) -> None:
    _publish(imported)
    first = await client.get(URL)
    etag, modifie = first.headers["etag"], first.headers["last-modified"]
    assert modifie.endswith(" GMT")
    same = await client.get(URL, headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b"" and same.headers["etag"] == etag
    since = await client.get(URL, headers={"If-Modified-Since": modifie})
    assert since.status_code == 304
    other = await client.get(URL, headers={"If-None-Match": '"autre"'})
    assert other.status_code == 200
    assert rendus == [CODE]


async def test_drafts_for_editors_are_neither_cached_nor_validated(
    client: httpx2.AsyncClient, imported: Runtime, auth_headers: Callable[[str], dict[str, str]]
) -> None:
    response = await client.get(URL, headers=auth_headers("editeur"))
    assert response.status_code == 200
    assert "etag" not in response.headers
    assert response.headers["cache-control"] == "private, no-store"
    assert _fichiers(imported) == []


async def test_anonymous_renderings_are_rate_limited_not_cache_hits(
    client_with: ClientFactory, imported: Runtime
) -> None:
    _publish(imported)
    async with client_with(rate_limit_pdf_anonymous="1/minute") as http:
        assert all([(await http.get(URL)).status_code == 200 for _ in range(3)])
    async with client_with(rate_limit_pdf_anonymous="1/minute", pdf_cache=False) as http:
        assert (await http.get(URL)).status_code == 200
        refused = await http.get(URL)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Trop de PDF demandés en peu de temps.")
    assert int(refused.headers["retry-after"]) >= 1


async def test_a_flood_beyond_the_pool_and_its_queue_is_a_503_with_retry_after(
    client_with: ClientFactory, imported: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    _publish(imported)
    debut, fin = threading.Event(), threading.Event()

    def lent(runtime: Runtime, code: str, **kw: Any) -> Any:
        debut.set()
        fin.wait(30)
        return rendering.rendre_pdf(runtime, code, **kw)

    monkeypatch.setattr(route, "rendre_pdf", lent)
    reglages = {"pdf_workers": 1, "pdf_queue_max": 0, "pdf_cache": False, "pdf_warmup": False}
    async with client_with(**reglages) as http:
        premiere = asyncio.create_task(http.get(URL))
        await asyncio.to_thread(debut.wait, 30)
        refusee = await http.get(URL)
        fin.set()
        assert (await premiere).status_code == 200
    assert refusee.status_code == 503
    assert "Trop de PDF sont en cours de préparation" in refusee.json()["detail"]
    assert refusee.headers["retry-after"] == "5"


def test_the_pool_bounds_running_and_waiting_renderings_and_warms_up() -> None:
    atelier = AtelierPdf(workers=1, file_max=1)
    libre = threading.Event()
    try:
        assert atelier.prechauffer(rendering.pdf_de_html).result(60).startswith(b"%PDF-")
        occupe = atelier.soumettre(lambda: libre.wait(30))
        en_attente = atelier.soumettre(lambda: "suivant")
        with pytest.raises(AtelierSatureError):
            atelier.soumettre(lambda: "de trop")
        libre.set()
        assert occupe.result(30) is True and en_attente.result(30) == "suivant"
        assert atelier.soumettre(lambda: "de nouveau").result(30) == "de nouveau"
    finally:
        libre.set()
        atelier.fermer()
