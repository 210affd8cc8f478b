"""The real app and database for page tests, reached in process through httpx2.

Same plumbing as ``tests/web/conftest.py`` (fixtures there are not visible here): the app's
lifespan is entered, accounts are made with the services, cookies come from the login form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx2
import pytest

from agents_metiers.domain.users import Role
from agents_metiers.domain.workflow import Action
from agents_metiers.services.comptes.acteurs import Auteur
from agents_metiers.services.comptes.users import create_user
from agents_metiers.services.fiches.workflow import transitionner
from agents_metiers.services.rome_import import ImportOptions, import_rome
from agents_metiers.services.runtime import Runtime
from agents_metiers.web.app import create_app

PASSWORD = "MotDePasse123"
_serial = itertools.count(1)
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def imported(db: Runtime, rome_mini: Path) -> Runtime:
    import_rome(
        db.sessions, ImportOptions(source=str(rome_mini), download_dir=db.settings.download_dir)
    )
    return db


@pytest.fixture
async def client(db: Runtime, anyio_backend: str) -> AsyncIterator[httpx2.AsyncClient]:
    app = create_app(db.settings, runtime=db)
    transport = httpx2.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx2.AsyncClient(transport=transport, base_url="http://test") as http,
    ):
        yield http


def csrf_of(html: str) -> str:
    found = CSRF_RE.search(html)
    assert found, "no csrf_token field in the page"
    return found.group(1)


Login = Callable[[str], Awaitable[str]]


@pytest.fixture
def login(db: Runtime, client: httpx2.AsyncClient) -> Login:
    """Sign ``client`` in through the login form with a fresh account of ``role``;
    returns the CSRF token to post forms with."""

    async def sign_in(role: str) -> str:
        email = f"{role}{next(_serial)}@exemple.fr"
        create_user(db.sessions, email=email, password=PASSWORD, role=role, name=f"{role} test")
        form = await client.get("/login")
        token = csrf_of(form.text)
        response = await client.post(
            "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 303, response.text
        return token

    return sign_in


ADMIN = Auteur(nom="admin-tests", user_id=None, role=Role.ADMIN)


def publier(runtime: Runtime, code: str) -> None:
    """Take ``code`` from brouillon to publiee with the workflow service."""
    with runtime.sessions() as session:
        for action in (Action.SOUMETTRE, Action.VALIDER, Action.PUBLIER):
            transitionner(session, code, action, ADMIN)


@pytest.fixture
def published(imported: Runtime) -> Runtime:
    """The mini ROME with M1805, M1802 and M1810 published (the career map's targets)."""
    for code in ("M1805", "M1802", "M1810"):
        publier(imported, code)
    return imported
