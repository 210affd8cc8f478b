"""The real ASGI app on the test database, reached in process through httpx2.

``httpx2.ASGITransport`` sends requests only (no lifespan events), so the fixture enters the
app's lifespan itself: that is what sets ``app.state.runtime``, as a server would.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest

from agents_metiers.config import Settings
from agents_metiers.services.comptes.auth import issue_access_token
from agents_metiers.services.comptes.users import create_user
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


PASSWORD = "MotDePasse123"
"""The password of every account made by ``user_factory`` and ``auth_headers``."""

_serial = itertools.count(1)


@pytest.fixture
def user_factory(db: Runtime) -> Callable[[str], tuple[str, str]]:
    """Create an active account with the given role; returns ``(email, password)``."""

    def make(role: str) -> tuple[str, str]:
        email = f"{role}{next(_serial)}@exemple.fr"
        create_user(db.sessions, email=email, password=PASSWORD, role=role, name=None)
        return email, PASSWORD

    return make


@pytest.fixture
def auth_headers(db: Runtime) -> Callable[[str], dict[str, str]]:
    """``{"Authorization": "Bearer …"}`` for a fresh active account with the given role."""

    def headers(role: str) -> dict[str, str]:
        email = f"{role}{next(_serial)}@exemple.fr"
        user = create_user(db.sessions, email=email, password=PASSWORD, role=role, name=None)
        return {"Authorization": f"Bearer {issue_access_token(user, db.settings)}"}

    return headers


ClientFactory = Callable[..., AbstractAsyncContextManager[httpx2.AsyncClient]]


@pytest.fixture
def client_with(db: Runtime, anyio_backend: str) -> ClientFactory:
    """Open a client on an app whose settings override those of ``db`` (``client_with(**kw)``)."""

    @asynccontextmanager
    async def open_client(**overrides: Any) -> AsyncIterator[httpx2.AsyncClient]:
        settings = Settings(**{**db.settings.model_dump(), **overrides, "_env_file": None})
        runtime = Runtime(settings=settings, engine=db.engine, sessions=db.sessions)
        app = create_app(settings, runtime=runtime)
        transport = httpx2.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx2.AsyncClient(transport=transport, base_url="http://test") as http,
        ):
            yield http

    return open_client
