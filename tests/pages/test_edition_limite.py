"""The write rate limit on the edit form counts saves only: the list buttons (add, remove,
move an item) redraw the form and write nothing, so an editor reworking a long list is never
locked out before saving; saves beyond ``RATE_LIMIT_WRITE`` are still refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html import unescape

import httpx2
import pytest

from agents_metiers.config import Settings
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app

from .test_edition_complete import URL, Login, _envoyer, _fiche, _formulaire, _ouvrir

pytestmark = pytest.mark.anyio
LIMITE = 2


@pytest.fixture
async def client(db: Runtime, anyio_backend: str) -> AsyncIterator[httpx2.AsyncClient]:
    """The pages' client on an app allowing ``LIMITE`` writes a minute (``login`` uses it)."""
    overrides = {"rate_limit_write": f"{LIMITE}/minute", "_env_file": None}
    settings = Settings(**{**db.settings.model_dump(), **overrides})
    runtime = Runtime(settings=settings, engine=db.engine, sessions=db.sessions)
    app = create_app(settings, runtime=runtime)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield http


async def test_list_buttons_do_not_count_as_writes_and_the_save_still_succeeds(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    form = await _ouvrir(client)
    for _ in range(LIMITE * 3):
        page = await _envoyer(client, form, "ajouter:formations")
        assert page.status_code == 200, page.status_code
        form = _formulaire(page.text)
        form["formations"][-1] = f"Formation {len(form['formations'])}"
    page = await _envoyer(client, form, "supprimer:formations:0")
    page = await _envoyer(client, _formulaire(page.text), "descendre:formations:0")
    assert page.status_code == 200
    saved = await _envoyer(client, _formulaire(page.text))
    assert saved.status_code == 303, unescape(saved.text)[-500:]
    assert _fiche(imported).version == 2


async def test_saves_beyond_the_limit_are_still_refused(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    await login("editeur")  # type: ignore[operator]
    statuts = []
    for i in range(LIMITE + 1):
        form = await _ouvrir(client)
        form["description"] = [f"Description numéro {i}."]
        statuts.append((await _envoyer(client, form)).status_code)
    assert statuts == [303] * LIMITE + [429]
    assert _fiche(imported).version == 1 + LIMITE
    # A list button is still answered while saves are refused: nothing is written.
    page = await client.post(URL, data={**form, "action": "ajouter:formations"})
    assert page.status_code == 200
