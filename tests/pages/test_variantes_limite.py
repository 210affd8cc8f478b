"""The write rate limit on the control centre's variants batch counts launches only: the
confirmation page (what will be generated, how many) writes nothing, so it never uses up
``RATE_LIMIT_WRITE``; launches beyond the limit are still refused."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx2
import pytest

from agents_metiers.agents.llm import Llm
from agents_metiers.config import Settings
from agents_metiers.domain.variantes import AXES
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app

from .conftest import Login
from .test_variantes_pages import _fakes

pytestmark = pytest.mark.anyio
LIMITE = 2
CODES = ("M1805", "M1802", "J1104")


@pytest.fixture
async def client(db: Runtime, anyio_backend: str) -> AsyncIterator[httpx2.AsyncClient]:
    """The pages' client on an app allowing ``LIMITE`` writes a minute (``login`` uses it),
    with an AI provider (a variants batch needs one; the jobs stay queued, never run)."""
    overrides = {"rate_limit_write": f"{LIMITE}/minute", "_env_file": None}
    settings = Settings(**{**db.settings.model_dump(), **overrides})
    llm = Llm(_fakes().variantes(), settings=settings, model_id="function")
    runtime = Runtime(settings=settings, engine=db.engine, sessions=db.sessions, llm=llm)
    app = create_app(settings, runtime=runtime)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://test") as http,
    ):
        yield http


def _lot(token: str, code: str, *, confirme: bool) -> dict[str, str | list[str]]:
    return {
        "csrf_token": token,
        "type": "variants",
        "codes": [code],
        "langues": [AXES["langue"][0]],
        "tranches": [AXES["tranche_age"][0]],
        "formats": [AXES["format_contenu"][0]],
        "genres": [AXES["genre"][0]],
        **({"confirme": "1"} if confirme else {}),
    }


async def test_confirmations_do_not_count_and_launches_beyond_the_limit_are_refused(
    imported: Runtime, client: httpx2.AsyncClient, login: Login
) -> None:
    token = await login("editeur")
    for _ in range(LIMITE * 3):
        demande = _lot(token, CODES[0], confirme=False)
        confirmation = await client.post("/actions/lots", data=demande)
        assert confirmation.status_code == 200, confirmation.status_code
        assert "confirme" in confirmation.text
    statuts = []
    for code in CODES[: LIMITE + 1]:
        launch = await client.post("/actions/lots", data=_lot(token, code, confirme=True))
        statuts.append(launch.status_code)
    assert statuts == [303] * LIMITE + [429], statuts
