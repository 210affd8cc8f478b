"""The real ASGI app on the test database, reached in process through httpx2.

``httpx2.ASGITransport`` sends requests only (no lifespan events), so the fixture enters the
app's lifespan itself: that is what sets ``app.state.runtime``, as a server would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest

from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def client(db: Runtime, anyio_backend: str) -> AsyncIterator[httpx2.AsyncClient]:
    app = create_app(db.settings, runtime=db)
    transport = httpx2.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        yield http


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    """The database of ``db`` with the mini export imported."""
    options = ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    import_rome(db.sessions, options)
    return db
